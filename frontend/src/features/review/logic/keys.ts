/**
 * The review desk's keyboard map, as a pure function of a key event:
 *   J / K           next / previous artwork
 *   A               approve (or save, for an approved or published file)
 *   R               reject (opens the dialog)
 *   E               focus the title
 *   ?               the list of keys
 *   Ctrl/⌘ + Enter  approve, also from inside a field
 * Letter keys do nothing while typing in a field, or with Ctrl, ⌘ or Alt held (so the
 * browser's own shortcuts, e.g. Ctrl+R, still work); no key does anything inside a
 * dialog or a menu.
 */
export type KeyAction = 'next' | 'previous' | 'approve' | 'reject' | 'focusTitle' | 'help';

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  isComposing?: boolean;
  target?: EventTarget | null;
}

/** A text field, a select or an editable element: where keys are typing. */
export function isTypingTarget(target: EventTarget | null | undefined): boolean {
  if (!target || !(target instanceof Element)) return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = ((el as HTMLInputElement).type || 'text').toLowerCase();
  return !['button', 'checkbox', 'radio', 'range', 'reset', 'submit', 'color', 'file', 'image'].includes(type);
}

const LETTERS: Record<string, KeyAction> = { j: 'next', k: 'previous', a: 'approve', r: 'reject', e: 'focusTitle' };

/** Inside a dialog or a menu: its keys are its own (Ctrl+Enter in the reject dialog is not "approve"). */
function insideWidget(target: EventTarget | null | undefined): boolean {
  return target instanceof Element && target.closest('[role="dialog"],[role="alertdialog"],[role="menu"],[role="listbox"]') !== null;
}

export function keyAction(e: KeyLike): KeyAction | null {
  if (e.isComposing || insideWidget(e.target)) return null;
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey) return 'approve';
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (isTypingTarget(e.target)) return null;
  if (e.key === '?') return 'help';
  return LETTERS[e.key.toLowerCase()] ?? null;
}

/** For the keys dialog (the labels name what the key does on this page). */
export const KEY_HELP: { keys: string[]; label: string }[] = [
  { keys: ['J'], label: 'Next artwork' },
  { keys: ['K'], label: 'Previous artwork' },
  { keys: ['A'], label: 'Approve (Save changes on a published file)' },
  { keys: ['R'], label: 'Reject (asks for a reason)' },
  { keys: ['E'], label: 'Edit the title' },
  { keys: ['Ctrl', 'Enter'], label: 'Approve, also while typing in a field (⌘ Enter on a Mac)' },
  { keys: ['?'], label: 'Show these keys' },
];
