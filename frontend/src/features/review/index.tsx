/** /review — approve or reject the drafted titles and descriptions. Placeholder. */
import { ClipboardCheck } from 'lucide-react';
import { Card, EmptyState, PageHeader } from '../../components/ui';

export default function ReviewPage() {
  return (
    <>
      <PageHeader title="Review" description="Paintings whose title and description wait for your approval." />
      <Card>
        <EmptyState icon={ClipboardCheck} title="Nothing waits for review">
          When a painting has been upscaled and described, it appears here for you to approve, edit or reject.
        </EmptyState>
      </Card>
    </>
  );
}
