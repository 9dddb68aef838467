/**
 * Every difference between SQLite and PostgreSQL lives here, as column types and
 * tiny helpers; repositories and migrations never test the dialect themselves.
 */
import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely, type RawBuilder } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

export interface DialectTypes {
  /** ISO-8601 timestamp column. */
  timestamp: RawBuilder<unknown>;
  /** Binary column (thumbnails). */
  blob: RawBuilder<unknown>;
  /** Floating-point column. */
  double: RawBuilder<unknown>;
  /** Integer primary key the database numbers itself. */
  autoId: RawBuilder<unknown>;
  autoIdColumn: (col: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
}

export function dialectTypes(name: DialectName): DialectTypes {
  if (name === 'postgres') {
    return {
      timestamp: sql`timestamptz`,
      blob: sql`bytea`,
      double: sql`double precision`,
      autoId: sql`bigint`,
      autoIdColumn: (col) => col.primaryKey().generatedAlwaysAsIdentity(),
    };
  }
  return {
    timestamp: sql`text`,
    blob: sql`blob`,
    double: sql`real`,
    autoId: sql`integer`,
    autoIdColumn: (col) => col.primaryKey().autoIncrement(),
  };
}

/** The dialect of a Kysely instance or transaction, read from its adapter. */
export function dialectName(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
