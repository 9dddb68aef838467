/** Rendering jobs-page pieces with fake services: a session of a given role, a scripted GraphQL request. */
import type { ReactNode } from 'react';
import { render } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { vi } from 'vitest';
import { ToastProvider, TooltipProvider } from '../../src/components/ui';
import { DEFAULT_CONFIG } from '../../src/lib/config';
import { printDocument } from '../../src/lib/graphql';
import { ServicesProvider, type Services } from '../../src/lib/services';
import type { Role } from '../../src/lib/auth';

export type Handler = (operation: string, variables: Record<string, unknown>) => unknown;

/** The operation's name ("RetryJob") from a document. */
const operationName = (doc: unknown) => /(?:query|mutation|subscription)\s+(\w+)/.exec(printDocument(doc as never))?.[1] ?? '';

export function fakeServices(role: Role, handler: Handler = () => ({})) {
  const session = { accessToken: 't', role, username: role === 'admin' ? 'ada' : 'rita', expiresAt: Date.now() + 3600_000, lifetimeMs: 3600_000 };
  const request = vi.fn(async (doc: unknown, variables?: Record<string, unknown>) => handler(operationName(doc), variables ?? {}));
  const services = {
    config: DEFAULT_CONFIG,
    auth: { getSession: () => session, subscribe: () => () => {}, logout: async () => {} },
    live: { subscribe: () => () => {}, subscribeState: () => () => {}, getState: () => 'connected', onReconnected: () => () => {} },
    request,
  } as unknown as Services;
  return { services, request };
}

export function renderWith(ui: ReactNode, role: Role, handler?: Handler) {
  const { services, request } = fakeServices(role, handler);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const utils = render(
    <ServicesProvider services={services}>
      <QueryClientProvider client={queryClient}>
        <TooltipProvider>
          <ToastProvider>{ui}</ToastProvider>
        </TooltipProvider>
      </QueryClientProvider>
    </ServicesProvider>,
  );
  return { ...utils, request, queryClient };
}
