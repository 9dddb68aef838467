/**
 * The price-table editor: prices labelled by size, a size added (validated, stored
 * short side first, no duplicates) or removed (and put back), the unsaved state in
 * words, nothing sent while a price is wrong, the exact payload sent, what the save
 * answered (listings being updated, sizes the API kept), and its VALIDATION_ERROR in
 * plain words.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Price, PriceTableUpdate } from '../../src/features/settings/api';
import { PriceTableEditor } from '../../src/features/settings/components/PriceTableEditor';
import { describePriceTableError, parseSize } from '../../src/features/settings/model/priceTable';
import { GraphqlError } from '../../src/lib/graphql';

const TABLE: Price[] = [
  { size: '12x18', price: 70 },
  { size: '8x12', price: 45 },
  { size: '12x12', price: 55 },
];

function setup(onSave = vi.fn<(p: { size: string; price: number }[], apply: boolean) => Promise<PriceTableUpdate>>(), prices = TABLE) {
  const onDirtyChange = vi.fn();
  const user = userEvent.setup();
  const view = render(<PriceTableEditor prices={prices} onSave={onSave} onDirtyChange={onDirtyChange} />);
  return { user, onSave, onDirtyChange, ...view };
}

const save = () => screen.getByRole('button', { name: 'Save prices' });

async function addSize(user: ReturnType<typeof userEvent.setup>, size: string, price: string) {
  const sizeInput = screen.getByRole('textbox', { name: 'Size' });
  await user.clear(sizeInput);
  if (size) await user.type(sizeInput, size);
  const priceInput = screen.getByRole('spinbutton', { name: 'Price' });
  await user.clear(priceInput);
  if (price) await user.type(priceInput, price);
  await user.click(screen.getByRole('button', { name: 'Add size' }));
}

describe('PriceTableEditor', () => {
  it('shows every size’s price in a labelled number input, grouped by ratio; nothing unsaved', () => {
    setup();
    expect(screen.getByRole('spinbutton', { name: 'Price for 12×18' })).toHaveValue(70);
    expect(screen.getByRole('spinbutton', { name: 'Price for 8×12' })).toHaveValue(45);
    expect(within(screen.getByRole('region', { name: /1:1/ })).getByRole('spinbutton', { name: 'Price for 12×12' })).toHaveValue(55);
    expect(screen.getByText('All prices are saved.')).toBeInTheDocument();
    expect(screen.queryByText('Unsaved changes')).toBeNull();
    expect(save()).toBeDisabled();
  });

  it('a changed price makes the table dirty, says what changed, and Discard undoes it', async () => {
    const { user, onDirtyChange } = setup();
    const input = screen.getByRole('spinbutton', { name: 'Price for 12×18' });
    await user.clear(input);
    await user.type(input, '75');
    expect(screen.getByText('Unsaved changes')).toBeInTheDocument();
    expect(screen.getByText('1 price changed.')).toBeInTheDocument();
    expect(input).toHaveAccessibleDescription('Was $70');
    expect(onDirtyChange).toHaveBeenLastCalledWith(true);
    expect(save()).toBeEnabled();

    await user.click(screen.getByRole('button', { name: 'Discard changes' }));
    expect(input).toHaveValue(70);
    expect(screen.queryByText('Unsaved changes')).toBeNull();
    expect(onDirtyChange).toHaveBeenLastCalledWith(false);
  });

  it('typing the same price back is not a change', async () => {
    const { user } = setup();
    const input = screen.getByRole('spinbutton', { name: 'Price for 8×12' });
    await user.clear(input);
    await user.type(input, '45.00');
    expect(screen.queryByText('Unsaved changes')).toBeNull();
  });

  it('adding a size: validates it, refuses a duplicate, stores it short side first', async () => {
    const { user } = setup();
    await addSize(user, '', '');
    expect(screen.getByRole('textbox', { name: 'Size' })).toHaveAccessibleDescription('Enter a size, like 12x18.');
    expect(screen.getByRole('spinbutton', { name: 'Price' })).toHaveAccessibleDescription('Enter a price.');

    await addSize(user, '12 by 18', '80');
    expect(screen.getByRole('textbox', { name: 'Size' })).toHaveAccessibleDescription('Write the size as width x height in whole inches, like 12x18.');
    expect(screen.getByRole('textbox', { name: 'Size' })).toHaveFocus();

    await addSize(user, '0x12', '80');
    expect(screen.getByRole('textbox', { name: 'Size' })).toHaveAccessibleDescription('Neither side can be 0 inches.');

    await addSize(user, '18x12', '80');
    expect(screen.getByRole('textbox', { name: 'Size' })).toHaveAccessibleDescription('12×18 is already in the table.');

    await addSize(user, '20x16', '-3');
    expect(screen.getByRole('spinbutton', { name: 'Price' })).toHaveAccessibleDescription('The price must be more than $0.');

    await addSize(user, '20 × 16', '120');
    expect(screen.getByText('Added as 16×20: sizes are listed short side first.')).toBeInTheDocument();
    const added = screen.getByRole('spinbutton', { name: 'Price for 16×20' });
    expect(added).toHaveValue(120);
    expect(added).toHaveAccessibleDescription('New size');
    expect(screen.getByRole('textbox', { name: 'Size' })).toHaveValue('');
    expect(screen.getByRole('textbox', { name: 'Size' })).toHaveFocus();
    expect(screen.getByText('1 size added.')).toBeInTheDocument();
  });

  it('removing a size: gone from the table, listed as removed, and can be put back', async () => {
    const { user } = setup();
    await user.click(screen.getByRole('button', { name: 'Remove 8×12' }));
    expect(screen.queryByRole('spinbutton', { name: 'Price for 8×12' })).toBeNull();
    expect(screen.getByText('1 size removed.')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Put back 8×12' })).toHaveFocus());
    await user.click(screen.getByRole('button', { name: 'Put back 8×12' }));
    expect(screen.getByRole('spinbutton', { name: 'Price for 8×12' })).toHaveValue(45);
    await waitFor(() => expect(screen.getByRole('spinbutton', { name: 'Price for 8×12' })).toHaveFocus());
    expect(screen.queryByText('Unsaved changes')).toBeNull();
  });

  it('a wrong price: Save sends nothing, says what is wrong, and goes to it', async () => {
    const { user, onSave } = setup();
    const input = screen.getByRole('spinbutton', { name: 'Price for 12×12' });
    await user.clear(input);
    await user.click(save());
    expect(onSave).not.toHaveBeenCalled();
    expect(input).toHaveAccessibleDescription('Enter a price.');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveFocus();
    await user.type(input, '0');
    expect(input).toHaveAccessibleDescription('The price must be more than $0.');
    await user.clear(input);
    await user.type(input, '55.555');
    expect(input).toHaveAccessibleDescription('Use whole cents (at most 2 decimals).');
  });

  it('sends the whole table, smallest first, with “also update listed products”, and says how many listings are updating', async () => {
    const onSave = vi.fn(async (prices: { size: string; price: number }[]) => ({ listingsUpdating: 3, prices }));
    const { user, onDirtyChange } = setup(onSave);
    const input = screen.getByRole('spinbutton', { name: 'Price for 12×18' });
    await user.clear(input);
    await user.type(input, '72.5');
    await user.click(screen.getByRole('button', { name: 'Remove 12×12' }));
    await addSize(user, '16x20', '99');
    const apply = screen.getByRole('checkbox', { name: 'Also update prices of products already listed in Shopify' });
    await user.click(apply);
    await user.click(save());

    expect(onSave).toHaveBeenCalledWith(
      [
        { size: '8x12', price: 45 },
        { size: '12x18', price: 72.5 },
        { size: '16x20', price: 99 },
      ],
      true,
    );
    expect(await screen.findByText('Updating 3 listed products in Shopify with the new prices.')).toBeInTheDocument();
    expect(screen.getByText('Saved')).toBeInTheDocument();
    expect(screen.queryByText('Unsaved changes')).toBeNull();
    expect(onDirtyChange).toHaveBeenLastCalledWith(false);
    expect(apply).not.toBeChecked();
    expect(screen.getByRole('spinbutton', { name: 'Price for 12×18' })).not.toHaveAccessibleDescription();
  });

  it('without the checkbox: applyToListed false, and says listed products keep their prices', async () => {
    const onSave = vi.fn(async (prices: { size: string; price: number }[]) => ({ listingsUpdating: 0, prices }));
    const { user } = setup(onSave);
    const input = screen.getByRole('spinbutton', { name: 'Price for 8×12' });
    await user.clear(input);
    await user.type(input, '50');
    await user.click(save());
    expect(onSave).toHaveBeenCalledWith(expect.any(Array), false);
    expect(await screen.findByText('New listings use these prices; products already in Shopify keep theirs.')).toBeInTheDocument();
  });

  it('a removed size the API keeps (a built-in size) is said, with its price', async () => {
    const onSave = vi.fn(async (prices: { size: string; price: number }[]) => ({ listingsUpdating: 0, prices: [...prices, { size: '8x12', price: 45 }] }));
    const { user } = setup(onSave);
    await user.click(screen.getByRole('button', { name: 'Remove 8×12' }));
    await user.click(save());
    expect(await screen.findByText(/8×12 \(\$45\) is part of the server’s starting price table and can’t be removed here/)).toBeInTheDocument();
    expect(screen.getByRole('spinbutton', { name: 'Price for 8×12' })).toHaveValue(45);
  });

  it('the API’s VALIDATION_ERROR is shown above the table in plain words, on the size it names', async () => {
    const err = new GraphqlError(200, [{ message: 'price table: 12x18: Too small: expected number to be >0; 12y: Invalid key in record', extensions: { code: 'VALIDATION_ERROR' } }]);
    const onSave = vi.fn().mockRejectedValue(err);
    const { user } = setup(onSave);
    const input = screen.getByRole('spinbutton', { name: 'Price for 12×18' });
    await user.clear(input);
    await user.type(input, '71');
    await user.click(save());
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The price table wasn’t saved');
    expect(alert).toHaveTextContent('12×18: The price must be more than $0.');
    expect(alert).toHaveTextContent('12y: “12y” isn’t a size like 12x18.');
    expect(input).toHaveAccessibleDescription('The price must be more than $0.');
    expect(screen.getByText('Unsaved changes')).toBeInTheDocument();
  });

  it('another failure (no server) is said too, and the changes stay', async () => {
    const onSave = vi.fn().mockRejectedValue(new GraphqlError(0, [{ message: 'x', extensions: { code: 'NETWORK' } }]));
    const { user } = setup(onSave);
    await user.click(screen.getByRole('button', { name: 'Remove 8×12' }));
    await user.click(save());
    expect(await screen.findByRole('alert')).toHaveTextContent('Can’t reach the server. Check your connection and try again.');
    expect(screen.queryByRole('spinbutton', { name: 'Price for 8×12' })).toBeNull();
  });

  it('a new table from the server replaces the shown one, unless there are unsaved changes', async () => {
    const { user, rerender, onSave } = setup();
    rerender(<PriceTableEditor prices={[{ size: '12x18', price: 80 }]} onSave={onSave} />);
    expect(screen.getByRole('spinbutton', { name: 'Price for 12×18' })).toHaveValue(80);
    expect(screen.queryByRole('spinbutton', { name: 'Price for 8×12' })).toBeNull();
    const input = screen.getByRole('spinbutton', { name: 'Price for 12×18' });
    await user.clear(input);
    await user.type(input, '81');
    rerender(<PriceTableEditor prices={TABLE} onSave={onSave} />);
    expect(screen.getByRole('spinbutton', { name: 'Price for 12×18' })).toHaveValue(81);
  });
});

describe('price table rules', () => {
  it('parses sizes in either orientation and with ×', () => {
    expect(parseSize('18x12')).toMatchObject({ key: '12x18' });
    expect(parseSize(' 12 X 18 ')).toMatchObject({ key: '12x18' });
    expect(parseSize('12×18')).toMatchObject({ key: '12x18' });
    expect(parseSize('12.5x18')).toHaveProperty('error');
  });

  it('an unknown API message is kept, as a sentence', () => {
    expect(describePriceTableError('price table: something odd')).toEqual([{ size: null, message: 'Something odd.' }]);
  });
});
