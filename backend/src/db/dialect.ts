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

/**
 * A timestamp column cut to its UTC minute (`YYYY-MM-DDTHH:MM`) or day (`YYYY-MM-DD`),
 * as text: the group key of per-minute and per-day read models. SQLite stores ISO-8601
 * UTC strings, so a prefix is the truncation; PostgreSQL formats its timestamptz in UTC.
 */
export function utcTruncated(db: Kysely<any>, column: string, unit: 'minute' | 'day'): RawBuilder<string> {
  if (dialectName(db) === 'postgres') {
    const format = unit === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM-DD"T"HH24:MI';
    return sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', ${sql.lit(format)})`;
  }
  return sql<string>`substr(${sql.ref(column)}, 1, ${sql.lit(unit === 'day' ? 10 : 16)})`;
}
