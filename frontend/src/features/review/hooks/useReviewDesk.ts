/**
 * The desk's state and decisions: which artwork is shown (the URL's ?file=, else the
 * queue's first), moving through the queue, approving / rejecting / reprocessing /
 * saving, and — when someone else decided the artwork on screen (its subscription says
 * it left PROCESSED, or a decision answers INVALID_STATE) — saying so and moving on.
 *
 * Speed: the artwork that comes after a decision is prefetched (data and image) while
 * the current one is shown, and the desk moves to it as soon as the API confirms the
 * decision; the queue refetches behind it.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { getRouteApi } from '@tanstack/react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useGraphql } from '../../../lib/services';
import { useAuth } from '../../../app/auth';
import { useToast } from '../../../components/ui';
import { ApiError, describeError } from '../../../lib/http';
import { queryKeys } from '../../../lib/queryKeys';
import type { ReviewFile } from '../api';
import type { Busy } from '../components/ReviewToolbar';
import type { DeskMode } from '../components/ArtworkView';
import { draftFromMetadata, toEdits } from '../logic/draft';
import { decidedElsewhere, type DecidedElsewhere } from '../logic/elsewhere';
import { afterDecision, neighbour, visibleIds } from '../logic/queue';
import { useDecisions } from './useDecisions';
import { useDraftStores } from './useDraftStores';
import { usePrefetchArtwork } from './usePrefetchArtwork';
import { reviewFileOptions, useReviewFile } from './useReviewFile';
import { useReviewQueue } from './useReviewQueue';

const route = getRouteApi('/_app/review');

export const modeOf = (status: string | undefined): DeskMode => (status === 'PROCESSED' ? 'review' : status === 'APPROVED' || status === 'PUBLISHED' ? 'edit' : 'none');

const isCode = (err: unknown, code: string) => err instanceof ApiError && err.code === code;

export function useReviewDesk() {
  const { file: fileParam } = route.useSearch();
  const navigate = route.useNavigate();
  const { username, isAdmin } = useAuth();
  const toast = useToast();
  const queryClient = useQueryClient();
  const request = useGraphql();
  const queue = useReviewQueue();
  const decisions = useDecisions();
  const drafts = useDraftStores();

  const [currentId, setCurrentId] = useState<string | null>(fileParam ?? null);
  const [decided, setDecided] = useState<ReadonlyMap<string, number>>(() => new Map());
  const [notice, setNotice] = useState<DecidedElsewhere | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [decidedCount, setDecidedCount] = useState(0);
  /** Bumped after a save: the form starts again from the saved text. */
  const [version, setVersion] = useState(0);
  /** Artworks seen waiting for review here (so leaving review meanwhile is news). */
  const seenWaiting = useRef(new Set<string>());
  /** Artworks this tab is deciding (their own events are not news). */
  const mine = useRef(new Set<string>());
  /** One decision at a time (a double press must not send two). */
  const inFlight = useRef(false);

  const visible = useMemo(() => visibleIds(queue.data, decided), [queue.data, decided]);
  const shownId = currentId ?? visible[0] ?? null;
  const fileQuery = useReviewFile(shownId);
  const file = shownId && fileQuery.data?.id === shownId ? fileQuery.data : null;
  const mode = modeOf(file?.status);
  const store = file ? drafts.storeFor(file) : null;

  // Pin the first artwork shown: one arriving at the top of the queue must not replace it.
  useEffect(() => {
    if (!currentId && shownId) setCurrentId(shownId);
  }, [currentId, shownId]);

  // The URL follows the artwork shown (a reload or a shared link shows it again) …
  const written = useRef(fileParam);
  useEffect(() => {
    const want = shownId ?? undefined;
    if (want === fileParam) return;
    written.current = want;
    void navigate({ search: (prev) => ({ ...prev, file: want }), replace: true });
  }, [shownId, fileParam, navigate]);
  // … and a link followed to another ?file= shows that one.
  useEffect(() => {
    if (fileParam === written.current) return;
    written.current = fileParam;
    if (fileParam) setCurrentId(fileParam);
  }, [fileParam]);

  const nextAfterDecision = afterDecision(visible, shownId);
  usePrefetchArtwork(nextAfterDecision);

  const moveTo = useCallback((id: string | null) => {
    setCurrentId(id);
  }, []);

  const markDecided = useCallback((id: string) => {
    setDecided((m) => new Map(m).set(id, Date.now()));
    drafts.drop(id);
  }, [drafts]);

  // Someone else decided the artwork on screen: say so, and move on (before it is painted
  // in its new state).
  useLayoutEffect(() => {
    if (!file) return;
    if (file.status === 'PROCESSED') {
      seenWaiting.current.add(file.id);
      return;
    }
    if (!seenWaiting.current.has(file.id) || mine.current.has(file.id)) return;
    seenWaiting.current.delete(file.id);
    // The title it has now (what the other person decided on), not this tab's unsaved edit.
    const title = draftFromMetadata(file.metadata)?.title || store?.original.title || file.originalFilename;
    const next = afterDecision(visible, file.id);
    setNotice(decidedElsewhere(file, title, username, { lostEdits: drafts.hasEdits(file.id), movedOn: next !== null }));
    markDecided(file.id);
    moveTo(next);
  }, [file, store, visible, username, drafts, markDecided, moveTo]);

  // The queue no longer lists the artwork on screen, though this tab did not decide it:
  // look at it again (the subscription may have missed the change).
  useEffect(() => {
    if (!queue.data || !file || file.status !== 'PROCESSED' || mine.current.has(file.id)) return;
    if (!queue.data.ids.includes(file.id) && !queue.data.hasMore) void queryClient.invalidateQueries({ queryKey: queryKeys.review.file(file.id) });
  }, [queue.data, file, queryClient]);

  /** Run a decision on the artwork shown; on success move to the next one at once. */
  const decide = useCallback(
    async (kind: Exclude<Busy, null | 'save'>, run: (f: ReviewFile) => Promise<unknown>, done: { title: string; description?: string }, errors: 'toast' | 'throw') => {
      if (!file || inFlight.current) return;
      const id = file.id;
      const next = afterDecision(visible, id);
      inFlight.current = true;
      mine.current.add(id);
      setBusy(kind);
      try {
        await run(file);
      } catch (err) {
        inFlight.current = false;
        mine.current.delete(id);
        setBusy(null);
        if (isCode(err, 'INVALID_STATE') || isCode(err, 'NOT_FOUND')) {
          // Decided elsewhere meanwhile: fetch it again; the effect above says who and moves on.
          const fresh = await queryClient.fetchQuery({ ...reviewFileOptions(request, id), staleTime: 0 }).catch(() => undefined);
          if (fresh === null) {
            // Gone altogether.
            const name = store?.get().values.title || file.originalFilename;
            setNotice({ fileId: id, title: name, reviewer: null, byYou: false, verb: '', at: null, statusLabel: 'Gone', lostEdits: false, movedOn: next !== null });
            markDecided(id);
            moveTo(next);
          } else if (!fresh || fresh.status === 'PROCESSED') {
            // Not a decision elsewhere after all (or it could not be checked): say what the API said.
            toast({ title: 'That didn’t work', description: describeError(err), tone: 'danger' });
          }
          return;
        }
        if (errors === 'throw') throw err;
        toast({ title: kind === 'approve' ? 'Couldn’t approve' : kind === 'reject' ? 'Couldn’t reject' : 'Couldn’t reprocess', description: describeError(err), tone: 'danger' });
        return;
      }
      inFlight.current = false;
      // Decided here: if it is ever shown again (e.g. back after reprocessing), it is news again.
      mine.current.delete(id);
      seenWaiting.current.delete(id);
      setBusy(null);
      setNotice(null);
      setDecidedCount((n) => n + 1);
      markDecided(id);
      moveTo(next);
      toast({ title: done.title, description: done.description });
    },
    [file, visible, store, queryClient, request, markDecided, moveTo, toast],
  );

  /** The title as it stands now (read when a decision is made). */
  const currentTitle = useCallback(() => store?.get().values.title || file?.originalFilename || '', [store, file]);

  const approve = useCallback(() => {
    if (!file || mode !== 'review') return;
    const s = drafts.storeFor(file);
    const edits = s ? toEdits(s.original, s.get().values) : null;
    const name = s?.get().values.title || file.originalFilename;
    void decide('approve', (f) => decisions.approve(f.id, edits), { title: 'Approved', description: name }, 'toast');
  }, [file, mode, drafts, decide, decisions]);

  const reject = useCallback(
    (reason: string) => decide('reject', (f) => decisions.reject(f.id, reason), { title: 'Rejected', description: currentTitle() }, 'throw'),
    [decide, decisions, currentTitle],
  );

  const reprocess = useCallback(
    () => decide('reprocess', (f) => decisions.reprocess(f.id), { title: 'Sent back for reprocessing', description: `“${currentTitle()}” comes back here when it’s ready.` }, 'throw'),
    [decide, decisions, currentTitle],
  );

  const save = useCallback(async () => {
    if (!file || mode !== 'edit' || inFlight.current) return;
    const s = drafts.storeFor(file);
    const edits = s ? toEdits(s.original, s.get().values) : null;
    if (!edits) return;
    inFlight.current = true;
    setBusy('save');
    try {
      const { file: saved } = await decisions.save(file.id, edits);
      drafts.drop(file.id);
      setVersion((v) => v + 1);
      toast({
        title: 'Changes saved',
        description: saved.status === 'PUBLISHED' ? 'The Shopify product will follow in a moment.' : 'The Shopify listing being made will use them.',
      });
    } catch (err) {
      toast({ title: 'Couldn’t save', description: describeError(err), tone: 'danger' });
    } finally {
      inFlight.current = false;
      setBusy(null);
    }
  }, [file, mode, drafts, decisions, toast]);

  const renewPreview = useCallback(() => {
    if (shownId) void queryClient.invalidateQueries({ queryKey: queryKeys.review.file(shownId) });
  }, [shownId, queryClient]);

  const index = shownId ? visible.indexOf(shownId) : -1;
  const position = index === -1 ? null : { index: index + 1, total: visible.length, more: Boolean(queue.data?.hasMore) };
  const previous = neighbour(visible, shownId, -1);
  const next = neighbour(visible, shownId, 1);

  return {
    queue,
    fileQuery,
    file,
    shownId,
    store,
    formVersion: version,
    mode,
    busy,
    notice,
    dismissNotice: () => setNotice(null),
    decidedCount,
    position,
    goPrevious: previous ? () => moveTo(previous) : null,
    goNext: next ? () => moveTo(next) : null,
    approve,
    reject,
    reprocess: isAdmin ? reprocess : null,
    save,
    currentTitle,
    renewPreview,
  };
}
