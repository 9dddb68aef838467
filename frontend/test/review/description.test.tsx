/** The description's word count against 100–200, and where a 160-character search snippet ends. */
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SnippetPreview } from '../../src/features/review/components/SnippetPreview';
import { WordCount } from '../../src/features/review/components/WordCount';
import { wordCount } from '../../src/features/review/logic/limits';

const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');

describe('WordCount', () => {
  it('counts words as the API does (runs of non-space)', () => {
    expect(wordCount('  one two\n\nthree\tfour  ')).toBe(4);
    expect(wordCount('')).toBe(0);
  });

  it('is plain within 100–200 and amber outside, in words too', () => {
    const { rerender } = render(<WordCount id="wc" text={words(150)} />);
    const el = () => document.getElementById('wc')!;
    expect(el()).toHaveTextContent('150 words of 100–200');
    expect(el()).toHaveAttribute('data-level', 'ok');

    rerender(<WordCount id="wc" text={words(100)} />);
    expect(el()).toHaveAttribute('data-level', 'ok');
    rerender(<WordCount id="wc" text={words(200)} />);
    expect(el()).toHaveAttribute('data-level', 'ok');

    rerender(<WordCount id="wc" text={words(99)} />);
    expect(el()).toHaveTextContent('99 words of 100–200 · a little short');
    expect(el()).toHaveAttribute('data-level', 'warn');

    rerender(<WordCount id="wc" text={words(201)} />);
    expect(el()).toHaveTextContent('201 words of 100–200 · a little long');
    expect(el()).toHaveAttribute('data-level', 'warn');

    rerender(<WordCount id="wc" text="one" />);
    expect(el()).toHaveTextContent('1 word of 100–200');
  });
});

describe('SnippetPreview', () => {
  it('marks where a 160-character snippet ends: the first 160 characters inside, the rest after the marker', () => {
    const text = 'a'.repeat(150) + ' bcdefghij' + ' after the cut';
    render(<SnippetPreview title="Barn Owl at Dusk" description={text} />);
    expect(screen.getByTestId('snippet-text').textContent).toBe(text.slice(0, 160));
    expect(screen.getByTestId('snippet-text').textContent).toHaveLength(160);
    const marker = screen.getByTestId('snippet-marker');
    expect(marker).toHaveTextContent('search snippet ends here');
    expect(marker.parentElement!.textContent!.split('search snippet ends here')[1]).toContain('after the cut');
    expect(screen.getByText('Barn Owl at Dusk')).toBeInTheDocument();
  });

  it('collapses line breaks as a search result would before counting', () => {
    const text = 'line one\n\n\nline two ' + 'x'.repeat(200);
    render(<SnippetPreview title="T" description={text} />);
    expect(screen.getByTestId('snippet-text').textContent).toBe(('line one line two ' + 'x'.repeat(200)).slice(0, 160));
  });

  it('says when the whole description fits (no marker)', () => {
    render(<SnippetPreview title="T" description={'short and sweet'} />);
    expect(screen.queryByTestId('snippet-marker')).toBeNull();
    expect(screen.getByText('(all of it fits in a search snippet)')).toBeInTheDocument();
    expect(screen.getByTestId('snippet-text')).toHaveTextContent('short and sweet');
  });

  it('a description of exactly 160 characters fits', () => {
    render(<SnippetPreview title="T" description={'y'.repeat(160)} />);
    expect(screen.queryByTestId('snippet-marker')).toBeNull();
  });
});
