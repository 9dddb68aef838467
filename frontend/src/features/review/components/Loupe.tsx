/**
 * The lens: the preview image at 100 % (one image pixel per CSS pixel), centred on the
 * point it looks at. Decorative for screen readers (the image itself has the alt text).
 */
import type { LoupeState } from '../hooks/useLoupe';

export interface LoupeProps {
  state: LoupeState;
  src: string;
  /** The image as displayed, CSS px. */
  box: { width: number; height: number };
  /** The image's own size, px. */
  natural: { width: number; height: number };
  size?: number;
}

export function Loupe({ state, src, box, natural, size = 200 }: LoupeProps) {
  if (!state.on || !box.width || !natural.width) return null;
  const r = size / 2;
  const cx = state.x * box.width;
  const cy = state.y * box.height;
  // Above a finger, so the finger does not hide what it magnifies.
  const lift = state.touch ? size * 0.65 : 0;
  const nx = state.x * natural.width;
  const ny = state.y * natural.height;
  return (
    <div
      aria-hidden="true"
      data-testid="loupe"
      className="pointer-events-none absolute z-10 rounded-full border-2 border-white shadow-pop ring-1 ring-black/20"
      style={{
        width: size,
        height: size,
        left: cx - r,
        top: cy - r - lift,
        backgroundImage: `url("${src}")`,
        backgroundRepeat: 'no-repeat',
        backgroundSize: `${natural.width}px ${natural.height}px`,
        backgroundPosition: `${r - nx}px ${r - ny}px`,
        backgroundColor: 'var(--surface-2)',
      }}
    />
  );
}
