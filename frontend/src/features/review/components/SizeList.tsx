/**
 * Every print size of the artwork's ratio family: the offered ones with their effective
 * DPI and price, the others greyed with the reason they are not offered.
 */
import { Ruler } from 'lucide-react';
import type { ReviewFile } from '../api';
import { formatInt, formatPrice, sizeLabel } from '../logic/format';
import { cn } from '../../../lib/cn';

export function SizeList({ sizes, ratioFamily }: { sizes: ReviewFile['sizes']; ratioFamily: string | null }) {
  const offered = sizes.filter((s) => s.offered).length;
  return (
    <section aria-labelledby="review-sizes-title">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h3 id="review-sizes-title" className="flex items-center gap-2 text-sm font-semibold text-fg">
          <Ruler aria-hidden="true" className="size-4 text-muted" />
          Print sizes
        </h3>
        {sizes.length > 0 && (
          <p className="text-xs text-muted">
            {offered} of {sizes.length} offered{ratioFamily ? ` · ${ratioFamily} family` : ''}
          </p>
        )}
      </div>
      {sizes.length === 0 ? (
        <p className="rounded-xl bg-surface-2 px-3.5 py-3 text-sm text-muted">No print sizes: the artwork’s shape matches no ratio family, or its size isn’t known yet.</p>
      ) : (
        <table className="w-full border-collapse text-sm">
          <caption className="sr-only">Print sizes, with the effective DPI and price of each</caption>
          <thead>
            <tr className="border-b border-border text-left text-xs text-muted">
              <th scope="col" className="py-1.5 pr-3 font-medium">
                Size
              </th>
              <th scope="col" className="py-1.5 pr-3 text-right font-medium">
                Effective DPI
              </th>
              <th scope="col" className="py-1.5 text-right font-medium">
                Price
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {sizes.map((s) => (
              <tr key={s.key} className={cn(!s.offered && 'text-muted')} data-offered={s.offered}>
                <td className="py-2 pr-3 align-top">
                  <span className={cn('font-medium whitespace-nowrap', s.offered ? 'text-fg' : 'text-muted')}>{sizeLabel(s.label)}</span>
                  {!s.offered && s.reason && <span className="mt-0.5 block text-xs">Not offered: {s.reason}</span>}
                </td>
                <td className="py-2 pr-3 text-right align-top tabular-nums">{formatInt(s.dpi)}</td>
                <td className="py-2 text-right align-top tabular-nums">{s.offered && s.price !== null ? formatPrice(s.price) : <span aria-label="Not offered">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="mt-2 text-xs text-muted">Prices are the shop’s price table, in the shop’s currency.</p>
    </section>
  );
}
