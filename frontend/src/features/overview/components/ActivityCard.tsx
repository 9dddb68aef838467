/**
 * Recent activity, newest first, as sentences: file state changes, review decisions
 * and failures, each with a link to its file. Refetched on the shell's overview tick,
 * so new lines appear without a reload (briefly tinted as they arrive).
 */
import { useEffect, useRef, useState, type ComponentType } from 'react';
import { Link } from '@tanstack/react-router';
import { Archive, Ban, CircleAlert, CircleCheck, ClipboardCheck, History, Inbox, Pencil, RefreshCw, Store, type LucideProps } from 'lucide-react';
import { Card, CardHeader, ErrorState, RelativeTime, SkeletonRows, TONE_CLASS } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { describeActivity, withoutEchoes, type ActivityItem, type ActivityLine } from '../model/activity';

const ICONS: Record<ActivityLine['icon'], ComponentType<LucideProps>> = {
  arrived: Inbox,
  progress: RefreshCw,
  review: ClipboardCheck,
  approved: CircleCheck,
  published: Store,
  failed: CircleAlert,
  rejected: Ban,
  archived: Archive,
  edited: Pencil,
  other: History,
};

const LINK = 'rounded font-medium text-fg underline decoration-border-strong underline-offset-2 hover:decoration-current';

export function ActivityLineView({ line, at, fresh = false }: { line: ActivityLine; at: string; fresh?: boolean }) {
  const Icon = ICONS[line.icon];
  return (
    <div className={cn('-mx-2 flex gap-3 rounded-xl px-2 py-3 transition-colors duration-1000', fresh ? 'bg-accent-soft' : 'bg-transparent')}>
      <span aria-hidden="true" className={cn('mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-full ring-1 ring-inset', TONE_CLASS[line.tone])}>
        <Icon className="size-4" />
      </span>
      <div className="min-w-0 flex-1">
        <div className="flex flex-col gap-x-3 sm:flex-row sm:items-baseline sm:justify-between">
          <p className="min-w-0 text-[15px] leading-snug text-fg">
            {line.parts.map((p, i) =>
              p.type === 'text' ? (
                <span key={i}>{p.text}</span>
              ) : p.type === 'job' ? (
                <Link key={i} to="/jobs/$jobId" params={{ jobId: p.jobId }} className={LINK}>
                  {p.text}
                </Link>
              ) : (
                <Link key={i} to="/files/$fileId" params={{ fileId: p.file.fileId }} title={p.file.filename ?? undefined} className={LINK}>
                  {p.file.name}
                </Link>
              ),
            )}
          </p>
          <RelativeTime value={at} className="shrink-0 text-xs text-muted sm:text-[13px]" />
        </div>
        {line.detail && (
          <p className={cn('mt-1 line-clamp-2 text-sm break-words', line.tone === 'danger' ? 'text-danger' : 'text-muted')} title={line.detail}>
            {line.detail}
          </p>
        )}
      </div>
    </div>
  );
}

/** Keys seen in an earlier render; what is new since then is "fresh" for a moment. */
function useFreshKeys(keys: string[] | undefined): Set<string> {
  const seen = useRef<Set<string> | null>(null);
  const [fresh, setFresh] = useState<Set<string>>(() => new Set());
  const joined = keys?.join('|');
  useEffect(() => {
    if (!keys) return;
    if (seen.current === null) {
      seen.current = new Set(keys);
      return;
    }
    const added = keys.filter((k) => !seen.current!.has(k));
    for (const k of keys) seen.current.add(k);
    if (added.length === 0) return;
    setFresh(new Set(added));
    const t = setTimeout(() => setFresh(new Set()), 1500);
    return () => clearTimeout(t);
  }, [joined]);
  return fresh;
}

export function ActivityCard({ items, error, onRetry, className }: { items: readonly ActivityItem[] | undefined; error: unknown; onRetry: () => void; className?: string }) {
  const lines = items ? withoutEchoes(items).map((item) => ({ item, line: describeActivity(item) })) : undefined;
  const fresh = useFreshKeys(lines?.map((l) => l.line.key));
  return (
    <Card className={className} aria-busy={!lines && !error ? 'true' : undefined}>
      <CardHeader title="Recent activity" description="File changes, reviews and failures, as they happen" />
      <div className="px-5 pt-2 pb-3 sm:px-6">
        {lines ? (
          lines.length === 0 ? (
            <div className="py-10 text-center">
              <p className="font-medium text-fg">Nothing has happened yet</p>
              <p className="mt-1 text-sm text-muted">Paintings arriving from Drive, reviews and failures will show up here.</p>
            </div>
          ) : (
            <ol className="divide-y divide-border">
              {lines.map(({ item, line }) => (
                <li key={line.key} data-activity-kind={item.kind}>
                  <ActivityLineView line={line} at={item.at} fresh={fresh.has(line.key)} />
                </li>
              ))}
            </ol>
          )
        ) : error ? (
          <ErrorState error={error} title="The activity didn’t load" onRetry={onRetry} />
        ) : (
          <SkeletonRows rows={5} className="py-3" />
        )}
      </div>
    </Card>
  );
}
