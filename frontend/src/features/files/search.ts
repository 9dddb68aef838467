import { FILE_STATUSES } from '../../lib/statuses';
import { oneOf, searchSchema, text } from '../../lib/search';

/** /files?status=FAILED&search=heron */
export const filesSearch = searchSchema({
  status: oneOf(FILE_STATUSES),
  /** Matches filenames and species (the API's `files(search:)`). */
  search: text(200),
});
export type FilesSearch = ReturnType<typeof filesSearch>;
