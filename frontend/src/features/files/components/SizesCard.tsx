/** Every print size of the file's ratio family: its DPI, the price in force, and whether it is offered (or why not). */
import { Check, Ruler, X } from 'lucide-react';
import { Card, CardBody, CardHeader, Table, TBody, Td, Th, THead } from '../../../components/ui';
import type { FileSize } from '../api';
import { formatPrice } from '../format';

export function SizesCard({ sizes, ratioFamily, inspected }: { sizes: FileSize[]; ratioFamily: string | null; inspected: boolean }) {
  const offered = sizes.filter((s) => s.offered).length;
  return (
    <Card>
      <CardHeader
        title="Sizes and prices"
        description={ratioFamily ? `${ratioFamily} family · ${offered} of ${sizes.length} size${sizes.length === 1 ? '' : 's'} offered` : inspected ? 'No print family' : 'No print family yet'}
      />
      {sizes.length === 0 ? (
        <CardBody>
          <div className="flex items-start gap-3 text-sm text-muted">
            <Ruler aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
            <p>
              {ratioFamily
                ? 'No sizes yet: they are worked out once the image is upscaled.'
                : inspected
                  ? 'The image’s proportions fit no print family, so it has no sizes.'
                  : 'The sizes come from the image’s ratio family, known once the file is inspected.'}
            </p>
          </div>
        </CardBody>
      ) : (
        <div className="mt-3">
          <Table caption="Print sizes">
            <THead>
              <tr>
                <Th>Size</Th>
                <Th className="text-right">DPI</Th>
                <Th className="text-right">Price</Th>
                <Th>Offered</Th>
              </tr>
            </THead>
            <TBody>
              {sizes.map((s) => (
                <tr key={s.key} className={s.offered ? undefined : 'text-muted'}>
                  <Td className="whitespace-nowrap tabular-nums">
                    <span className={s.offered ? 'font-medium text-fg' : undefined}>
                      {s.widthIn} × {s.heightIn}
                    </span>{' '}
                    <span className="text-muted">in</span>
                  </Td>
                  <Td className="text-right tabular-nums">{s.dpi}</Td>
                  <Td className="text-right tabular-nums">{formatPrice(s.price)}</Td>
                  <Td>
                    {s.offered ? (
                      <span className="inline-flex items-center gap-1.5 text-emerald-700 dark:text-emerald-400">
                        <Check aria-hidden="true" className="size-4" />
                        Offered
                      </span>
                    ) : (
                      <span className="inline-flex items-start gap-1.5">
                        <X aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
                        <span>
                          Not offered<span className="block text-xs">{s.reason}</span>
                        </span>
                      </span>
                    )}
                  </Td>
                </tr>
              ))}
            </TBody>
          </Table>
          <p className="border-t border-border px-5 py-3 text-xs text-muted sm:px-6">Prices are the price table’s, in the shop’s currency. DPI is the print file’s at that size.</p>
        </div>
      )}
    </Card>
  );
}
