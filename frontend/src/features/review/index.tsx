/**
 * /review — the review desk: the owner checks what the AI wrote for each artwork,
 * fixes it and approves it (or rejects it) in seconds, one artwork at a time, from the
 * keyboard if they like. /review?file=<id> opens any artwork; an approved or published
 * one is edited and saved (its Shopify product follows).
 */
import { useState } from 'react';
import { Keyboard } from 'lucide-react';
import { Button, PageHeader } from '../../components/ui';
import { KeysDialog } from './components/KeysDialog';
import { ReviewDesk } from './components/ReviewDesk';

export default function ReviewPage() {
  const [keysOpen, setKeysOpen] = useState(false);
  return (
    <>
      <PageHeader
        title="Review"
        description="Check what the AI wrote for each painting, fix what needs fixing, and approve it for the shop."
        actions={
          <Button variant="ghost" size="sm" className="max-md:hidden" onClick={() => setKeysOpen(true)}>
            <Keyboard aria-hidden="true" className="size-4" />
            Keyboard shortcuts
          </Button>
        }
      />
      <ReviewDesk keysOpen={keysOpen} onKeysOpenChange={setKeysOpen} />
      <KeysDialog open={keysOpen} onOpenChange={setKeysOpen} />
    </>
  );
}
