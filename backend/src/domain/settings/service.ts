/**
 * Settings changed at run time (stored in `settings`), over the configuration's
 * defaults. Today: the price table (size key → price), which starts as PRICE_TABLE or
 * the built-in table and is replaced from the dashboard.
 */
import { z } from 'zod';
import { ValidationError } from '../../core/errors.js';
import type { Db } from '../../db/connection.js';
import { getSetting, putSetting } from './repository.js';

const PRICE_TABLE_KEY = 'price_table';
export type Prices = Record<string, number>;

const pricesSchema = z.record(z.string().regex(/^\d+x\d+$/, 'a size key is WIDTHxHEIGHT in inches, e.g. 12x18'), z.number().positive().max(100_000));

export class SettingsService {
  constructor(
    private readonly db: Db,
    /** The table from the configuration (PRICE_TABLE over the built-in one). */
    private readonly defaultPrices: Prices,
  ) {}

  /** The prices in force: the stored table when one was saved, else the configured one. */
  async prices(): Promise<Prices> {
    const stored = pricesSchema.safeParse(await getSetting(this.db, PRICE_TABLE_KEY));
    return stored.success ? { ...this.defaultPrices, ...stored.data } : { ...this.defaultPrices };
  }

  async setPrices(prices: unknown): Promise<Prices> {
    const parsed = pricesSchema.safeParse(prices);
    if (!parsed.success) throw new ValidationError(`price table: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    await putSetting(this.db, PRICE_TABLE_KEY, parsed.data);
    return this.prices();
  }
}
