/** Retry (FAILED, CANCELLED) and Cancel (PENDING, RETRYING, RUNNING) for admins, each confirmed. Nothing for anyone else. */
import { Ban, RotateCcw } from 'lucide-react';
import { Button, ConfirmDialog } from '../../../components/ui';
import { useAuth } from '../../../app/auth';
import { useJobOperations } from '../hooks/useOperations';
import { jobActions } from '../model/actions';
import { commandLabel } from '../model/commands';
import { plural } from '../model/format';

export function JobActions({ job }: { job: { id: string; commandType: string; status: string; maxAttempts: number } }) {
  const { role } = useAuth();
  const ops = useJobOperations();
  const allowed = jobActions(job.status, role);
  if (!allowed.retry && !allowed.cancel) return null;
  const name = commandLabel(job.commandType);
  return (
    <div className="flex flex-wrap gap-2">
      {allowed.retry && (
        <ConfirmDialog
          trigger={
            <Button>
              <RotateCcw aria-hidden="true" className="size-4" />
              Retry
            </Button>
          }
          title={`Retry “${name}”?`}
          description={`The job goes back to its queue with a fresh budget of ${plural(job.maxAttempts, 'attempt')}. Steps it already finished (its checkpoint) are not done again.`}
          confirmLabel="Retry job"
          onConfirm={() => ops.retryJob(job)}
        />
      )}
      {allowed.cancel && (
        <ConfirmDialog
          trigger={
            <Button variant="secondary">
              <Ban aria-hidden="true" className="size-4" />
              Cancel
            </Button>
          }
          title={`Cancel “${name}”?`}
          description={
            job.status === 'RUNNING'
              ? 'Its worker stops the attempt that is running now. It won’t run again unless someone retries it.'
              : 'It won’t run. You can retry it later.'
          }
          confirmLabel="Cancel job"
          cancelLabel="Keep it"
          destructive
          onConfirm={() => ops.cancelJob(job)}
        />
      )}
    </div>
  );
}
