/** The species → filename rule, and the edits sent on approval (only what changed). */
import { describe, expect, it } from 'vitest';
import { draftFromMetadata, toEdits, type Draft } from '../../src/features/review/logic/draft';
import { DraftStore } from '../../src/features/review/logic/draftStore';
import { filenameProblem, followFilename, slugify } from '../../src/features/review/logic/filename';

const draft: Draft = {
  species: 'Red Fox',
  filename: 'red-fox-morning-light.jpg',
  title: 'Red Fox in Morning Light',
  description: 'A fox.',
  hashtags: ['#fox', '#wildlife'],
  instagram: 'ig',
  tiktok: 'tt',
  pinterest: 'pin',
};

describe('the filename follows the species', () => {
  it('slugs like the API', () => {
    expect(slugify('Grey Héron')).toBe('grey-heron');
    expect(slugify('  Kingfisher (Alcedo atthis) ')).toBe('kingfisher-alcedo-atthis');
  });

  it('swaps the species prefix and keeps the rest', () => {
    expect(followFilename('red-fox-morning-light.jpg', 'Red Fox', 'Arctic Fox')).toBe('arctic-fox-morning-light.jpg');
    expect(followFilename('red-fox-morning-light.jpg', 'Red Fox', '')).toBe('morning-light.jpg');
    // a draft filename without the prefix: the new prefix goes in front
    expect(followFilename('morning-light.jpg', 'Red Fox', 'Otter')).toBe('otter-morning-light.jpg');
  });

  it('changing the species changes the filename, each keystroke', () => {
    const s = new DraftStore(draft);
    s.set('species', 'Arctic Fox');
    expect(s.get().values.filename).toBe('arctic-fox-morning-light.jpg');
    s.set('species', 'Arctic');
    expect(s.get().values.filename).toBe('arctic-morning-light.jpg');
    s.set('species', '');
    s.set('species', 'Grey Héron');
    expect(s.get().values.filename).toBe('grey-heron-morning-light.jpg');
    expect(s.get().filenameByHand).toBe(false);
  });

  it('a filename edited by hand no longer follows', () => {
    const s = new DraftStore(draft);
    s.set('filename', 'red-fox-at-dawn.jpg');
    expect(s.get().filenameByHand).toBe(true);
    s.set('species', 'Arctic Fox');
    expect(s.get().values.filename).toBe('red-fox-at-dawn.jpg');
    expect(filenameProblem(s.get().values.filename, s.get().values.species)).toBe('Start it with the species: “arctic-fox-…”.');
    // … until asked to follow again
    s.followSpecies();
    expect(s.get().values.filename).toBe('arctic-fox-morning-light.jpg');
    expect(s.get().filenameByHand).toBe(false);
  });

  it('typing exactly what following would give is not "by hand"', () => {
    const s = new DraftStore(draft);
    s.set('filename', 'red-fox-morning-light.jp');
    s.set('filename', 'red-fox-morning-light.jpg');
    expect(s.get().filenameByHand).toBe(false);
  });

  it('reverting the species takes a following filename back with it', () => {
    const s = new DraftStore(draft);
    s.set('species', 'Otter');
    s.revert('species');
    expect(s.get().values).toEqual(draft);
  });

  it('checks the filename’s shape', () => {
    expect(filenameProblem('red-fox-morning-light.jpg', 'Red Fox')).toBeNull();
    expect(filenameProblem('Red Fox.jpg', 'Red Fox')).toMatch(/lower-case letters/);
    expect(filenameProblem('red-fox.png', 'Red Fox')).toMatch(/\.jpg/);
  });
});

describe('toEdits', () => {
  it('is null when nothing changed (approved as drafted)', () => {
    expect(toEdits(draft, { ...draft, hashtags: [...draft.hashtags] })).toBeNull();
  });

  it('carries only the changed fields, captions nested', () => {
    const s = new DraftStore(draft);
    s.set('title', 'Red Fox at First Light');
    s.set('tiktok', 'new tt');
    s.set('hashtags', ['#fox', '#wildlife', '#dawn']);
    expect(toEdits(draft, s.get().values)).toEqual({ title: 'Red Fox at First Light', hashtags: ['#fox', '#wildlife', '#dawn'], captions: { tiktok: 'new tt' } });
  });

  it('a species change sends the filename that followed it', () => {
    const s = new DraftStore(draft);
    s.set('species', 'Arctic Fox');
    expect(toEdits(draft, s.get().values)).toEqual({ species: 'Arctic Fox', filename: 'arctic-fox-morning-light.jpg' });
  });

  it('an edit typed back to the draft is no edit', () => {
    const s = new DraftStore(draft);
    s.set('title', 'x');
    s.set('title', draft.title);
    expect(toEdits(draft, s.get().values)).toBeNull();
  });

  it('reads the API’s metadata JSON (and nothing when there is none)', () => {
    expect(draftFromMetadata(null)).toBeNull();
    expect(
      draftFromMetadata({ species: 'Red Fox', filename: 'red-fox-a.jpg', title: 'T', description: 'D', hashtags: ['#a', 3], captions: { instagram: 'i', tiktok: 't', pinterest: 'p' } }),
    ).toEqual({ species: 'Red Fox', filename: 'red-fox-a.jpg', title: 'T', description: 'D', hashtags: ['#a'], instagram: 'i', tiktok: 't', pinterest: 'p' });
  });
});
