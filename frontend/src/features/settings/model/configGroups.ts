/**
 * The configuration variables in groups a person can scan: each variable goes to the
 * first group whose rule matches its name. Prefixes rather than lists, so a variable
 * the API adds later (e.g. another SHOPIFY_…) still lands where it belongs; anything
 * no rule knows goes to "Other", which is only shown when it has something.
 */
import type { ConfigVariable } from '../api';

export interface ConfigGroupSpec {
  id: string;
  title: string;
  description: string;
  matches: (name: string) => boolean;
}

const prefix =
  (...prefixes: string[]) =>
  (name: string) =>
    prefixes.some((p) => name.startsWith(p));
const exact =
  (...names: string[]) =>
  (name: string) =>
    names.includes(name);

export const CONFIG_GROUPS: readonly ConfigGroupSpec[] = [
  {
    id: 'server',
    title: 'Server',
    description: 'The API itself: its port, sessions, logging, the dashboard, the first admin and demo mode.',
    matches: (n) => exact('DEBUG', 'PORT', 'DATA_DIR', 'LOG_LEVEL', 'DEMO_MODE')(n) || prefix('JWT_', 'SESSION_', 'ADMIN_', 'DASHBOARD_', 'API_', 'HTTP_', 'CORS_', 'PUBLIC_', 'APP_')(n),
  },
  {
    id: 'storage',
    title: 'Database & broker',
    description: 'Where data is kept (the database) and how work is handed to the workers (RabbitMQ).',
    matches: prefix('DATABASE_', 'RABBITMQ_', 'POSTGRES_', 'SQLITE_'),
  },
  {
    id: 'backups',
    title: 'Backups',
    description: 'Where backups of the database are written, how long they are kept, how often the platform takes one, and the Drive folder they are copied to.',
    matches: (n) => prefix('BACKUP_')(n) || exact('DRIVE_BACKUP_FOLDER_ID')(n),
  },
  {
    id: 'jobs',
    title: 'Jobs & retries',
    description: 'How many jobs the workers run at once, how failures are retried, and how long history is kept.',
    matches: (n) => prefix('RETRY_', 'WORKER_', 'JOB_', 'SHUTDOWN_')(n) || /_RETENTION_/.test(n),
  },
  {
    id: 'drive',
    title: 'Google Drive',
    description: 'The Drive folders paintings arrive in and move through, and how often Incoming is checked.',
    matches: prefix('GOOGLE_', 'DRIVE_'),
  },
  {
    id: 'replicate',
    title: 'Replicate',
    description: 'The AI models that upscale the paintings and write their titles and descriptions.',
    matches: prefix('REPLICATE_'),
  },
  {
    id: 'shopify',
    title: 'Shopify',
    description: 'The store the products are listed in.',
    matches: prefix('SHOPIFY_'),
  },
  {
    id: 'pipeline',
    title: 'Pipeline',
    description: 'What every painting goes through: the print quality needed and the starting price table.',
    matches: (n) => exact('MIN_PRINT_DPI', 'PRICE_TABLE')(n) || prefix('PRINT_', 'PRICE_', 'PIPELINE_', 'METADATA_', 'SOCIAL_')(n),
  },
];

export const OTHER_GROUP = { id: 'other', title: 'Other', description: 'Variables this page doesn’t know yet.' } as const;

export interface ConfigGroup {
  id: string;
  title: string;
  description: string;
  variables: ConfigVariable[];
}

/** The group a variable name belongs to ('other' when no rule matches). */
export function groupIdOf(name: string): string {
  return CONFIG_GROUPS.find((g) => g.matches(name))?.id ?? OTHER_GROUP.id;
}

/** Every variable in its group, in the API's order within a group; empty groups left out. */
export function groupConfiguration(variables: readonly ConfigVariable[]): ConfigGroup[] {
  const groups: ConfigGroup[] = [...CONFIG_GROUPS, OTHER_GROUP].map(({ id, title, description }) => ({ id, title, description, variables: [] }));
  const byId = new Map(groups.map((g) => [g.id, g]));
  for (const v of variables) byId.get(groupIdOf(v.name))!.variables.push(v);
  return groups.filter((g) => g.variables.length > 0);
}

/** Variables whose name or shown value contains the filter (case-insensitive; `_` and spaces alike). */
export function filterConfiguration(variables: readonly ConfigVariable[], filter: string | undefined): ConfigVariable[] {
  const needle = normalise(filter ?? '');
  if (!needle) return [...variables];
  return variables.filter((v) => normalise(v.name).includes(needle) || normalise(v.value ?? '').includes(needle));
}

const normalise = (s: string) => s.toLowerCase().replace(/[_\s]+/g, ' ').trim();
