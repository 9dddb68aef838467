/** The keyboard map: J/K/A/R/E/?, letters inactive while typing, Ctrl/⌘+Enter approves from inside a field. */
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { useReviewKeys, type KeyHandlers } from '../../src/features/review/hooks/useReviewKeys';
import { isTypingTarget, keyAction } from '../../src/features/review/logic/keys';

function Harness({ handlers, enabled = true }: { handlers: KeyHandlers; enabled?: boolean }) {
  useReviewKeys(handlers, enabled);
  return (
    <div>
      <button type="button">Approve</button>
      <input aria-label="Title" />
      <textarea aria-label="Description" />
      <input type="checkbox" aria-label="Tick" />
      <div role="dialog" aria-label="Reject">
        <textarea aria-label="Reason" />
      </div>
    </div>
  );
}

const spies = () => ({ next: vi.fn(), previous: vi.fn(), approve: vi.fn(), reject: vi.fn(), focusTitle: vi.fn(), help: vi.fn() });

describe('keyAction', () => {
  const body = document.body;
  it('maps the letters (either case) and ?', () => {
    expect(keyAction({ key: 'j', target: body })).toBe('next');
    expect(keyAction({ key: 'K', target: body })).toBe('previous');
    expect(keyAction({ key: 'a', target: body })).toBe('approve');
    expect(keyAction({ key: 'r', target: body })).toBe('reject');
    expect(keyAction({ key: 'e', target: body })).toBe('focusTitle');
    expect(keyAction({ key: '?', target: body })).toBe('help');
    expect(keyAction({ key: 'x', target: body })).toBeNull();
  });

  it('leaves the browser’s shortcuts alone (Ctrl+R, ⌘+A, Alt+J)', () => {
    expect(keyAction({ key: 'r', ctrlKey: true, target: body })).toBeNull();
    expect(keyAction({ key: 'a', metaKey: true, target: body })).toBeNull();
    expect(keyAction({ key: 'j', altKey: true, target: body })).toBeNull();
    expect(keyAction({ key: 'a', isComposing: true, target: body })).toBeNull();
  });

  it('knows what typing is', () => {
    const el = (html: string) => {
      const d = document.createElement('div');
      d.innerHTML = html;
      return d.firstElementChild!;
    };
    expect(isTypingTarget(el('<input>'))).toBe(true);
    expect(isTypingTarget(el('<input type="search">'))).toBe(true);
    expect(isTypingTarget(el('<textarea></textarea>'))).toBe(true);
    expect(isTypingTarget(el('<select></select>'))).toBe(true);
    expect(isTypingTarget(el('<input type="checkbox">'))).toBe(false);
    expect(isTypingTarget(el('<button></button>'))).toBe(false);
  });
});

describe('useReviewKeys', () => {
  it('runs the letter keys when no field has focus', async () => {
    const user = userEvent.setup();
    const h = spies();
    render(<Harness handlers={h} />);
    await user.keyboard('jkare?');
    expect(h.next).toHaveBeenCalledTimes(1);
    expect(h.previous).toHaveBeenCalledTimes(1);
    expect(h.approve).toHaveBeenCalledTimes(1);
    expect(h.reject).toHaveBeenCalledTimes(1);
    expect(h.focusTitle).toHaveBeenCalledTimes(1);
    expect(h.help).toHaveBeenCalledTimes(1);
  });

  it('letters are inactive while typing in a field: they type', async () => {
    const user = userEvent.setup();
    const h = spies();
    render(<Harness handlers={h} />);
    await user.type(screen.getByLabelText('Title'), 'jar');
    await user.type(screen.getByLabelText('Description'), 'kea?');
    expect(screen.getByLabelText('Title')).toHaveValue('jar');
    expect(screen.getByLabelText('Description')).toHaveValue('kea?');
    for (const fn of Object.values(h)) expect(fn).not.toHaveBeenCalled();
  });

  it('letters work with focus on a button or a checkbox', async () => {
    const user = userEvent.setup();
    const h = spies();
    render(<Harness handlers={h} />);
    screen.getByRole('button', { name: 'Approve' }).focus();
    await user.keyboard('j');
    screen.getByLabelText('Tick').focus();
    await user.keyboard('k');
    expect(h.next).toHaveBeenCalledTimes(1);
    expect(h.previous).toHaveBeenCalledTimes(1);
  });

  it('Ctrl+Enter and ⌘+Enter approve, also from inside a field', async () => {
    const user = userEvent.setup();
    const h = spies();
    render(<Harness handlers={h} />);
    await user.click(screen.getByLabelText('Title'));
    await user.keyboard('{Control>}{Enter}{/Control}');
    await user.click(screen.getByLabelText('Description'));
    await user.keyboard('{Meta>}{Enter}{/Meta}');
    expect(h.approve).toHaveBeenCalledTimes(2);
    expect(screen.getByLabelText('Description')).toHaveValue('');
    // a plain Enter in a field is the field's
    await user.keyboard('{Enter}');
    expect(h.approve).toHaveBeenCalledTimes(2);
  });

  it('does nothing inside a dialog, or while disabled', async () => {
    const user = userEvent.setup();
    const h = spies();
    const { rerender } = render(<Harness handlers={h} />);
    await user.click(screen.getByLabelText('Reason'));
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(h.approve).not.toHaveBeenCalled();
    rerender(<Harness handlers={h} enabled={false} />);
    screen.getByRole('button', { name: 'Approve' }).focus();
    await user.keyboard('ja');
    expect(h.next).not.toHaveBeenCalled();
    expect(h.approve).not.toHaveBeenCalled();
  });

  it('a key with no handler (e.g. Next at the end) does nothing and is not swallowed', async () => {
    const user = userEvent.setup();
    const onKey = vi.fn();
    render(<Harness handlers={{ approve: vi.fn() }} />);
    document.addEventListener('keydown', (e) => onKey(e.defaultPrevented));
    await user.keyboard('j');
    expect(onKey).toHaveBeenCalledWith(false);
  });
});
