import { searchSchema, text } from '../../lib/search';

/** /review?file=<id> opens that artwork (any state: an approved or published one is edited with "Save changes"). */
export const reviewSearch = searchSchema({
  file: text(100),
});
export type ReviewSearch = ReturnType<typeof reviewSearch>;
