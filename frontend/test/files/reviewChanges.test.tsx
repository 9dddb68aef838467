/** A review's `changes` (field → {from, to}) rendered readably: each field's before and after, hashtags as added / removed. */
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { describeChanges } from '../../src/features/files/changes';
import { ReviewChanges } from '../../src/features/files/components/ReviewChanges';

const LONG_BEFORE = 'This grey heron was painted from life in the soft light of early morning. '.repeat(4).trim();

const changes = {
  title: { from: 'Grey Heron in Morning Light – Canvas Print', to: 'Grey Heron at Dawn – Canvas Print' },
  species: { from: 'Heron', to: 'Grey Heron' },
  description: { from: LONG_BEFORE, to: 'A grey heron at dawn.' },
  hashtags: { from: ['#wildlife', '#heron', '#printondemand'], to: ['#wildlife', '#heron', '#birdart', '#greyheron'] },
  captions: {
    from: { instagram: 'Old instagram', tiktok: 'Same tiktok', pinterest: 'Old pin' },
    to: { instagram: 'New instagram', tiktok: 'Same tiktok', pinterest: 'New pin' },
  },
  filename: { from: null, to: 'grey-heron-at-dawn.jpg' },
};

const item = (field: string) => document.querySelector(`[data-field="${field}"]`) as HTMLElement;

describe('describeChanges', () => {
  it('orders the fields as the form does and splits captions per platform (unchanged ones left out)', () => {
    expect(describeChanges(changes).map((l) => l.field)).toEqual(['title', 'description', 'hashtags', 'species', 'filename', 'captions.instagram', 'captions.pinterest']);
  });

  it('hashtags become added and removed (an order-only change is no change)', () => {
    const [tags] = describeChanges({ hashtags: changes.hashtags });
    expect(tags).toEqual({ kind: 'tags', field: 'hashtags', label: 'Hashtags', added: ['#birdart', '#greyheron'], removed: ['#printondemand'] });
    expect(describeChanges({ hashtags: { from: ['#a', '#b'], to: ['#b', '#a'] } })).toEqual([]);
  });

  it('keeps unknown fields as text, and ignores anything that is not an object', () => {
    expect(describeChanges({ priceNote: { from: 1, to: 2 } })).toEqual([{ kind: 'text', field: 'priceNote', label: 'Price note', from: '1', to: '2', long: false }]);
    expect(describeChanges(null)).toEqual([]);
    expect(describeChanges('nope')).toEqual([]);
  });
});

describe('ReviewChanges', () => {
  it('shows each text field from → to', () => {
    render(<ReviewChanges changes={changes} />);
    const title = item('title');
    expect(within(title).getByText('Title')).toBeInTheDocument();
    expect(title.querySelector('del')).toHaveTextContent('Grey Heron in Morning Light – Canvas Print');
    expect(title.querySelector('ins')).toHaveTextContent('Grey Heron at Dawn – Canvas Print');

    // Short values read inline: "from Heron → to Grey Heron"
    const species = item('species');
    expect(species.querySelector('del')).toHaveTextContent('from Heron');
    expect(species.querySelector('ins')).toHaveTextContent('to Grey Heron');

    // An empty before says so.
    expect(item('filename').querySelector('del')).toHaveTextContent('empty');
    expect(item('filename').querySelector('ins')).toHaveTextContent('grey-heron-at-dawn.jpg');
  });

  it('shows every changed caption on its own, labelled by platform, and not the unchanged one', () => {
    render(<ReviewChanges changes={changes} />);
    const insta = item('captions.instagram');
    expect(within(insta).getByText('Instagram caption')).toBeInTheDocument();
    expect(within(insta).getByText('Before').nextSibling).toHaveTextContent('Old instagram');
    expect(within(insta).getByText('After').nextSibling).toHaveTextContent('New instagram');
    expect(item('captions.pinterest')).toHaveTextContent('New pin');
    expect(item('captions.tiktok')).toBeNull();
    expect(screen.queryByText('Same tiktok')).toBeNull();
  });

  it('shows hashtags as added and removed lists', () => {
    render(<ReviewChanges changes={changes} />);
    const added = screen.getByRole('list', { name: 'Hashtags added (2)' });
    expect(within(added).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['+#birdart', '+#greyheron']);
    const removed = screen.getByRole('list', { name: 'Hashtags removed (1)' });
    expect(within(removed).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['−#printondemand']);
  });

  it('folds a long before text and opens it on request', async () => {
    const user = userEvent.setup();
    render(<ReviewChanges changes={{ description: changes.description }} />);
    const toggle = screen.getByRole('button', { name: 'Show all' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    expect(screen.getByRole('button', { name: 'Show less' })).toHaveAttribute('aria-expanded', 'true');
    expect(item('description')).toHaveTextContent(LONG_BEFORE);
  });

  it('renders text from the AI as text, never as HTML', () => {
    render(<ReviewChanges changes={{ title: { from: '<b>bold</b>', to: '<img src=x onerror=alert(1)>' } }} />);
    expect(document.querySelector('b')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
    expect(item('title')).toHaveTextContent('<img src=x onerror=alert(1)>');
  });

  it('renders nothing when nothing changed', () => {
    const { container } = render(<ReviewChanges changes={null} />);
    expect(container).toBeEmptyDOMElement();
  });
});
