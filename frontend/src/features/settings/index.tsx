/**
 * /settings?tab=&filter= — admins only (anyone else is told so, and nothing is asked
 * of the API): the
 * connections to Drive, Replicate and Shopify with their tests, the price table, the
 * users, the backups (schedule and latest), and the server's configuration (read-only). The open tab and the
 * configuration's filter are in the URL; an unsaved price table survives switching
 * tabs, and leaving the page with one asks first.
 */
import { useCallback, useState, type ReactNode } from 'react';
import { getRouteApi, useBlocker } from '@tanstack/react-router';
import { Button, Card, CardBody, Dialog, ErrorState, PageHeader, Skeleton, SkeletonRows, Tabs, useToast } from '../../components/ui';
import { useAuth } from '../../app/auth';
import { AdminsOnlyNotice } from './components/AdminsOnlyNotice';
import { BackupsPanel } from './components/BackupsPanel';
import { ConfigurationPanel } from './components/ConfigurationPanel';
import { IntegrationsPanel } from './components/IntegrationsPanel';
import { KeptTabPanel } from './components/KeptTabPanel';
import { PriceTableEditor } from './components/PriceTableEditor';
import { UsersPanel } from './components/UsersPanel';
import { useBackups, useSettings, useTestConnection, useUpdatePriceTable, useUserMutations, useUsers } from './hooks/useSettingsData';
import type { SettingsTab } from './search';

const route = getRouteApi('/_app/settings');

export default function SettingsRoute() {
  const { isAdmin, username } = useAuth();
  return isAdmin ? <SettingsPage /> : <AdminsOnlyNotice username={username} />;
}

function SettingsPage() {
  const { tab = 'integrations', filter } = route.useSearch();
  const navigate = route.useNavigate();
  const { username, logout } = useAuth();
  const toast = useToast();
  const settings = useSettings();
  const users = useUsers();
  const backups = useBackups(tab === 'backups');
  const testConnection = useTestConnection();
  const updatePrices = useUpdatePriceTable();
  const userMutations = useUserMutations();
  const [pricesDirty, setPricesDirty] = useState(false);

  // Leaving the page with an unsaved price table asks first (switching tabs keeps it).
  const blocker = useBlocker({
    shouldBlockFn: ({ next }) => pricesDirty && next.pathname !== '/settings',
    enableBeforeUnload: pricesDirty,
    withResolver: true,
  });

  const onFilterChange = useCallback((next: string | undefined) => void navigate({ search: (prev) => ({ ...prev, filter: next }), replace: true }), [navigate]);
  const demoMode = settings.data?.configuration.find((v) => v.name === 'DEMO_MODE')?.value === 'true';

  return (
    <>
      <PageHeader title="Settings" description="The connections to Drive, Replicate and Shopify, the price table, who can log in, the backups, and how the server is configured." />
      <Tabs<SettingsTab>
        label="Settings sections"
        value={tab}
        onValueChange={(t) => void navigate({ search: (prev) => ({ ...prev, tab: t === 'integrations' ? undefined : t }) })}
        items={[
          { value: 'integrations', label: 'Integrations' },
          {
            value: 'prices',
            label: (
              <>
                Prices
                {pricesDirty && (
                  <>
                    <span aria-hidden="true" className="size-1.5 rounded-full bg-amber-500" />{' '}
                    <span className="sr-only">(unsaved changes)</span>
                  </>
                )}
              </>
            ),
          },
          { value: 'users', label: 'Users' },
          { value: 'backups', label: 'Backups' },
          // Short, so the tabs fit a phone's width.
          { value: 'configuration', label: 'Config' },
        ]}
      >
        <KeptTabPanel value="integrations">
          <Loaded query={settings} skeleton={<CardsSkeleton />}>
            {(s) => <IntegrationsPanel services={s.connections} demoMode={demoMode} onTest={(service) => testConnection.mutateAsync(service)} />}
          </Loaded>
        </KeptTabPanel>
        <KeptTabPanel value="prices">
          <Loaded query={settings} skeleton={<GridSkeleton />}>
            {(s) => (
              <PriceTableEditor
                prices={s.prices}
                onDirtyChange={setPricesDirty}
                onSave={(prices, applyToListed) => updatePrices.mutateAsync({ prices, applyToListed })}
              />
            )}
          </Loaded>
        </KeptTabPanel>
        <KeptTabPanel value="users">
          <Loaded query={users} skeleton={<ListSkeleton />}>
            {(list) => (
              <UsersPanel
                users={list}
                currentUsername={username}
                onCreate={async (u) => {
                  await userMutations.create.mutateAsync(u);
                  toast({ title: `Added ${u.username}`, description: `They can log in now, as ${u.role === 'ADMIN' ? 'an admin' : 'a reviewer'}.` });
                }}
                onResetPassword={async (u, password) => {
                  await userMutations.setPassword.mutateAsync({ id: u.id, password });
                  if (u.username === username) return logout();
                  toast({ title: `Password reset for ${u.username}`, description: 'They’ve been logged out everywhere and log in with the new password.' });
                }}
                onRemove={async (u) => {
                  await userMutations.remove.mutateAsync(u.id);
                  if (u.username === username) return logout();
                  toast({ title: `Removed ${u.username}`, description: 'They’ve been logged out and can’t log in any more.' });
                }}
              />
            )}
          </Loaded>
        </KeptTabPanel>
        <KeptTabPanel value="backups">
          {/* Nothing (not even a skeleton) until the tab is first opened: the query waits for it. */}
          {!(backups.isPending && backups.fetchStatus === 'idle') && (
            <Loaded query={backups} skeleton={<ListSkeleton />}>
              {(b) => <BackupsPanel schedule={b.backupSchedule} backups={b.backups.edges.map((e) => e.node)} more={b.backups.pageInfo.hasNextPage} />}
            </Loaded>
          )}
        </KeptTabPanel>
        <KeptTabPanel value="configuration">
          <Loaded query={settings} skeleton={<ListSkeleton />}>
            {(s) => <ConfigurationPanel variables={s.configuration} filter={filter} onFilterChange={onFilterChange} />}
          </Loaded>
        </KeptTabPanel>
      </Tabs>

      <Dialog
        open={blocker.status === 'blocked'}
        onOpenChange={(open) => !open && blocker.reset?.()}
        title="Leave without saving the prices?"
        description="The changes to the price table aren’t saved. If you leave now, they’re lost."
        footer={
          <>
            <Button variant="secondary" onClick={() => blocker.reset?.()}>
              Stay on this page
            </Button>
            <Button variant="danger" onClick={() => blocker.proceed?.()}>
              Leave and discard
            </Button>
          </>
        }
      />
    </>
  );
}

/** A query's data to its panel; a skeleton while it loads; the error with a retry. */
function Loaded<T>({ query, skeleton, children }: { query: { data: T | undefined; error: unknown; isPending: boolean; refetch: () => unknown }; skeleton: ReactNode; children: (data: T) => ReactNode }) {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.isPending && !query.error) return <>{skeleton}</>;
  return (
    <Card>
      <ErrorState error={query.error} title="Settings didn’t load" onRetry={() => void query.refetch()} />
    </Card>
  );
}

function CardsSkeleton() {
  return (
    <div role="status" aria-label="Loading" className="grid gap-4 lg:grid-cols-3">
      {[0, 1, 2].map((i) => (
        <Card key={i} className="space-y-3 p-5">
          <div className="flex items-center gap-3">
            <Skeleton className="size-10 rounded-xl" />
            <Skeleton className="h-4 w-28" />
          </div>
          <Skeleton className="h-3.5 w-full" />
          <Skeleton className="h-3.5 w-2/3" />
          <Skeleton className="mt-4 h-10 w-36 rounded-xl" />
        </Card>
      ))}
    </div>
  );
}

function GridSkeleton() {
  return (
    <Card>
      <CardBody>
        <div role="status" aria-label="Loading" className="grid grid-cols-2 gap-2.5 sm:grid-cols-3 lg:grid-cols-4">
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} className="h-[88px] rounded-xl" />
          ))}
        </div>
      </CardBody>
    </Card>
  );
}

function ListSkeleton() {
  return (
    <Card>
      <CardBody>
        <SkeletonRows rows={5} />
      </CardBody>
    </Card>
  );
}
