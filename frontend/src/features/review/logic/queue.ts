/**
 * Moving through the review queue. The queue is the API's list (newest first); the
 * artworks decided here are hidden from it until a list fetched after the decision
 * arrives (then the API's word counts again: a reprocessed artwork comes back).
 */
export interface QueueSnapshot {
  ids: string[];
  startedAt: number;
}

/** The queue without what was decided here after the list was fetched. */
export function visibleIds(queue: QueueSnapshot | undefined, decided: ReadonlyMap<string, number>): string[] {
  if (!queue) return [];
  return queue.ids.filter((id) => {
    const at = decided.get(id);
    return at === undefined || at < queue.startedAt;
  });
}

/**
 * The artwork `step` away from `id` (+1 next, −1 previous); null at either end. From an
 * artwork that is not in the queue (opened by link), Next goes to the queue's first.
 */
export function neighbour(list: readonly string[], id: string | null, step: 1 | -1): string | null {
  const i = id === null ? -1 : list.indexOf(id);
  if (i === -1) return step === 1 ? (list.find((x) => x !== id) ?? null) : null;
  return list[i + step] ?? null;
}

/**
 * What to show after `id` is decided: the one after it; at the end of the queue, the
 * first one left (artworks that arrived meanwhile are at the top); null when none is left.
 */
export function afterDecision(list: readonly string[], id: string | null): string | null {
  const rest = list.filter((x) => x !== id);
  if (rest.length === 0) return null;
  const i = id === null ? -1 : list.indexOf(id);
  if (i === -1) return rest[0];
  return rest[i] ?? rest[0];
}
