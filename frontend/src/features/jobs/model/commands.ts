/**
 * The command types the API runs (backend commands/index.ts), in pipeline order, with
 * the words the dashboard uses for them. The API has no query listing them; a type this
 * list does not know (a newer API) is shown by its own name, and can still be filtered.
 */
export interface CommandInfo {
  type: string;
  label: string;
  /** What it does, for a tooltip. */
  description: string;
}

export const KNOWN_COMMANDS: readonly CommandInfo[] = [
  { type: 'ScanDriveFolder', label: 'Scan Drive folder', description: 'Looks for new paintings in the Drive “Incoming” folder.' },
  { type: 'CreateFileRecord', label: 'Inspect new file', description: 'Measures, checksums and thumbnails a new file.' },
  { type: 'UpscaleImage', label: 'Upscale image', description: 'Makes the print file at the sizes the image reaches.' },
  { type: 'UpdateImage', label: 'Reprocess image', description: 'Inspects and upscales a file again (a reviewer’s “reprocess”).' },
  { type: 'GenerateMetadata', label: 'Write title & description', description: 'Drafts the title, description, hashtags and captions.' },
  { type: 'CreateListing', label: 'Create Shopify listing', description: 'Creates the product in Shopify after approval.' },
  { type: 'UpdateListing', label: 'Update Shopify listing', description: 'Pushes edits or new prices to the Shopify product.' },
  { type: 'DeleteFile', label: 'Archive file', description: 'Archives a file and its Shopify product.' },
  { type: 'Noop', label: 'Test job (Noop)', description: 'A diagnostics job that does nothing.' },
];

const BY_TYPE = new Map(KNOWN_COMMANDS.map((c) => [c.type, c]));

/** "UpscaleImage" → "Upscale image"; an unknown "FooBarBaz" → "Foo bar baz". */
export function commandLabel(type: string): string {
  const known = BY_TYPE.get(type);
  if (known) return known.label;
  const words = type.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_.-]+/g, ' ').trim().toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : type;
}

export const commandDescription = (type: string): string | undefined => BY_TYPE.get(type)?.description;

/** The options of the command filter: the known ones, plus `current` when it is not one of them. */
export function commandOptions(current?: string): CommandInfo[] {
  if (!current || BY_TYPE.has(current)) return [...KNOWN_COMMANDS];
  return [...KNOWN_COMMANDS, { type: current, label: commandLabel(current), description: '' }];
}

/** The work queues (backend queue/topology.ts) and what each carries. */
export const QUEUE_DESCRIPTIONS: Record<string, string> = {
  'file.ingest': 'New files from Drive: scans and inspection',
  'image.process': 'Upscaling and the AI title and description',
  'listing.create': 'Shopify products: creating and updating',
  'social.publish': 'Social media posts',
  system: 'Archiving and housekeeping',
};
