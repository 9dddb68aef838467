/** Numbers of the review desk in words: sizes, prices, DPI, spend. */

/** "12x9" → "12 × 9 in". */
export const sizeLabel = (label: string): string => `${label.replace(/x/i, ' × ')} in`;

/** A price from the shop's price table (its currency is the shop's): 45 → "45.00". */
export const formatPrice = (price: number): string => new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(price);

/** Metered spend in US dollars; small sums keep their significant digits: 0.001125 → "US$0.0011". */
export function formatUsd(amount: number): string {
  const digits = amount === 0 ? 2 : amount < 0.01 ? 4 : 2;
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', currencyDisplay: 'symbol', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount).replace(/^\$/, 'US$');
}

export const formatInt = (n: number): string => new Intl.NumberFormat().format(n);
