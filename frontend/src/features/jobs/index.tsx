/**
 * /jobs?tab=&status=&command=&search=&sort= — the job console: every job the workers
 * run (live, filterable, searchable), the failures grouped by what went wrong, and the
 * work queues with their dead letters. Admins retry, cancel and redrive; reviewers see
 * the same, read-only.
 */
import { getRouteApi } from '@tanstack/react-router';
import { PageHeader, TabPanel, Tabs } from '../../components/ui';
import { useAuth } from '../../app/auth';
import { DeadLetterBanner, deadLetterSummary } from './components/DeadLetterBanner';
import { FailuresTab } from './components/FailuresTab';
import { JobsTab } from './components/JobsTab';
import { QueuesTab } from './components/QueuesTab';
import { useFailureGroups } from './hooks/useFailureGroups';
import { useJobsLive } from './hooks/useJobsLive';
import { useQueues } from './hooks/useQueues';
import type { JobsTab as Tab } from './search';

const route = getRouteApi('/_app/jobs');

export default function JobsPage() {
  const { tab = 'jobs' } = route.useSearch();
  const navigate = route.useNavigate();
  const { role, isAdmin } = useAuth();
  useJobsLive();
  const queues = useQueues();
  const failures = useFailureGroups();
  const dead = deadLetterSummary(queues.data ?? []);
  const failedTotal = failures.shaped?.total;

  return (
    <>
      <PageHeader title="Jobs" description="Every step the workers run, with its attempts, the failures grouped by cause, and the queues they come from." />
      <DeadLetterBanner queues={queues.data ?? []} onQueuesTab={tab === 'queues'} isAdmin={isAdmin} />
      <Tabs<Tab>
        label="Jobs views"
        value={tab}
        // Only the tab changes: each tab's own filters stay in the URL for the way back.
        onValueChange={(t) => void navigate({ search: (prev) => ({ ...prev, tab: t === 'jobs' ? undefined : t }) })}
        items={[
          { value: 'jobs', label: 'Jobs' },
          { value: 'failures', label: 'Failures', count: failedTotal ? failedTotal : undefined },
          { value: 'queues', label: 'Queues', count: dead.total ? dead.total : undefined },
        ]}
      >
        <TabPanel value="jobs">
          <JobsTab />
        </TabPanel>
        <TabPanel value="failures">
          <FailuresTab />
        </TabPanel>
        <TabPanel value="queues">
          <QueuesTab query={queues} role={role} />
        </TabPanel>
      </Tabs>
    </>
  );
}
