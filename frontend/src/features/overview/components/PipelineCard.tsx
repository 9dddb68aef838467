/**
 * Files by status as the pipeline: Received → Processing → To review → Approved →
 * Published, then what left the line (Failed, Rejected) and, quieter, Archived. Each
 * stage is a link to the Files page filtered by its status.
 */
import { Link } from '@tanstack/react-router';
import { ChevronRight } from 'lucide-react';
import { Card, CardHeader, DOT_CLASS, Skeleton } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { formatCount, plural } from '../model/format';
import { pipelineStages, type PipelineStage } from '../model/pipeline';

/** A stage that wants the owner's attention when it holds anything. */
const CALLS_FOR_ATTENTION: Record<string, string> = {
  PROCESSED: 'border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950/50',
  FAILED: 'border-red-300 bg-red-50 dark:border-red-900 dark:bg-red-950/50',
};

function StageLink({ stage, children, className }: { stage: PipelineStage; children: React.ReactNode; className: string }) {
  if (!stage.filter) return <div className={className}>{children}</div>;
  return (
    <Link to="/files" search={{ status: stage.filter }} title={stage.description} className={className}>
      {children}
    </Link>
  );
}

const count = (stage: PipelineStage) => (stage.count === null ? '—' : formatCount(stage.count));

function FlowStage({ stage }: { stage: PipelineStage }) {
  const loud = stage.count !== null && stage.count > 0 && CALLS_FOR_ATTENTION[stage.status];
  return (
    <StageLink
      stage={stage}
      className={cn(
        'group flex h-full items-center justify-between gap-3 rounded-xl border px-4 py-3 transition-colors sm:flex-col sm:items-start sm:justify-start sm:gap-1.5 sm:py-4',
        loud || 'border-border bg-surface-2/50 dark:bg-surface-2/40',
        stage.filter && 'hover:border-border-strong hover:bg-surface-2',
      )}
    >
      <span className="flex items-center gap-2 text-sm font-medium text-muted">
        <span aria-hidden="true" className={cn('size-2 rounded-full', DOT_CLASS[stage.tone])} />
        {stage.label}
      </span>{' '}
      <span className="text-xl font-semibold tracking-tight text-fg tabular-nums sm:text-[28px] sm:leading-tight">{count(stage)}</span>
    </StageLink>
  );
}

function SideStage({ stage }: { stage: PipelineStage }) {
  const quiet = stage.group === 'quiet';
  const loud = !quiet && stage.count !== null && stage.count > 0 && CALLS_FOR_ATTENTION[stage.status];
  return (
    <StageLink
      stage={stage}
      className={cn(
        'inline-flex h-9 items-center gap-2 rounded-full border px-3.5 text-sm transition-colors',
        loud || 'border-border',
        quiet ? 'text-muted' : 'font-medium text-fg',
        stage.filter && 'hover:border-border-strong hover:bg-surface-2',
      )}
    >
      <span aria-hidden="true" className={cn('size-2 rounded-full', DOT_CLASS[stage.tone])} />
      {stage.label}{' '}
      <span className={cn('tabular-nums', quiet ? 'text-muted' : 'font-semibold text-fg')}>{count(stage)}</span>
    </StageLink>
  );
}

export function PipelineCard({ counts, className }: { counts: readonly { status: string; count: number }[] | undefined; className?: string }) {
  const pipeline = counts ? pipelineStages(counts) : null;
  return (
    <Card className={className} aria-busy={pipeline ? undefined : 'true'} data-overview-counts={pipeline ? 'ready' : 'loading'}>
      <CardHeader
        title="Files"
        description={pipeline ? `${plural(pipeline.total, 'painting')} from Drive to the shop` : 'Where every painting is in the pipeline'}
        actions={
          <Link to="/files" className="rounded-lg text-sm font-medium text-accent hover:underline">
            All files
          </Link>
        }
      />
      <div className="px-5 pt-4 pb-5 sm:px-6">
        {pipeline ? (
          <>
            <ol aria-label="Pipeline" className="flex flex-col gap-2 sm:flex-row sm:gap-6">
              {pipeline.flow.map((stage, i) => (
                <li key={stage.status} className="relative min-w-0 sm:flex-1">
                  {i > 0 && <ChevronRight aria-hidden="true" className="absolute top-1/2 -left-5 hidden size-4 -translate-y-1/2 text-border-strong sm:block" />}
                  <FlowStage stage={stage} />
                </li>
              ))}
            </ol>
            <ul aria-label="Off the pipeline" className="mt-4 flex flex-wrap gap-2 border-t border-border pt-4">
              {[...pipeline.side, ...pipeline.quiet].map((stage) => (
                <li key={stage.status}>
                  <SideStage stage={stage} />
                </li>
              ))}
            </ul>
          </>
        ) : (
          <>
            <span className="sr-only">Loading the file counts</span>
            <div className="flex flex-col gap-2 sm:flex-row">
              {Array.from({ length: 5 }, (_, i) => (
                <Skeleton key={i} className="h-12 flex-1 rounded-xl sm:h-[88px]" />
              ))}
            </div>
            <div className="mt-4 flex gap-2 border-t border-border pt-4">
              {Array.from({ length: 3 }, (_, i) => (
                <Skeleton key={i} className="h-9 w-28 rounded-full" />
              ))}
            </div>
          </>
        )}
      </div>
    </Card>
  );
}
