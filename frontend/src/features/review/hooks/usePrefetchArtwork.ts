/**
 * Prefetch the artwork that comes next (its data, then its preview image), so that
 * after a decision it is on screen at once.
 */
import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useGraphql } from '../../../lib/services';
import { reviewFileOptions } from './useReviewFile';

/** Images being or already fetched, by URL (a few kept: a dropped Image may stop loading). */
const preloaded = new Map<string, HTMLImageElement>();

export function preloadImage(url: string): void {
  if (preloaded.has(url) || typeof Image === 'undefined') return;
  const img = new Image();
  img.decoding = 'async';
  img.src = url;
  img.decode?.().catch(() => {});
  preloaded.set(url, img);
  while (preloaded.size > 6) preloaded.delete(preloaded.keys().next().value as string);
}

export function usePrefetchArtwork(id: string | null): void {
  const request = useGraphql();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!id) return;
    let cancelled = false;
    const options = reviewFileOptions(request, id);
    void queryClient
      .prefetchQuery(options)
      .then(() => {
        const file = queryClient.getQueryData(options.queryKey);
        if (!cancelled && file?.previewUrl) preloadImage(file.previewUrl);
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [id, request, queryClient]);
}
