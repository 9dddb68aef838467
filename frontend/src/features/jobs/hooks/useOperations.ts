/**
 * The admin operations (retry, cancel, retry a failure group, redrive a queue) as
 * functions for ConfirmDialog's onConfirm: on success a toast says what happened and the
 * views refetch; an error that trying again cannot fix (the job moved on, the group is
 * gone) closes the dialog with a toast saying so plainly; any other error stays in the
 * dialog (thrown), so the person can try again.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useToast } from '../../../components/ui';
import { queryKeys } from '../../../lib/queryKeys';
import { useGraphql } from '../../../lib/services';
import { CancelJob, RedriveQueue, RetryFailureGroup, RetryJob } from '../api';
import { commandLabel } from '../model/commands';
import { describeOperationError, type JobOperation } from '../model/errors';
import { plural } from '../model/format';

export function useJobOperations() {
  const request = useGraphql();
  const queryClient = useQueryClient();
  const toast = useToast();

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.jobs.all });
    void queryClient.invalidateQueries({ queryKey: queryKeys.queues.all });
    void queryClient.invalidateQueries({ queryKey: queryKeys.overview.all });
  };

  async function run<T>(op: JobOperation, failTitle: string, action: () => Promise<T>, done: (result: T) => void, subject: { queue?: string } = {}): Promise<void> {
    let result: T;
    try {
      result = await action();
    } catch (err) {
      const { message, settled } = describeOperationError(err, op, subject);
      if (!settled) throw new Error(message);
      refresh();
      toast({ title: failTitle, description: message, tone: 'danger' });
      return;
    }
    refresh();
    done(result);
  }

  return {
    retryJob: (job: { id: string; commandType: string }) =>
      run(
        'retry',
        'Couldn’t retry',
        () => request(RetryJob, { id: job.id }),
        (r) =>
          toast({
            title: 'Retry queued',
            description: `${commandLabel(job.commandType)} is back in the queue with ${plural(r.retryJob.maxAttempts, 'attempt')}.`,
          }),
      ),
    cancelJob: (job: { id: string; commandType: string }) =>
      run(
        'cancel',
        'Couldn’t cancel',
        () => request(CancelJob, { id: job.id }),
        () => toast({ title: 'Job cancelled', description: `${commandLabel(job.commandType)} won’t run again unless it is retried.` }),
      ),
    retryGroup: (group: { fingerprint: string; count: number }) =>
      run(
        'retryGroup',
        'Couldn’t retry these jobs',
        () => request(RetryFailureGroup, { fingerprint: group.fingerprint }),
        ({ retryFailureGroup: { retried } }) => {
          if (retried === 0) toast({ title: 'Nothing retried', description: 'These jobs had changed meanwhile.', tone: 'info' });
          else toast({ title: `${retried} retried`, description: retried < group.count ? 'The others had changed meanwhile.' : `${plural(retried, 'job')} went back to their queue.` });
        },
      ),
    redrive: (queue: { name: string }) =>
      run(
        'redrive',
        'Couldn’t redrive',
        () => request(RedriveQueue, { name: queue.name }),
        ({ redriveQueue: { redriven } }) => {
          if (redriven === 0) toast({ title: 'Nothing redriven', description: `The dead letters of ${queue.name} were for jobs that had already moved on.`, tone: 'info' });
          else toast({ title: `${redriven} redriven`, description: `Their jobs are queued again on ${queue.name}.` });
        },
        { queue: queue.name },
      ),
  };
}
