/**
 * The large preview with its 100 % loupe. The signed URL it first showed is kept while
 * it works (a refetch brings a new signature each time; swapping would download the
 * image again); if it fails (expired), the file is fetched again for a fresh URL.
 */
import { useEffect, useRef, useState } from 'react';
import { ImageOff, ZoomIn } from 'lucide-react';
import { Button, Skeleton } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { useLoupe } from '../hooks/useLoupe';
import { Loupe } from './Loupe';

export interface ArtworkPreviewProps {
  url: string | null;
  alt: string;
  /** The original's pixel size, for the shape before the image arrives. */
  width?: number | null;
  height?: number | null;
  /** Fetch the file again (a fresh signed URL). */
  onRenew: () => void;
}

const canHover = () => typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia('(hover: hover)').matches;

export function ArtworkPreview({ url, alt, width, height, onRenew }: ArtworkPreviewProps) {
  const [src, setSrc] = useState(url);
  const [status, setStatus] = useState<'loading' | 'loaded' | 'error'>('loading');
  const [natural, setNatural] = useState({ width: 0, height: 0 });
  const [box, setBox] = useState({ width: 0, height: 0 });
  const renewals = useRef(0);
  const wrap = useRef<HTMLDivElement>(null);
  const loupe = useLoupe();
  const [hover] = useState(canHover);

  // A fresh URL is taken only when the one shown failed (or there was none).
  useEffect(() => {
    if (url && (status === 'error' || !src) && url !== src) {
      setSrc(url);
      setStatus('loading');
    }
  }, [url, status, src]);

  useEffect(() => {
    const el = wrap.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([entry]) => setBox({ width: entry.contentRect.width, height: entry.contentRect.height }));
    ro.observe(el);
    return () => ro.disconnect();
  }, [src]);

  if (!src) {
    return (
      <div className="flex aspect-[4/3] flex-col items-center justify-center gap-2 rounded-2xl bg-surface-2 text-sm text-muted">
        <ImageOff aria-hidden="true" className="size-6" />
        No preview for this artwork yet.
      </div>
    );
  }

  const ratio = natural.width ? natural.width / natural.height : width && height ? width / height : 4 / 3;
  const failed = status === 'error' && renewals.current >= 2;
  const hint = loupe.state.pinned
    ? 'Arrow keys or drag move the loupe · Esc closes it'
    : hover
      ? 'Hover over the picture to see it at 100 %'
      : 'Tap the picture to see it at 100 %';

  return (
    <figure className="space-y-2.5">
      <div className="flex justify-center rounded-xl bg-surface-2 p-2.5 sm:p-4">
        <div
          ref={wrap}
          className={cn('relative select-none', loupe.state.on ? 'cursor-none' : 'cursor-zoom-in')}
          style={{ width: `min(100%, calc(66vh * ${ratio}))`, aspectRatio: String(ratio), touchAction: loupe.state.on ? 'none' : 'pan-y' }}
          {...loupe.surface}
        >
          {status !== 'loaded' && !failed && <Skeleton className="absolute inset-0 rounded-md" />}
          {failed ? (
            <div role="alert" className="absolute inset-0 flex flex-col items-center justify-center gap-3 rounded-md bg-surface text-center text-sm text-muted">
              <ImageOff aria-hidden="true" className="size-6" />
              The preview didn’t load.
              <Button
                size="sm"
                variant="secondary"
                onClick={() => {
                  renewals.current = 0;
                  setStatus('error');
                  onRenew();
                }}
              >
                Try again
              </Button>
            </div>
          ) : (
            <img
              key={src}
              src={src}
              alt={alt}
              draggable={false}
              decoding="async"
              className={cn('size-full rounded-md object-contain shadow-card transition-opacity', status === 'loaded' ? 'opacity-100' : 'opacity-0')}
              onLoad={(e) => {
                setNatural({ width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight });
                setStatus('loaded');
                renewals.current = 0;
              }}
              onError={() => {
                renewals.current += 1;
                setStatus('error');
                if (renewals.current < 2) onRenew();
              }}
            />
          )}
          {status === 'loaded' && <Loupe state={loupe.state} src={src} box={box} natural={natural} size={loupe.state.touch ? 150 : 200} />}
        </div>
      </div>
      <figcaption className="flex flex-wrap items-center justify-between gap-2 px-1 pb-0.5">
        <p className="text-xs text-muted">{hint}</p>
        <Button size="sm" variant="secondary" aria-pressed={loupe.state.pinned} disabled={status !== 'loaded'} onClick={loupe.toggle} onKeyDown={loupe.onKeyDown}>
          <ZoomIn aria-hidden="true" className="size-4" />
          Zoom 100 %
        </Button>
      </figcaption>
    </figure>
  );
}
