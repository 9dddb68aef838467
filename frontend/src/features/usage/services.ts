/**
 * The metered services, in the order the page shows them, with their names and chart
 * colours (distinct in both themes, ≥ 3:1 against the card; never the only signal: the
 * legend and the tables name each service).
 */
export const KNOWN_SERVICES = ['google_drive', 'replicate', 'shopify'] as const;

export interface ServiceLook {
  label: string;
  /** Canvas colours (the chart), light and dark. */
  light: string;
  dark: string;
  /** The same colour for HTML swatches. */
  swatch: string;
}

const LOOK: Record<string, ServiceLook> = {
  google_drive: { label: 'Google Drive', light: '#2563eb', dark: '#60a5fa', swatch: 'bg-blue-600 dark:bg-blue-400' },
  replicate: { label: 'Replicate', light: '#c026d3', dark: '#e879f9', swatch: 'bg-fuchsia-600 dark:bg-fuchsia-400' },
  shopify: { label: 'Shopify', light: '#c2410c', dark: '#fb923c', swatch: 'bg-orange-700 dark:bg-orange-400' },
};
const OTHER: Omit<ServiceLook, 'label'> = { light: '#52525b', dark: '#a1a1aa', swatch: 'bg-zinc-600 dark:bg-zinc-400' };

/** A service's look; an unknown service gets its own name and a grey. */
export function serviceLook(service: string): ServiceLook {
  return LOOK[service] ?? { ...OTHER, label: service.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()) };
}

/** The known services first (always, in their order), then any other the API names, by name. */
export function orderServices(seen: Iterable<string>): string[] {
  const known = new Set<string>(KNOWN_SERVICES);
  const others = [...new Set(seen)].filter((s) => !known.has(s)).sort();
  return [...KNOWN_SERVICES, ...others];
}
