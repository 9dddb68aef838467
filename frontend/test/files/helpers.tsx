/**
 * A small router for the files components' tests: the real search-param schemas under
 * the same route ids as the app (`/_app/files`), with `ui` as the page at `url`.
 */
import type { ReactNode } from 'react';
import { render, screen } from '@testing-library/react';
import { createMemoryHistory, createRootRoute, createRoute, createRouter, Outlet, RouterProvider } from '@tanstack/react-router';
import { filesSearch } from '../../src/features/files/search';
import { jobsSearch } from '../../src/features/jobs/search';

export function makeRouter(ui: ReactNode, url = '/files') {
  const Page = () => (
    <>
      {ui}
      <span data-testid="test-ready" hidden />
    </>
  );
  const root = createRootRoute({ component: Outlet });
  const app = createRoute({ getParentRoute: () => root, id: '_app', component: Outlet });
  const files = createRoute({ getParentRoute: () => app, path: '/files', validateSearch: filesSearch, component: Page });
  const file = createRoute({ getParentRoute: () => app, path: '/files/$fileId', component: Page });
  const jobs = createRoute({ getParentRoute: () => app, path: '/jobs', validateSearch: jobsSearch, component: Page });
  const review = createRoute({ getParentRoute: () => app, path: '/review', validateSearch: (s: Record<string, unknown>) => s, component: Page });
  const history = createMemoryHistory({ initialEntries: [url] });
  const router = createRouter({ routeTree: root.addChildren([app.addChildren([files, file, jobs, review])]), history });
  return { router, history };
}

export async function renderWithRouter(ui: ReactNode, url = '/files') {
  const { router, history } = makeRouter(ui, url);
  const result = render(<RouterProvider router={router as never} />);
  await screen.findByTestId('test-ready');
  return { ...result, router, history };
}
