/** Whole numbers in the reader's locale: 1234 → "1,234". */
const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
export const formatCount = (n: number): string => integer.format(n);

/** "1 job" / "3 jobs" (the number formatted). */
export const plural = (n: number, one: string, many: string = `${one}s`): string => `${formatCount(n)} ${n === 1 ? one : many}`;

/** "08:45" in the reader's time zone. */
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
export const formatClock = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : clock.format(d);
};
