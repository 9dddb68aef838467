/** The JSON viewer shows text, never HTML: a payload holding markup is displayed, not run. */
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { JsonViewer } from '../../src/features/jobs/components/JsonViewer';
import { formatJson, jsonTokens } from '../../src/features/jobs/model/json';

const hostile = { title: '<script>alert("x")</script>', html: '<img src=x onerror="alert(1)">', n: 3, ok: true, none: null, nested: { list: [1, 'two'] } };

describe('JsonViewer', () => {
  it('renders a payload with <script> as text: no script or img element, the characters shown', () => {
    const { container } = render(<JsonViewer title="Payload" value={hostile} />);
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    const pre = container.querySelector('pre')!;
    expect(pre.textContent).toBe(JSON.stringify(hostile, null, 2));
    expect(pre.textContent).toContain('"<script>alert(\\"x\\")</script>"');
    expect(pre.innerHTML).toContain('&lt;script&gt;');
  });

  it('is a labelled, focusable region; says so when there is no value', () => {
    render(
      <>
        <JsonViewer title="Result" value={null} emptyText="No result yet." />
        <JsonViewer title="Checkpoint" value={{ step: 'upscale' }} />
      </>,
    );
    expect(screen.getByText('No result yet.')).toBeInTheDocument();
    const region = screen.getByRole('region', { name: 'Checkpoint' });
    expect(region.querySelector('pre')).toHaveAttribute('tabindex', '0');
    // one Copy, for the value that exists; described by its section's title
    const copy = screen.getByRole('button', { name: 'Copy' });
    expect(copy).toHaveAccessibleDescription('Checkpoint');
  });

  it('copies the exact text', async () => {
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue();
    render(<JsonViewer title="Payload" value={hostile} />);
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(writeText).toHaveBeenCalledWith(JSON.stringify(hostile, null, 2));
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeInTheDocument();
  });

  it('shows big values without colouring, still as text', () => {
    const big = { blob: 'x'.repeat(50_000), tag: '<b>bold</b>' };
    const { container } = render(<JsonViewer title="Payload" value={big} />);
    expect(container.querySelector('b')).toBeNull();
    expect(container.querySelector('pre span')).toBeNull();
    expect(container.querySelector('pre')!.textContent).toBe(JSON.stringify(big, null, 2));
  });
});

describe('jsonTokens', () => {
  it('concatenates back to the text, with keys, strings, numbers and literals told apart', () => {
    const text = formatJson({ a: 'x: "y"', b: -1.5e3, c: [true, null] })!;
    const tokens = jsonTokens(text);
    expect(tokens.map((t) => t.text).join('')).toBe(text);
    expect(tokens.filter((t) => t.kind === 'key').map((t) => t.text)).toEqual(['"a"', '"b"', '"c"']);
    expect(tokens.filter((t) => t.kind === 'string').map((t) => t.text)).toEqual(['"x: \\"y\\""']);
    expect(tokens.filter((t) => t.kind === 'number').map((t) => t.text)).toEqual(['-1500']);
    expect(tokens.filter((t) => t.kind === 'literal').map((t) => t.text)).toEqual(['true', 'null']);
  });

  it('formats what it is given', () => {
    expect(formatJson(undefined)).toBeUndefined();
    expect(formatJson(null)).toBe('null');
    expect(formatJson('<p>')).toBe('"<p>"');
  });
});
