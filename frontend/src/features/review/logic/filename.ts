/**
 * The filename follows the species: `red-fox-morning-light.jpg` starts with the species
 * as a slug. When the species changes, the prefix changes with it, unless the reviewer
 * edited the filename by hand. The API refuses a filename that does not start with the
 * species' slug or does not look like `species-description.jpg`.
 */

/** The API's slug (lower case ASCII, hyphens): "Grey Héron" → "grey-heron". */
export const slugify = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** The filename without its species prefix ("red-fox-morning-light.jpg", "Red Fox" → "morning-light.jpg"). */
export function filenameRest(filename: string, species: string): string {
  const prefix = `${slugify(species)}-`;
  return prefix.length > 1 && filename.startsWith(prefix) ? filename.slice(prefix.length) : filename;
}

/**
 * The filename for `species`, keeping what followed the draft's species prefix:
 * followFilename("red-fox-morning-light.jpg", "Red Fox", "Arctic Fox") → "arctic-fox-morning-light.jpg".
 */
export function followFilename(draftFilename: string, draftSpecies: string, species: string): string {
  const rest = filenameRest(draftFilename, draftSpecies);
  const slug = slugify(species);
  return slug ? `${slug}-${rest}` : rest;
}

const SHAPE = /^[a-z0-9]+(?:-[a-z0-9]+)*\.jpg$/;

/** What the API will refuse about this filename, in words; null when it is fine. */
export function filenameProblem(filename: string, species: string): string | null {
  const f = filename.trim();
  if (!SHAPE.test(f)) return 'Use lower-case letters, digits and hyphens, ending in .jpg (e.g. red-fox-morning-light.jpg).';
  const slug = slugify(species);
  if (slug && !f.startsWith(`${slug}-`)) return `Start it with the species: “${slug}-…”.`;
  return null;
}
