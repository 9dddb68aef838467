/** The API process: engine + HTTP server on PORT, live-update notices in; first admin from the environment. */
import type { Config } from '../config/index.js';
import type { CommandDefinition } from '../jobs/command.js';
import { createEngine, type Application, type EngineOptions } from '../engine.js';
import { createLogger } from '../logger.js';
import { ensureFirstAdmin } from '../domain/users/service.js';
import { consumeNotices } from '../queue/notices.js';
import { buildServer, liveHubs, type ServerOptions } from './server.js';

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
  // Live updates: every process's notices (workers' finished runs, any API's decisions) reach this API's subscribers.
  const live = liveHubs.get(app)!;
  const notices = consumeNotices(engine.broker, log, (n) =>
    live.changed({ jobIds: n.jobs.map((j) => j.id), fileIds: [...new Set([...n.files, ...n.jobs.flatMap((j) => (j.file_id ? [j.file_id] : []))])] }),
  );
  const address = await app.listen({ port: config.PORT, host: options.host ?? '0.0.0.0' });
  log.info({ address, database: config.database.dialect }, 'API listening');
  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      await app.close();
      await notices.close().catch(() => {});
      await engine.close();
    })();
    return closing;
  };
  return { app, engine, log, address, close };
}
