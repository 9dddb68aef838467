/** Rendering overview pieces: inside a memory router (they hold Links) and, when asked, with fake services answering the page's queries. */
import type { ReactNode } from 'react';
import { render } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRouter, RouterProvider } from '@tanstack/react-router';
import { vi } from 'vitest';
import { TooltipProvider } from '../../src/components/ui';
import { DEFAULT_CONFIG } from '../../src/lib/config';
import { printDocument } from '../../src/lib/graphql';
import { ServicesProvider, type Services } from '../../src/lib/services';

/** The operation's name ("Overview") from a document. */
const operationName = (doc: unknown) => /(?:query|mutation|subscription)\s+(\w+)/.exec(printDocument(doc as never))?.[1] ?? '';

export type Handler = (operation: string, variables: Record<string, unknown>) => unknown;

export function renderInRouter(ui: ReactNode, handler: Handler = () => ({})) {
  const request = vi.fn(async (doc: unknown, variables?: Record<string, unknown>) => handler(operationName(doc), variables ?? {}));
  const services = {
    config: DEFAULT_CONFIG,
    auth: { getSession: () => null, subscribe: () => () => {}, logout: async () => {} },
    live: { subscribe: () => () => {}, subscribeState: () => () => {}, getState: () => 'connected', onReconnected: () => () => {} },
    request,
  } as unknown as Services;
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const rootRoute = createRootRoute({ component: () => <>{ui}</> });
  const router = createRouter({ routeTree: rootRoute, history: createMemoryHistory({ initialEntries: ['/'] }) });
  const utils = render(
    <ServicesProvider services={services}>
      <QueryClientProvider client={queryClient}>
        <TooltipProvider>
          <RouterProvider router={router as never} />
        </TooltipProvider>
      </QueryClientProvider>
    </ServicesProvider>,
  );
  return { ...utils, request, queryClient };
}
