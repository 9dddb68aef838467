/**
 * A painting's image from a signed URL: lazy-loaded, on a soft placeholder until it
 * arrives; an icon when there is no image (yet) or it fails.
 *
 * The API signs image URLs for 5 minutes, so every refetch brings a new URL for the same
 * picture. An image already on screen keeps its URL (no reload, no flicker on each live
 * refetch); one that fails after its time is up takes the newest URL, or asks for fresh
 * data (`onExpired`) when it has none.
 */
import { useEffect, useState } from 'react';
import { ImageOff, Image as ImageIcon } from 'lucide-react';
import { cn } from '../../../lib/cn';
import { signedUrlExpired } from '../metadata';

type LoadState = 'loading' | 'loaded' | 'failed';

export interface SignedImageProps {
  src: string | null | undefined;
  /** Empty for a decorative thumbnail beside its filename. */
  alt?: string;
  fit?: 'cover' | 'contain';
  className?: string;
  iconClassName?: string;
  /** Where there is no image at all (e.g. "No preview yet"); shown under the icon. */
  emptyLabel?: string;
  onExpired?: () => void;
  /** The image failed for another reason (e.g. not made yet): the caller may offer another. */
  onFailed?: () => void;
}

export function SignedImage({ src, alt = '', fit = 'cover', className, iconClassName, emptyLabel, onExpired, onFailed }: SignedImageProps) {
  const [shown, setShown] = useState(src);
  const [state, setState] = useState<LoadState>('loading');

  useEffect(() => {
    if (src === shown) return;
    if (state === 'loaded' && shown && src) return; // the picture is on screen: keep it
    setShown(src);
    setState('loading');
  }, [src, shown, state]);

  const onError = () => {
    if (shown && signedUrlExpired(shown)) {
      if (src && src !== shown) {
        setShown(src);
        setState('loading');
        return;
      }
      onExpired?.();
    } else {
      onFailed?.();
    }
    setState('failed');
  };

  const missing = !shown || state === 'failed';
  return (
    <span className={cn('relative block shrink-0 overflow-hidden bg-surface-2', className)}>
      {(missing || state === 'loading') && (
        <span aria-hidden={emptyLabel && missing ? undefined : true} className={cn('absolute inset-0 flex flex-col items-center justify-center gap-2 text-muted', !missing && 'animate-pulse')}>
          {missing ? <ImageOff aria-hidden="true" className={cn('size-4', iconClassName)} /> : <ImageIcon aria-hidden="true" className={cn('size-4 opacity-50', iconClassName)} />}
          {missing && emptyLabel && <span className="text-sm">{emptyLabel}</span>}
        </span>
      )}
      {shown && state !== 'failed' && (
        <img
          src={shown}
          alt={alt}
          loading="lazy"
          decoding="async"
          draggable={false}
          onLoad={() => setState('loaded')}
          onError={onError}
          className={cn('relative size-full transition-opacity duration-200', fit === 'cover' ? 'object-cover' : 'object-contain', state === 'loaded' ? 'opacity-100' : 'opacity-0')}
        />
      )}
    </span>
  );
}
