/**
 * The review form's state for one artwork, outside React so that (1) a decision reads
 * the latest values even from inside a key handler that just changed them, and (2) an
 * artwork's edits survive moving to the next one and back (the desk keeps one store
 * per artwork it has shown).
 *
 * The species → filename rule lives here: while the filename has not been edited by
 * hand, it follows the species (its prefix is the species' slug).
 */
import { followFilename } from './filename';
import type { Draft, DraftField } from './draft';

export interface DraftState {
  values: Draft;
  /** The reviewer typed the filename: the species no longer changes it. */
  filenameByHand: boolean;
}

export class DraftStore {
  private state: DraftState;
  private readonly listeners = new Set<() => void>();

  constructor(readonly original: Draft) {
    this.state = { values: { ...original, hashtags: [...original.hashtags] }, filenameByHand: false };
  }

  get = (): DraftState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The filename the species would give (the draft's filename with its prefix swapped). */
  followedFilename(species = this.state.values.species): string {
    return followFilename(this.original.filename, this.original.species, species);
  }

  set<F extends DraftField>(field: F, value: Draft[F]): void {
    const values = { ...this.state.values, [field]: value };
    let { filenameByHand } = this.state;
    if (field === 'species' && !filenameByHand) values.filename = this.followedFilename(value as string);
    if (field === 'filename') filenameByHand = value !== this.followedFilename(values.species);
    this.commit({ values, filenameByHand });
  }

  /** Back to the draft's value (the species takes a following filename back with it). */
  revert(field: DraftField): void {
    const original = this.original[field];
    this.set(field, (Array.isArray(original) ? [...original] : original) as Draft[typeof field]);
  }

  /** Let the filename follow the species again (after it was edited by hand). */
  followSpecies(): void {
    this.commit({ values: { ...this.state.values, filename: this.followedFilename() }, filenameByHand: false });
  }

  private commit(next: DraftState): void {
    this.state = next;
    for (const l of this.listeners) l();
  }
}
