/**
 * Start: read the runtime configuration (/config.json), make the services, pick up the
 * session (this tab's, or a refresh by the cookie), then render.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { AuthClient } from './lib/auth';
import { loadConfig } from './lib/config';
import { createRequest } from './lib/graphql';
import { LiveConnection } from './lib/live';
import type { Services } from './lib/services';
import './index.css';

async function start() {
  const config = await loadConfig();
  document.title = config.appName;
  const auth = new AuthClient({ apiBase: config.apiBase });
  const live = new LiveConnection({ url: `${config.apiBase}/graphql/stream`, getToken: () => auth.getToken() });
  const request = createRequest(`${config.apiBase}/graphql`, auth.authorizedFetch);
  const services: Services = { config, auth, live, request };
  await auth.restore();
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App services={services} />
    </StrictMode>,
  );
}

void start();
