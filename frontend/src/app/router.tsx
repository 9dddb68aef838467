/**
 * The route tree (code-based, typed): every path, its typed search params and its page.
 * Pages are loaded lazily (each feature is its own chunk), so the first load carries
 * only the shell and the login page.
 *
 *   /login                  public; ?redirect= the page to return to
 *   _app (no path)          needs a session: anyone else is sent to /login?redirect=<here>
 *     /                     overview
 *     /review               ?file=<id> (one artwork, any state)
 *     /files                ?status=<FileStatus>&search=
 *     /files/$fileId        one file: image, text, sizes, jobs, listings, reviews, cost
 *     /jobs                 ?tab=jobs|failures|queues&status=<JobStatus>&command=&search=&sort=
 *     /jobs/$jobId          one job (the list's search params kept, for the way back)
 *     /usage                ?range=7d|30d|90d or ?from=YYYY-MM-DD&to=YYYY-MM-DD (UTC days)
 *     /settings             admins only; ?tab=integrations|prices|users|configuration&filter=
 *
 * Add a page: a feature folder `features/<name>/index.tsx` (default export), a route
 * below under `appRoute`, and a NAV_ITEMS entry (navigation.ts) if it is in the menu.
 */
import { createRootRouteWithContext, createRoute, createRouter, lazyRouteComponent, Outlet, redirect } from '@tanstack/react-router';
import type { QueryClient } from '@tanstack/react-query';
import type { Services } from '../lib/services';
import { safeRedirect } from '../lib/redirect';
import { ErrorState, SkeletonRows, Card, CardBody } from '../components/ui';
import { filesSearch } from '../features/files/search';
import { jobsSearch } from '../features/jobs/search';
import { loginSearch } from '../features/login/search';
import { reviewSearch } from '../features/review/search';
import { settingsSearch } from '../features/settings/search';
import { usageSearch } from '../features/usage/search';
import { Shell } from './layout/Shell';
import { NotFound } from './NotFound';

export interface RouterContext {
  services: Services;
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: loginSearch,
  beforeLoad: ({ context, search }) => {
    if (context.services.auth.getSession()) throw redirect({ href: safeRedirect(search.redirect) });
  },
  component: lazyRouteComponent(() => import('../features/login')),
});

/** Everything behind the login: the shell, around the page. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: '_app',
  beforeLoad: ({ context, location }) => {
    const { auth } = context.services;
    if (!auth.getSession()) {
      throw redirect({ to: '/login', search: { redirect: location.href, reason: auth.endReason === 'expired' ? 'expired' : undefined }, replace: true });
    }
  },
  component: Shell,
});

const overviewRoute = createRoute({ getParentRoute: () => appRoute, path: '/', component: lazyRouteComponent(() => import('../features/overview')) });
const reviewRoute = createRoute({ getParentRoute: () => appRoute, path: '/review', validateSearch: reviewSearch, component: lazyRouteComponent(() => import('../features/review')) });
const filesRoute = createRoute({ getParentRoute: () => appRoute, path: '/files', validateSearch: filesSearch, component: lazyRouteComponent(() => import('../features/files')) });
const fileRoute = createRoute({ getParentRoute: () => appRoute, path: '/files/$fileId', component: lazyRouteComponent(() => import('../features/files/FileDetailPage')) });
const jobsRoute = createRoute({ getParentRoute: () => appRoute, path: '/jobs', validateSearch: jobsSearch, component: lazyRouteComponent(() => import('../features/jobs')) });
const jobRoute = createRoute({ getParentRoute: () => appRoute, path: '/jobs/$jobId', validateSearch: jobsSearch, component: lazyRouteComponent(() => import('../features/jobs/detail')) });
const usageRoute = createRoute({ getParentRoute: () => appRoute, path: '/usage', validateSearch: usageSearch, component: lazyRouteComponent(() => import('../features/usage')) });
// Admins only: the page itself tells anyone else so (and asks the API nothing).
const settingsRoute = createRoute({ getParentRoute: () => appRoute, path: '/settings', validateSearch: settingsSearch, component: lazyRouteComponent(() => import('../features/settings')) });

export const routeTree = rootRoute.addChildren([loginRoute, appRoute.addChildren([overviewRoute, reviewRoute, filesRoute, fileRoute, jobsRoute, jobRoute, usageRoute, settingsRoute])]);

function PagePending() {
  return (
    <Card>
      <CardBody>
        <SkeletonRows rows={4} />
      </CardBody>
    </Card>
  );
}

export function createAppRouter(context: RouterContext) {
  return createRouter({
    routeTree,
    context,
    defaultPreload: 'intent',
    // Data comes from TanStack Query; the router itself caches nothing.
    defaultPreloadStaleTime: 0,
    defaultPendingComponent: PagePending,
    defaultPendingMs: 150,
    defaultErrorComponent: ({ error, reset }) => <ErrorState error={error} onRetry={reset} />,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
