import { oneOf, searchSchema, text } from '../../lib/search';

/** /login?redirect=/files%3Fstatus%3DFAILED&reason=expired */
export const loginSearch = searchSchema({
  /** Where to go after logging in (checked again by safeRedirect). */
  redirect: text(2000),
  /** Why the visitor is here: their session ended (shown as a note). */
  reason: oneOf(['expired'] as const),
});
