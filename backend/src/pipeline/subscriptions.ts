/**
 * The pipeline's chain (SPEC §1), as transactional subscriptions: each follow-up job
 * is written in the same transaction as the event that causes it (exactly once).
 *
 *   CreateFileRecord ─file.received→ UpscaleImage ─file.processed→ GenerateMetadata
 *     → file PROCESSED (review queue)
 *   approve (REST) ─file.approved→ CreateListing → listing row, Drive moves,
 *     file PUBLISHED ─listing.created (published for other consumers)
 *
 * Registered by BOTH the worker (events emitted by runs) and the API (approve emits
 * file.approved from a request): call registerPipelineSubscriptions on each engine.
 */
import type { Subscriptions } from '../jobs/events.js';

const fileIdOf = (data: Record<string, unknown>): string | null => (typeof data.file_id === 'string' ? data.file_id : null);

/** Engines whose subscriptions are registered already (an API and a worker may share one). */
const registered = new WeakSet<Subscriptions>();

export function registerPipelineSubscriptions(subs: Subscriptions): Subscriptions {
  if (registered.has(subs)) return subs;
  registered.add(subs);
  return subs
    .on('file.received', (e) => {
      const fileId = fileIdOf(e.data);
      if (!fileId) return null;
      const scale = e.data.scale;
      return { commandType: 'UpscaleImage', payload: { file_id: fileId, ...(scale === 1 || scale === 2 || scale === 4 ? { scale } : {}) }, fileId };
    })
    .on('file.processed', (e) => {
      const fileId = fileIdOf(e.data);
      return fileId ? { commandType: 'GenerateMetadata', payload: { file_id: fileId }, fileId } : null;
    })
    .on('file.approved', (e) => {
      const fileId = fileIdOf(e.data);
      return fileId ? { commandType: 'CreateListing', payload: { file_id: fileId }, fileId } : null;
    });
}
