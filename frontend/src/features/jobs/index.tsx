/** /jobs?tab=&status=&command=&search= — the work the workers do, and their queues. Placeholder with its tabs. */
import { getRouteApi } from '@tanstack/react-router';
import { Layers, Workflow } from 'lucide-react';
import { Card, EmptyState, PageHeader, TabPanel, Tabs } from '../../components/ui';
import type { JobsTab } from './search';

const route = getRouteApi('/_app/jobs');

export default function JobsPage() {
  const { tab = 'jobs' } = route.useSearch();
  const navigate = route.useNavigate();
  return (
    <>
      <PageHeader title="Jobs" description="Every step the workers run, with its attempts, and the queues they come from." />
      <Tabs<JobsTab>
        label="Jobs views"
        value={tab}
        onValueChange={(t) => void navigate({ search: (prev) => ({ ...prev, tab: t === 'jobs' ? undefined : t }) })}
        items={[
          { value: 'jobs', label: 'Jobs' },
          { value: 'queues', label: 'Queues' },
        ]}
      >
        <TabPanel value="jobs">
          <Card>
            <EmptyState icon={Workflow} title="No jobs to show">
              Upscales, descriptions and listings appear here as the workers take them, with every retry and error.
            </EmptyState>
          </Card>
        </TabPanel>
        <TabPanel value="queues">
          <Card>
            <EmptyState icon={Layers} title="No queues to show">
              Each work queue’s depth, its consumers and its dead letters will appear here.
            </EmptyState>
          </Card>
        </TabPanel>
      </Tabs>
    </>
  );
}
