/**
 * The app's long-lived services (made once in main.tsx from the runtime config) and the
 * hooks that reach them. Tests render with their own (fakes) through ServicesProvider.
 */
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { AuthClient, Session } from './auth';
import type { RuntimeConfig } from './config';
import type { Request } from './graphql';
import type { LiveConnection, LiveState } from './live';

export interface Services {
  config: RuntimeConfig;
  auth: AuthClient;
  live: LiveConnection;
  /** Typed GraphQL requests (see graphql.ts). */
  request: Request;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('useServices outside ServicesProvider');
  return s;
}

/** The typed GraphQL request function: `const request = useGraphql(); request(Query, vars)`. */
export const useGraphql = (): Request => useServices().request;

export const useRuntimeConfig = (): RuntimeConfig => useServices().config;

/** The session (null when logged out); re-renders on login, renewal and logout. */
export function useSession(): Session | null {
  const { auth } = useServices();
  return useSyncExternalStore(auth.subscribe, auth.getSession);
}

/** The live stream's state (connecting / connected / reconnecting / offline). */
export function useLiveState(): LiveState {
  const { live } = useServices();
  return useSyncExternalStore(live.subscribeState, live.getState);
}
