/** The artwork's facts beside its text: where it came from, its pixels, and what it has cost so far. */
import type { ReactNode } from 'react';
import { RelativeTime } from '../../../components/ui';
import type { ReviewFile } from '../api';
import { formatInt, formatUsd } from '../logic/format';

export function ArtworkFacts({ file }: { file: ReviewFile }) {
  const rows: [string, ReactNode, string?][] = [
    ['Original file', <span className="break-words">{file.originalFilename}</span>, 'col-span-2 sm:col-span-4 lg:col-span-2'],
    ['Pixels', file.width && file.height ? `${formatInt(file.width)} × ${formatInt(file.height)}` : '—'],
    ['Arrived', <RelativeTime value={file.createdAt} />],
    ['Cost so far', <span className="tabular-nums">{formatUsd(file.costUsd)}</span>],
  ];
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-3 text-sm sm:grid-cols-4 lg:grid-cols-2 2xl:grid-cols-4">
      {rows.map(([term, value, span]) => (
        <div key={term} className={span ? `min-w-0 ${span}` : 'min-w-0'}>
          <dt className="text-xs text-muted">{term}</dt>
          <dd className="mt-0.5 font-medium text-fg">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
