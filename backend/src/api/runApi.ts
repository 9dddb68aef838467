/** The API process: engine + HTTP server on PORT; first admin from the environment. */
import type { Config } from '../config/index.js';
import type { CommandDefinition } from '../jobs/command.js';
import { createEngine, type Application, type EngineOptions } from '../engine.js';
import { createLogger } from '../logger.js';
import { ensureFirstAdmin } from '../domain/users/service.js';
import { buildServer, type ServerOptions } from './server.js';

export async function runApi(
  config: Config,
  options: { app?: Application<any>; host?: string; routes?: ServerOptions['routes']; extraCommands?: CommandDefinition[]; onQuery?: EngineOptions['onQuery'] } = {},
) {
  const log = createLogger('api', config.LOG_LEVEL);
  // The app's subscriptions matter here too: approve emits file.approved from a request,
  // and its follow-up job is written by this process.
  const engine = await createEngine(config, log, { name: 'fieldfen-api', app: options.app, extraCommands: options.extraCommands, onQuery: options.onQuery });
  const admin = await ensureFirstAdmin(engine.db, config.ADMIN_USERNAME, config.ADMIN_PASSWORD);
  if (admin) log.info({ username: admin.username }, 'created the first admin from ADMIN_USERNAME');
  const app = await buildServer(engine, { logger: log, routes: options.routes });
  const address = await app.listen({ port: config.PORT, host: options.host ?? '0.0.0.0' });
  log.info({ address, database: config.database.dialect }, 'API listening');
  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      await app.close();
      await engine.close();
    })();
    return closing;
  };
  return { app, engine, log, address, close };
}
