/** Signed thumbnails: lazy with a placeholder; a loaded picture keeps its URL across refetches; an expired one asks for fresh data. */
import { fireEvent, render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { SignedImage } from '../../src/features/files/components/SignedImage';
import { readableReason, signedUrlExpired } from '../../src/features/files/metadata';

const url = (exp: number, sig = 'a') => `/api/files/f1/thumbnail?exp=${exp}&sig=${sig}`;
const now = Math.floor(Date.now() / 1000);

describe('signedUrlExpired', () => {
  it('reads exp (unix seconds) from the URL', () => {
    expect(signedUrlExpired(url(now - 1))).toBe(true);
    expect(signedUrlExpired(url(now + 300))).toBe(false);
    expect(signedUrlExpired('/api/files/f1/thumbnail')).toBe(false);
    expect(signedUrlExpired(null)).toBe(false);
  });
});

describe('SignedImage', () => {
  it('is lazy, decorative by default, on a placeholder until it loads', () => {
    const { container } = render(<SignedImage src={url(now + 300)} />);
    const img = container.querySelector('img')!;
    expect(img).toHaveAttribute('loading', 'lazy');
    expect(img).toHaveAttribute('alt', '');
    expect(container.querySelector('.animate-pulse')).not.toBeNull();
    fireEvent.load(img);
    expect(container.querySelector('.animate-pulse')).toBeNull();
  });

  it('keeps a loaded picture’s URL when a refetch brings a newly signed one (no reload per live update)', () => {
    const { container, rerender } = render(<SignedImage src={url(now + 300, 'first')} />);
    fireEvent.load(container.querySelector('img')!);
    rerender(<SignedImage src={url(now + 301, 'second')} />);
    expect(container.querySelector('img')).toHaveAttribute('src', url(now + 300, 'first'));
  });

  it('an image whose signature ran out asks for fresh data, then shows the new URL', () => {
    const onExpired = vi.fn();
    const { container, rerender } = render(<SignedImage src={url(now - 5, 'old')} onExpired={onExpired} />);
    fireEvent.error(container.querySelector('img')!);
    expect(onExpired).toHaveBeenCalledTimes(1);
    rerender(<SignedImage src={url(now + 300, 'fresh')} onExpired={onExpired} />);
    expect(container.querySelector('img')).toHaveAttribute('src', url(now + 300, 'fresh'));
  });

  it('no image: an icon and, where given, a label', () => {
    const { container, getByText } = render(<SignedImage src={null} emptyLabel="No preview yet" />);
    expect(container.querySelector('img')).toBeNull();
    expect(getByText('No preview yet')).toBeInTheDocument();
  });
});

describe('readableReason', () => {
  it('splits a leading code from the sentence', () => {
    expect(readableReason('UNSUPPORTED_RATIO: 2300×2000 is 1.150:1')).toEqual({ code: 'UNSUPPORTED_RATIO', text: '2300×2000 is 1.150:1' });
    expect(readableReason('ARCHIVED: sold the original')).toEqual({ code: 'ARCHIVED', text: 'Sold the original' });
    expect(readableReason('just words')).toEqual({ code: null, text: 'Just words' });
    expect(readableReason('  ')).toBeNull();
  });
});
