/** "Changed from the draft": a marker per edited field, what changed (words struck / added), and a way back. */
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { MetadataForm } from '../../src/features/review/components/MetadataForm';
import { diffTags, diffWords } from '../../src/features/review/logic/diff';
import type { Draft } from '../../src/features/review/logic/draft';
import { DraftStore } from '../../src/features/review/logic/draftStore';

const draft: Draft = {
  species: 'Barn Owl',
  filename: 'barn-owl-over-the-dyke.jpg',
  title: 'Barn Owl over the Dyke – Canvas Print',
  description: 'A barn owl quartering the dyke at dusk.',
  hashtags: ['#barnowl', '#wildlife', '#fen'],
  instagram: 'Dusk on the fen.',
  tiktok: 'Watch the owl.',
  pinterest: 'Barn owl canvas print.',
};

const field = (label: string) => document.querySelector<HTMLElement>(`[data-field="${label}"]`)!;

describe('diffWords', () => {
  it('keeps, removes and adds runs of words', () => {
    expect(diffWords('Barn Owl over the Dyke', 'Barn Owl above the quiet Dyke')).toEqual([
      { kind: 'same', text: 'Barn Owl ' },
      { kind: 'removed', text: 'over' },
      { kind: 'added', text: 'above' },
      { kind: 'same', text: ' the ' },
      { kind: 'added', text: 'quiet ' },
      { kind: 'same', text: 'Dyke' },
    ]);
    expect(diffWords('same', 'same')).toEqual([{ kind: 'same', text: 'same' }]);
    expect(diffWords('', 'new')).toEqual([{ kind: 'added', text: 'new' }]);
  });

  it('hashtags: taken out and put in (case-insensitive)', () => {
    expect(diffTags(['#a', '#B', '#c'], ['#b', '#c', '#d'])).toEqual({ removed: ['#a'], added: ['#d'] });
  });
});

describe('the form shows what changed from the draft', () => {
  it('no marker until a field differs; then "Edited", the changes and Revert to draft', async () => {
    const user = userEvent.setup();
    const store = new DraftStore(draft);
    render(<MetadataForm store={store} originalLabel="AI draft" />);
    expect(screen.queryByRole('button', { name: 'Edited' })).toBeNull();

    const title = screen.getByRole('textbox', { name: 'Title' });
    await user.clear(title);
    await user.type(title, 'Barn Owl above the Dyke – Canvas Print');
    const marker = within(field('Title')).getByRole('button', { name: 'Edited' });
    expect(marker).toHaveAccessibleDescription('Title');
    expect(marker).toHaveAttribute('aria-expanded', 'false');
    expect(screen.getAllByRole('button', { name: 'Edited' })).toHaveLength(1);

    await user.click(marker);
    expect(marker).toHaveAttribute('aria-expanded', 'true');
    const panel = within(field('Title'));
    expect(panel.getByText('Changes from the AI draft')).toBeInTheDocument();
    const diff = panel.getByTestId('text-diff');
    expect(diff.querySelector('del')).toHaveTextContent('over');
    expect(diff.querySelector('ins')).toHaveTextContent('above');

    await user.click(panel.getByRole('button', { name: 'Revert to draft' }));
    expect(title).toHaveValue(draft.title);
    expect(within(field('Title')).queryByRole('button', { name: 'Edited' })).toBeNull();
  });

  it('a species change marks the species and the filename that followed it', async () => {
    const user = userEvent.setup();
    const store = new DraftStore(draft);
    render(<MetadataForm store={store} originalLabel="AI draft" />);
    const species = screen.getByRole('textbox', { name: 'Species' });
    await user.clear(species);
    await user.type(species, 'Tawny Owl');
    expect(screen.getByRole('textbox', { name: 'Filename' })).toHaveValue('tawny-owl-over-the-dyke.jpg');
    expect(within(field('Species')).getByRole('button', { name: 'Edited' })).toBeInTheDocument();
    expect(within(field('Filename')).getByRole('button', { name: 'Edited' })).toBeInTheDocument();
    expect(within(field('Filename')).getByText('Follows the species.')).toBeInTheDocument();

    // by hand: it says so, and offers to follow again
    const filename = screen.getByRole('textbox', { name: 'Filename' });
    await user.clear(filename);
    await user.type(filename, 'tawny-owl-at-dusk.jpg');
    await user.clear(species);
    await user.type(species, 'Little Owl');
    expect(filename).toHaveValue('tawny-owl-at-dusk.jpg');
    expect(within(field('Filename')).getByText(/Start it with the species: “little-owl-…”/)).toBeInTheDocument();
  });

  it('hashtags: the diff lists what was removed and added', async () => {
    const user = userEvent.setup();
    const store = new DraftStore(draft);
    render(<MetadataForm store={store} originalLabel="AI draft" />);
    await user.click(screen.getByRole('button', { name: 'Remove #fen' }));
    await user.type(screen.getByRole('textbox', { name: 'Hashtags' }), 'owl{Enter}');
    await user.click(within(field('Hashtags')).getByRole('button', { name: 'Edited' }));
    const diff = within(field('Hashtags')).getByTestId('tag-diff');
    expect(diff).toHaveTextContent('Removed#fen');
    expect(diff).toHaveTextContent('Added#owl');
  });

  it('an approved file compares with its saved version', async () => {
    const user = userEvent.setup();
    render(<MetadataForm store={new DraftStore(draft)} originalLabel="Saved version" />);
    await user.type(screen.getByRole('textbox', { name: 'Pinterest caption' }), '!');
    await user.click(within(field('Pinterest caption')).getByRole('button', { name: 'Edited' }));
    expect(within(field('Pinterest caption')).getByRole('button', { name: 'Revert to saved version' })).toBeInTheDocument();
  });

  it('every field is labelled exactly as the listing names it', () => {
    render(<MetadataForm store={new DraftStore(draft)} originalLabel="AI draft" />);
    for (const label of ['Species', 'Filename', 'Title', 'Description', 'Hashtags', 'Instagram caption', 'TikTok caption', 'Pinterest caption']) {
      expect(screen.getByLabelText(label, { selector: 'input, textarea' })).toBeInTheDocument();
    }
  });
});
