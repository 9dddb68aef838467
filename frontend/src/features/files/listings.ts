/** When a file's shop listing needs the owner's attention: any listing that is not ACTIVE is not for sale. */

export interface ListingInput {
  status: string;
  platform: string;
}

const platformName = (p: string) => (p.toLowerCase() === 'shopify' ? 'Shopify' : p.charAt(0).toUpperCase() + p.slice(1));

/** The warning for a listing, or null when it is live (ACTIVE). */
export function listingWarning(listing: ListingInput): string | null {
  const status = listing.status.toUpperCase();
  const where = platformName(listing.platform);
  switch (status) {
    case 'ACTIVE':
      return null;
    case 'ARCHIVED':
      return `Archived in ${where}: not for sale.`;
    case 'DELETED':
      return `Deleted in ${where}: the product no longer exists there.`;
    case 'DRAFT':
      return `A draft in ${where}: not visible in the shop yet.`;
    default:
      return `${status.charAt(0)}${status.slice(1).toLowerCase().replace(/_/g, ' ')} in ${where}: not for sale.`;
  }
}
