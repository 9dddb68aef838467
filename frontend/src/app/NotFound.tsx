import { Link } from '@tanstack/react-router';
import { Compass } from 'lucide-react';
import { Button, Card, EmptyState } from '../components/ui';

export function NotFound() {
  return (
    <div className="mx-auto max-w-xl px-4 py-16">
      <Card>
        <EmptyState
          icon={Compass}
          title="There’s no page here"
          action={
            <Button asChild>
              <Link to="/">Go to the overview</Link>
            </Button>
          }
        >
          The link may be old, or mistyped.
        </EmptyState>
      </Card>
    </div>
  );
}
