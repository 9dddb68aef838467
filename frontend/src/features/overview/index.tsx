/** / — the pipeline at a glance. Placeholder: the overview page is built in its own issue. */
import { Gauge } from 'lucide-react';
import { Button, Card, EmptyState, PageHeader } from '../../components/ui';
import { Link } from '@tanstack/react-router';

export default function OverviewPage() {
  return (
    <>
      <PageHeader title="Overview" description="How the pipeline is doing: files by state, what waits for review, and what failed." />
      <Card>
        <EmptyState
          icon={Gauge}
          title="Nothing to sum up yet"
          action={
            <Button asChild variant="secondary">
              <Link to="/review">Open the review queue</Link>
            </Button>
          }
        >
          Counts of files by state, the review queue and recent failures will appear here, updating as the pipeline runs.
        </EmptyState>
      </Card>
    </>
  );
}
