/**
 * The configuration's grouping: every variable the API knows (read from the backend's
 * own list, so a new variable is checked too) lands in a named group, never "Other";
 * the panel shows each one once, with secrets as the API masked them and "Default"
 * for what the environment doesn't set; the filter narrows by name or value.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ConfigVariable } from '../../src/features/settings/api';
import { ConfigurationPanel } from '../../src/features/settings/components/ConfigurationPanel';
import { CONFIG_GROUPS, filterConfiguration, groupConfiguration, groupIdOf } from '../../src/features/settings/model/configGroups';

/** The names in backend/src/domain/settings/service.ts's VARIABLES (the API's `configuration`). */
function backendVariableNames(): string[] {
  // Tests run from frontend/ (npm test -w frontend, or the root's npm test).
  const file = ['../backend', 'backend'].map((d) => path.resolve(process.cwd(), d, 'src/domain/settings/service.ts')).find(existsSync);
  if (!file) throw new Error('backend/src/domain/settings/service.ts not found');
  const source = readFileSync(file, 'utf8');
  const block = /const VARIABLES[^=]*=\s*\{([\s\S]*?)\n\};/.exec(source)?.[1] ?? '';
  return [...block.matchAll(/^\s{2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]);
}

const variable = (name: string, value: string | null, set = true, secret = false): ConfigVariable => ({ name, value, set, secret });

describe('configuration groups', () => {
  const names = backendVariableNames();

  it('reads the backend’s variable list', () => {
    expect(names.length).toBeGreaterThan(30);
    expect(names).toContain('DATABASE_URL');
    expect(names).toContain('SHOPIFY_STORE_URL');
  });

  it('puts every variable of the API in a named group (none in Other)', () => {
    const lost = names.filter((n) => groupIdOf(n) === 'other');
    expect(lost).toEqual([]);
    const groups = groupConfiguration(names.map((n) => variable(n, 'x')));
    expect(groups.flatMap((g) => g.variables.map((v) => v.name)).sort()).toEqual([...names].sort());
    expect(groups.map((g) => g.title)).toEqual(CONFIG_GROUPS.map((g) => g.title));
  });

  it('groups by what the variable is about', () => {
    expect(groupIdOf('PORT')).toBe('server');
    expect(groupIdOf('JWT_SECRET')).toBe('server');
    expect(groupIdOf('ADMIN_PASSWORD')).toBe('server');
    expect(groupIdOf('DATABASE_URL')).toBe('storage');
    expect(groupIdOf('RABBITMQ_QUEUE_PREFIX')).toBe('storage');
    expect(groupIdOf('RETRY_MAX_ATTEMPTS')).toBe('jobs');
    expect(groupIdOf('WORKER_METRICS_PORT')).toBe('jobs');
    expect(groupIdOf('USAGE_RETENTION_DAYS')).toBe('jobs');
    expect(groupIdOf('GOOGLE_DRIVE_CREDENTIALS_PATH')).toBe('drive');
    expect(groupIdOf('DRIVE_SCAN_INTERVAL_SECONDS')).toBe('drive');
    expect(groupIdOf('REPLICATE_METADATA_MODEL')).toBe('replicate');
    expect(groupIdOf('SHOPIFY_ACCESS_TOKEN')).toBe('shopify');
    expect(groupIdOf('MIN_PRINT_DPI')).toBe('pipeline');
    expect(groupIdOf('PRICE_TABLE')).toBe('pipeline');
  });

  it('a variable no rule knows goes to Other, shown last', () => {
    const groups = groupConfiguration([variable('PORT', '8000'), variable('SOMETHING_NEW', '1')]);
    expect(groups.map((g) => g.title)).toEqual(['Server', 'Other']);
  });

  it('filters by name or value, case-insensitively, spaces matching underscores', () => {
    const vars = [variable('SHOPIFY_STORE_URL', 'https://fen.myshopify.com'), variable('DRIVE_READY_FOLDER_ID', 'abc'), variable('PORT', '8000')];
    expect(filterConfiguration(vars, 'shopify').map((v) => v.name)).toEqual(['SHOPIFY_STORE_URL']);
    expect(filterConfiguration(vars, 'ready folder').map((v) => v.name)).toEqual(['DRIVE_READY_FOLDER_ID']);
    expect(filterConfiguration(vars, '8000').map((v) => v.name)).toEqual(['PORT']);
    expect(filterConfiguration(vars, '  ')).toHaveLength(3);
  });
});

describe('ConfigurationPanel', () => {
  const vars = [
    variable('PORT', '8106'),
    variable('JWT_SECRET', '********', true, true),
    variable('DATABASE_URL', 'postgres://ff:********@db:5432/ff', true, true),
    variable('RABBITMQ_QUEUE_TYPE', 'quorum', false),
    variable('REPLICATE_API_TOKEN', null, false, true),
    variable('SHOPIFY_STORE_URL', 'https://fen.myshopify.com'),
  ];

  it('shows every variable once, in its group, as the API gives it', () => {
    render(<ConfigurationPanel variables={vars} filter={undefined} onFilterChange={() => {}} />);
    const server = screen.getByRole('region', { name: 'Server' });
    expect(within(server).getByText('PORT')).toBeInTheDocument();
    expect(within(server).getByText('JWT_SECRET').closest('[data-variable]')).toHaveTextContent('JWT_SECRET********Secret');
    const storage = screen.getByRole('region', { name: 'Database & broker' });
    expect(within(storage).getByText('postgres://ff:********@db:5432/ff')).toBeInTheDocument();
    expect(within(storage).getByText('RABBITMQ_QUEUE_TYPE').closest('[data-variable]')).toHaveTextContent('quorumDefault');
    expect(screen.getByText('REPLICATE_API_TOKEN').closest('[data-variable]')).toHaveTextContent('Not set');
    for (const v of vars) expect(screen.getAllByText(v.name)).toHaveLength(1);
    expect(screen.getByText('6 variables · 4 set in the environment, the rest are defaults')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Google Drive' })).toBeNull();
  });

  it('the filter narrows as typed, tells the count, then goes to the URL', async () => {
    const onFilterChange = vi.fn();
    const user = userEvent.setup();
    render(<ConfigurationPanel variables={vars} filter={undefined} onFilterChange={onFilterChange} />);
    await user.type(screen.getByRole('searchbox', { name: 'Filter by name or value' }), 'shop');
    expect(screen.getByText('Showing 1 of 6 variables')).toBeInTheDocument();
    expect(screen.queryByText('PORT')).toBeNull();
    expect(screen.getByRole('region', { name: 'Shopify' })).toBeInTheDocument();
    await vi.waitFor(() => expect(onFilterChange).toHaveBeenLastCalledWith('shop'));
  });

  it('nothing matching: says so, and the filter can be cleared', async () => {
    const user = userEvent.setup();
    render(<ConfigurationPanel variables={vars} filter="zebra" onFilterChange={() => {}} />);
    expect(screen.getByRole('heading', { name: 'No variable matches' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Clear filter' }));
    expect(screen.getByText('PORT')).toBeInTheDocument();
  });
});
