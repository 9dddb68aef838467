/**
 * The providers, outermost first: services (config, session, live stream, GraphQL),
 * TanStack Query, tooltips and toasts, the router. When the session ends (logout in
 * any tab, or a refresh refused), cached data is dropped and the router sends the
 * visitor to /login, remembering the page.
 */
import { useEffect, useState } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import type { Services } from '../lib/services';
import { ServicesProvider } from '../lib/services';
import { ApiError } from '../lib/http';
import { ToastProvider, TooltipProvider } from '../components/ui';
import { createAppRouter } from './router';

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Live events invalidate what changed; nothing refetches on a timer by default.
        staleTime: 30_000,
        refetchOnWindowFocus: true,
        retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      },
    },
  });
}

export function App({ services, queryClient = makeQueryClient() }: { services: Services; queryClient?: QueryClient }) {
  const [router] = useState(() => createAppRouter({ services, queryClient }));
  useEffect(() => {
    let had = services.auth.getSession() !== null;
    return services.auth.subscribe(() => {
      const has = services.auth.getSession() !== null;
      if (had && !has) {
        queryClient.clear();
        void router.invalidate();
      }
      had = has;
    });
  }, [services, queryClient, router]);
  return (
    <ServicesProvider services={services}>
      <QueryClientProvider client={queryClient}>
        <TooltipProvider>
          <ToastProvider>
            <RouterProvider router={router} />
          </ToastProvider>
        </TooltipProvider>
      </QueryClientProvider>
    </ServicesProvider>
  );
}
