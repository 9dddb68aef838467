/** /api/backups — the backups taken (CLI and schedule), newest first, and the schedule in force. Admin only. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { servicesOf } from '../../domain/services.js';
import type { Engine } from '../../engine.js';
import { ADMIN } from '../auth.js';
import { cursorParam, limitParam } from '../listQuery.js';
import { presentBackup } from '../present.js';

const listQuery = z.strictObject({ limit: limitParam, cursor: cursorParam });

export async function backupRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { backups } = servicesOf(engine);
  r.get('/api/backups', { config: { roles: ADMIN }, schema: { tags: ['backups'], summary: 'Backups, newest first, with the schedule', querystring: listQuery } }, async (req) => {
    const page = await backups.list({ limit: req.query.limit, cursor: req.query.cursor });
    return { items: page.items.map(presentBackup), next_cursor: page.next_cursor, schedule: backups.schedule(engine.config) };
  });
}
