/** Nothing waits: a calm, finished state (new artworks appear here by themselves). */
import { Link } from '@tanstack/react-router';
import { PartyPopper } from 'lucide-react';
import { Button, Card, EmptyState } from '../../../components/ui';

export function QueueEmpty({ decidedHere }: { decidedHere: number }) {
  return (
    <Card>
      <EmptyState
        icon={PartyPopper}
        title="All caught up"
        action={
          <Button asChild variant="secondary">
            <Link to="/files">See all files</Link>
          </Button>
        }
      >
        {decidedHere > 0 ? `You decided ${decidedHere} ${decidedHere === 1 ? 'artwork' : 'artworks'} here. ` : ''}
        Nothing is waiting for review. When a new painting has been upscaled and described, it appears here on its own — no need to reload.
      </EmptyState>
    </Card>
  );
}
