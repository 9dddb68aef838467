/** Hashtag chips: Enter or comma adds, Backspace in the empty input removes the last, repeats refused (saying so), the count. */
import { useState } from 'react';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { HashtagInput } from '../../src/features/review/components/HashtagInput';
import { addHashtags, normaliseHashtag } from '../../src/features/review/logic/hashtags';

function Harness({ initial = ['#wildlife', '#barnowl'], onChange }: { initial?: string[]; onChange?: (t: string[]) => void }) {
  const [tags, setTags] = useState(initial);
  return (
    <>
      <label htmlFor="tags">Hashtags</label>
      <HashtagInput
        id="tags"
        value={tags}
        onChange={(t) => {
          setTags(t);
          onChange?.(t);
        }}
      />
    </>
  );
}

const chips = () => within(screen.getByRole('list', { name: 'Hashtags added' })).getAllByRole('listitem').map((li) => li.firstChild?.textContent);

describe('HashtagInput', () => {
  it('Enter adds what was typed as a hashtag (the # added when missing, spaces dropped)', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const input = screen.getByLabelText('Hashtags');
    await user.type(input, 'owl art{Enter}');
    expect(chips()).toEqual(['#wildlife', '#barnowl', '#owlart']);
    expect(input).toHaveValue('');
    expect(screen.getByRole('status')).toHaveTextContent('Added #owlart.');
  });

  it('a comma adds too, and a pasted list adds each', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const input = screen.getByLabelText('Hashtags');
    await user.type(input, '#fen,');
    expect(chips()).toContain('#fen');
    expect(input).toHaveValue('');
    await user.click(input);
    await user.paste('#marsh, #reeds, #dusk');
    expect(chips()).toEqual(['#wildlife', '#barnowl', '#fen', '#marsh', '#reeds']);
    expect(input).toHaveValue('#dusk');
    await user.keyboard('{Enter}');
    expect(chips()).toEqual(['#wildlife', '#barnowl', '#fen', '#marsh', '#reeds', '#dusk']);
  });

  it('Backspace in the empty input removes the last chip; with text it edits the text', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    render(<Harness onChange={onChange} />);
    const input = screen.getByLabelText('Hashtags');
    await user.type(input, 'ab{Backspace}');
    expect(input).toHaveValue('a');
    expect(onChange).not.toHaveBeenCalled();
    await user.clear(input);
    await user.keyboard('{Backspace}');
    expect(chips()).toEqual(['#wildlife']);
    expect(screen.getByRole('status')).toHaveTextContent('Removed #barnowl.');
  });

  it('refuses a repeat (whatever its case), saying so, and keeps the text to fix', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const input = screen.getByLabelText('Hashtags');
    await user.type(input, 'WildLife{Enter}');
    expect(chips()).toEqual(['#wildlife', '#barnowl']);
    expect(screen.getByRole('status')).toHaveTextContent('#WildLife is already there.');
    expect(input).toHaveValue('WildLife');
    expect(input).toHaveAttribute('aria-invalid', 'true');
  });

  it('refuses what cannot be a hashtag', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.type(screen.getByLabelText('Hashtags'), 'red-fox{Enter}');
    expect(chips()).toEqual(['#wildlife', '#barnowl']);
    expect(screen.getByRole('status')).toHaveTextContent('#red-fox can’t be a hashtag: use only letters, digits or _.');
  });

  it('each chip has a remove button named after it; focus moves to the next chip', async () => {
    const user = userEvent.setup();
    render(<Harness initial={['#a', '#b', '#c']} />);
    await user.click(screen.getByRole('button', { name: 'Remove #b' }));
    expect(chips()).toEqual(['#a', '#c']);
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Remove #c' })).toHaveFocus());
  });

  it('shows the count against 20–30, amber outside it, as the field’s description', async () => {
    const user = userEvent.setup();
    const nineteen = Array.from({ length: 19 }, (_, i) => `#t${i}`);
    render(<Harness initial={nineteen} />);
    const input = screen.getByLabelText('Hashtags');
    expect(input).toHaveAccessibleDescription(/19 hashtags of 20–30/);
    expect(screen.getByText('19 hashtags of 20–30')).toHaveAttribute('data-level', 'warn');
    await user.type(input, 't19{Enter}');
    expect(screen.getByText('20 hashtags of 20–30')).toHaveAttribute('data-level', 'ok');
  });

  it('normalises and checks like the API', () => {
    expect(normaliseHashtag('  ##Barn Owl ')).toBe('#BarnOwl');
    expect(normaliseHashtag('#')).toBe('');
    expect(addHashtags(['#a'], 'b, a, c')).toMatchObject({ ok: false, tags: ['#a', '#b'], added: ['#b'], message: '#a is already there.' });
    expect(addHashtags([], 'héron_2')).toMatchObject({ ok: true, tags: ['#héron_2'] });
  });
});
