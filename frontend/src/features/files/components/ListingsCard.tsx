/**
 * Where the file is for sale: each listing with its status, a link to it (new tab), and a
 * warning when it is not live. The status follows the store (Shopify's webhooks): a product
 * the owner drafted, archived, renamed or deleted in Shopify admin shows so here, with the
 * title it has there and when the store said so.
 */
import { ExternalLink, Store, TriangleAlert } from 'lucide-react';
import { Badge, Card, CardBody, CardHeader } from '../../../components/ui';
import { Time } from './Time';
import type { FileListing } from '../api';
import { listingWarning } from '../listings';

const platformName = (p: string) => (p.toLowerCase() === 'shopify' ? 'Shopify' : p.charAt(0).toUpperCase() + p.slice(1));
const statusLabel = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase().replace(/_/g, ' ');

export function ListingRow({ listing }: { listing: FileListing }) {
  const warning = listingWarning(listing);
  const where = platformName(listing.platform);
  const hintId = `listing-${listing.id}-hint`;
  // A deleted product's address leads nowhere; the record keeps it, the page offers no link.
  const url = listing.status.toUpperCase() === 'DELETED' ? null : listing.url;
  return (
    <li className="space-y-2.5">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-2">
          <span className="font-medium text-fg">{where}</span>
          <Badge tone={warning ? 'attention' : 'success'} dot>
            {statusLabel(listing.status)}
          </Badge>
        </div>
        {url && (
          <>
            <a href={url} target="_blank" rel="noopener" aria-describedby={hintId} className="inline-flex items-center gap-1.5 rounded text-sm font-medium text-accent hover:underline">
              Open in {where}
              <ExternalLink aria-hidden="true" className="size-3.5" />
            </a>
            <span id={hintId} hidden>
              (opens in a new tab)
            </span>
          </>
        )}
      </div>
      {listing.title && (
        <p className="text-sm text-fg">
          <span className="text-muted">In {where} as </span>“{listing.title}”
        </p>
      )}
      {warning && (
        <p role="note" className="flex items-start gap-2 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          <TriangleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
          <span>{warning}</span>
        </p>
      )}
      <p className="text-xs text-muted">
        Listed <Time value={listing.createdAt} /> · updated <Time value={listing.updatedAt} />
        {listing.storeUpdatedAt && (
          <>
            {' '}· changed in {where} <Time value={listing.storeUpdatedAt} />
          </>
        )}
      </p>
    </li>
  );
}

export function ListingsCard({ listings, status }: { listings: FileListing[]; status: string }) {
  return (
    <Card>
      <CardHeader title="Listings" />
      <CardBody>
        {listings.length === 0 ? (
          <div className="flex items-start gap-3 text-sm text-muted">
            <Store aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
            <p>{status === 'APPROVED' ? 'Approved: the product is being created in Shopify.' : 'Not listed. A file is listed in Shopify once it is approved.'}</p>
          </div>
        ) : (
          <ul className="space-y-5">
            {listings.map((l) => (
              <ListingRow key={l.id} listing={l} />
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}
