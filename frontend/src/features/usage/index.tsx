/** /usage — calls and spend per service (Replicate, Shopify, Drive). Placeholder. */
import { Activity } from 'lucide-react';
import { Card, EmptyState, PageHeader } from '../../components/ui';

export default function UsagePage() {
  return (
    <>
      <PageHeader title="Usage" description="Calls to Replicate, Shopify and Google Drive, and what they cost." />
      <Card>
        <EmptyState icon={Activity} title="No usage recorded yet">
          Every outside call is metered. Calls, errors and spend per service and per day will appear here.
        </EmptyState>
      </Card>
    </>
  );
}
