/** Numbers and names on the file page, as people read them. */

/** US dollars: cents as cents ($1.25); below a cent, two significant digits ($0.0011). */
export function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value === 0) return '$0.00';
  const digits = Math.abs(value) >= 0.01 ? 2 : Math.min(6, 1 - Math.floor(Math.log10(Math.abs(value))));
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** A price of the shop's price table (its currency is the shop's): 45 → "45.00". */
export function formatPrice(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

const SERVICES: Record<string, string> = { google_drive: 'Google Drive', replicate: 'Replicate', shopify: 'Shopify' };

/** google_drive → "Google Drive". */
export function serviceName(service: string): string {
  if (SERVICES[service]) return SERVICES[service];
  const words = service.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const formatCount = (n: number) => new Intl.NumberFormat().format(n);
