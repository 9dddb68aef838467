/** The listing-warning rule: a listing that is not ACTIVE is not for sale, and the page says so. */
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { listingWarning } from '../../src/features/files/listings';
import { ListingsCard } from '../../src/features/files/components/ListingsCard';
import type { FileListing } from '../../src/features/files/api';
import { renderWithRouter } from './helpers';

const listing = (over: Partial<FileListing>): FileListing => ({
  id: 'l1',
  platform: 'shopify',
  platformListingId: 'gid://shopify/Product/1',
  status: 'ACTIVE',
  title: null,
  url: 'https://shop.example/products/heron',
  storeUpdatedAt: null,
  createdAt: '2026-12-01T08:00:00.000Z',
  updatedAt: '2026-12-01T08:00:00.000Z',
  ...over,
});

describe('listingWarning', () => {
  it('is null only for an ACTIVE listing (any case)', () => {
    expect(listingWarning({ status: 'ACTIVE', platform: 'shopify' })).toBeNull();
    expect(listingWarning({ status: 'active', platform: 'shopify' })).toBeNull();
  });

  it('warns for every other status, saying what it means', () => {
    expect(listingWarning({ status: 'ARCHIVED', platform: 'shopify' })).toBe('Archived in Shopify: not for sale.');
    expect(listingWarning({ status: 'DELETED', platform: 'shopify' })).toBe('Deleted in Shopify: the product no longer exists there.');
    expect(listingWarning({ status: 'DRAFT', platform: 'shopify' })).toBe('A draft in Shopify: not visible in the shop yet.');
    expect(listingWarning({ status: 'UNLISTED_BY_SHOP', platform: 'etsy' })).toBe('Unlisted by shop in Etsy: not for sale.');
  });
});

describe('ListingsCard', () => {
  it('links to the product in a new tab (noopener), with no warning while it is ACTIVE', async () => {
    await renderWithRouter(<ListingsCard listings={[listing({})]} status="PUBLISHED" />);
    const link = screen.getByRole('link', { name: 'Open in Shopify' });
    expect(link).toHaveAttribute('href', 'https://shop.example/products/heron');
    expect(link).toHaveAttribute('target', '_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(link).toHaveAccessibleDescription('(opens in a new tab)');
    expect(screen.getByText('Active')).toBeInTheDocument();
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('shows the warning for a listing that is not ACTIVE', async () => {
    await renderWithRouter(<ListingsCard listings={[listing({ status: 'ARCHIVED' })]} status="ARCHIVED" />);
    expect(screen.getByRole('note')).toHaveTextContent('Archived in Shopify: not for sale.');
    expect(screen.getByText('Archived')).toBeInTheDocument();
  });

  it('shows what the store said last: a product deleted in Shopify admin warns, with its title there and when it changed', async () => {
    const changed = new Date(Date.now() - 5 * 60_000).toISOString();
    await renderWithRouter(<ListingsCard listings={[listing({ status: 'DELETED', title: 'Grey Heron at Dawn', storeUpdatedAt: changed })]} status="PUBLISHED" />);
    expect(screen.getByRole('note')).toHaveTextContent('Deleted in Shopify: the product no longer exists there.');
    expect(screen.getByText('Deleted')).toBeInTheDocument();
    expect(screen.getByText(/Grey Heron at Dawn/).textContent).toBe('In Shopify as “Grey Heron at Dawn”');
    expect(screen.getByText(/changed in Shopify/)).toHaveTextContent(/changed in Shopify 5 minutes ago/);
    expect(screen.queryByRole('link')).toBeNull(); // its old address (still on record) leads nowhere: no link
  });

  it('without a word from the store: no title line and no "changed in" time', async () => {
    await renderWithRouter(<ListingsCard listings={[listing({})]} status="PUBLISHED" />);
    expect(screen.queryByText(/In Shopify as/)).toBeNull();
    expect(screen.queryByText(/changed in Shopify/)).toBeNull();
  });

  it('without listings: says when one will appear', async () => {
    await renderWithRouter(<ListingsCard listings={[]} status="PROCESSED" />);
    expect(screen.getByText('Not listed. A file is listed in Shopify once it is approved.')).toBeInTheDocument();
  });
});
