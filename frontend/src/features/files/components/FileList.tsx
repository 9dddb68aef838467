/**
 * The files as a table on wide screens and as cards on narrow ones (the same rows; each
 * links to its detail page through the filename, and the whole row is the link's target).
 */
import type { ReactNode } from 'react';
import { Link } from '@tanstack/react-router';
import { ChevronRight } from 'lucide-react';
import { StatusBadge, Table, TBody, Td, Th, THead, Tr } from '../../../components/ui';
import { Time } from './Time';
import type { FileRow } from '../api';
import { readableReason } from '../metadata';
import { SignedImage } from './SignedImage';

const REASON_STATES = new Set(['FAILED', 'REJECTED', 'ARCHIVED']);

/** The reason to show under the name (why it failed, was rejected or archived), without its leading code. */
export function rowReason(row: Pick<FileRow, 'status' | 'statusReason'>): string | null {
  if (!REASON_STATES.has(row.status)) return null;
  return readableReason(row.statusReason)?.text ?? null;
}

function Muted({ children }: { children: ReactNode }) {
  return <span className="text-muted">{children}</span>;
}

export function FileList({ rows, onExpired }: { rows: FileRow[]; onExpired: () => void }) {
  return (
    <>
      {/* Wide screens: a table. */}
      <div className="hidden lg:block">
        <Table caption="Files">
          <THead>
            <tr>
              <Th>Artwork</Th>
              <Th>Species</Th>
              <Th>Status</Th>
              <Th>Ratio</Th>
              <Th className="text-right">Updated</Th>
            </tr>
          </THead>
          <TBody>
            {rows.map((f) => {
              const reason = rowReason(f);
              return (
                <Tr key={f.id} className="relative">
                  <Td className="w-full max-w-0 py-2.5">
                    <div className="flex min-w-0 items-center gap-3">
                      <SignedImage src={f.thumbnailUrl} onExpired={onExpired} className="size-11 rounded-xl ring-1 ring-border ring-inset" />
                      <div className="min-w-0">
                        <Link
                          to="/files/$fileId"
                          params={{ fileId: f.id }}
                          className="block truncate font-medium text-fg after:absolute after:inset-0 after:content-[''] hover:underline focus-visible:outline-none focus-visible:after:rounded-lg focus-visible:after:outline-2 focus-visible:after:-outline-offset-2 focus-visible:after:outline-ring"
                        >
                          {f.originalFilename}
                        </Link>
                        {reason ? (
                          <p className="truncate text-xs text-muted" title={reason}>
                            {reason}
                          </p>
                        ) : (
                          f.processedFilename && f.processedFilename !== f.originalFilename && <p className="truncate text-xs text-muted">→ {f.processedFilename}</p>
                        )}
                      </div>
                    </div>
                  </Td>
                  <Td className="max-w-[14rem] truncate whitespace-nowrap">{f.species ?? <Muted>Not known yet</Muted>}</Td>
                  <Td>
                    <StatusBadge kind="file" status={f.status} />
                  </Td>
                  <Td className="whitespace-nowrap tabular-nums">{f.ratioFamily ?? <Muted>—</Muted>}</Td>
                  <Td className="text-right whitespace-nowrap text-muted">
                    <Time value={f.updatedAt} className="relative z-10" />
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      </div>

      {/* Narrow screens: cards. */}
      <ul className="divide-y divide-border lg:hidden">
        {rows.map((f) => {
          const reason = rowReason(f);
          return (
            <li key={f.id} className="relative flex items-center gap-3 px-4 py-3 transition-colors hover:bg-surface-2/60 sm:px-6">
              <SignedImage src={f.thumbnailUrl} onExpired={onExpired} className="size-14 rounded-xl ring-1 ring-border ring-inset" />
              <div className="min-w-0 flex-1">
                <Link
                  to="/files/$fileId"
                  params={{ fileId: f.id }}
                  className="block truncate font-medium text-fg after:absolute after:inset-0 after:content-[''] focus-visible:outline-none focus-visible:after:outline-2 focus-visible:after:-outline-offset-2 focus-visible:after:outline-ring"
                >
                  {f.originalFilename}
                </Link>
                <p className="truncate text-sm text-muted">
                  {[f.species ?? 'Species not known yet', f.ratioFamily].filter(Boolean).join(' · ')}
                </p>
                {reason && <p className="truncate text-xs text-muted">{reason}</p>}
                <div className="mt-1.5 flex items-center gap-2">
                  <StatusBadge kind="file" status={f.status} />
                  <Time value={f.updatedAt} className="relative z-10 text-xs whitespace-nowrap text-muted" />
                </div>
              </div>
              <ChevronRight aria-hidden="true" className="size-4 shrink-0 text-muted" />
            </li>
          );
        })}
      </ul>
    </>
  );
}
