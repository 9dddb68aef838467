/** The title counter: plain under 60 characters, amber from 60, red past 70 (guidance, in words too). */
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TitleCounter } from '../../src/features/review/components/TitleCounter';
import { titleLevel } from '../../src/features/review/logic/limits';

const levelOf = (length: number) => {
  const { unmount } = render(<TitleCounter id="c" length={length} />);
  const el = document.getElementById('c')!;
  const out = { level: el.getAttribute('data-level'), text: el.textContent, className: el.className };
  unmount();
  return out;
};

describe('TitleCounter', () => {
  it('is plain up to 59 characters', () => {
    expect(levelOf(0).level).toBe('ok');
    const c = levelOf(59);
    expect(c.level).toBe('ok');
    expect(c.text).toBe('59 / 70 characters');
    expect(c.className).toContain('text-muted');
  });

  it('turns amber at 60, and stays amber up to 70', () => {
    for (const n of [60, 65, 70]) {
      const c = levelOf(n);
      expect(c.level).toBe('warn');
      expect(c.className).toContain('text-amber-800');
      expect(c.text).toBe(`${n} / 70 characters · past the ideal 60`);
    }
  });

  it('turns red past 70, saying so', () => {
    const c = levelOf(71);
    expect(c.level).toBe('over');
    expect(c.className).toContain('text-danger');
    expect(c.text).toBe('71 / 70 characters · too long for search results');
    expect(titleLevel(255)).toBe('over');
  });

  it('is text the title field can point to (aria-describedby)', () => {
    render(
      <>
        <input aria-label="Title" aria-describedby="c" />
        <TitleCounter id="c" length={64} />
      </>,
    );
    expect(screen.getByLabelText('Title')).toHaveAccessibleDescription('64 / 70 characters · past the ideal 60');
  });
});
