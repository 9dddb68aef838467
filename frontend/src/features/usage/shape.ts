/**
 * The API's rows (one per service per UTC day that had calls) shaped for the charts and
 * tables: every day of the range (days without calls filled with zeros) × every
 * service (the known three in their order, then others), in day order. Nothing is
 * estimated: each value is the API's, or a sum of the API's values.
 */
import { orderServices } from './services';
import { daysOf } from './range';

export interface UsageDayRow {
  day: string;
  service: string;
  calls: number;
  errors: number;
  costUsd: number | null;
  lowestRateLimitRemaining: number | null;
}

export interface ServiceSeries {
  service: string;
  /** One value per day of `days`. */
  calls: number[];
  errors: number[];
  /** null: no call of that day had a cost (or there was no call). */
  cost: (number | null)[];
  /** The lowest rate-limit headroom reported that day; null: none reported. */
  headroom: (number | null)[];
}

export interface ShapedUsage {
  /** Every UTC day of the range, oldest first. */
  days: string[];
  services: string[];
  series: ServiceSeries[];
  /** Per day, over every service. */
  dayCalls: number[];
  dayErrors: number[];
  dayCost: (number | null)[];
}

const addNullable = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);

export function shapeUsage(rows: readonly UsageDayRow[], fromDay: string, toDay: string): ShapedUsage {
  const days = daysOf(fromDay, toDay);
  const index = new Map(days.map((d, i) => [d, i]));
  const services = orderServices(rows.map((r) => r.service));
  const series: ServiceSeries[] = services.map((service) => ({
    service,
    calls: days.map(() => 0),
    errors: days.map(() => 0),
    cost: days.map(() => null),
    headroom: days.map(() => null),
  }));
  const byService = new Map(series.map((s) => [s.service, s]));
  const dayCalls = days.map(() => 0);
  const dayErrors = days.map(() => 0);
  const dayCost: (number | null)[] = days.map(() => null);
  for (const r of rows) {
    const i = index.get(r.day);
    const s = byService.get(r.service);
    if (i === undefined || !s) continue;
    // One row per service per day from the API; added up all the same should a day repeat.
    s.calls[i] += r.calls;
    s.errors[i] += r.errors;
    s.cost[i] = addNullable(s.cost[i], r.costUsd);
    const had = s.headroom[i];
    const seen = r.lowestRateLimitRemaining;
    s.headroom[i] = had === null ? seen : seen === null ? had : Math.min(had, seen);
    dayCalls[i] += r.calls;
    dayErrors[i] += r.errors;
    dayCost[i] = addNullable(dayCost[i], r.costUsd);
  }
  return { days, services, series, dayCalls, dayErrors, dayCost };
}

/** The services that reported `field` on some day of the range (the cost and headroom columns). */
export function servicesWith(shaped: ShapedUsage, field: 'cost' | 'headroom'): ServiceSeries[] {
  return shaped.series.filter((s) => s[field].some((v) => v !== null));
}
