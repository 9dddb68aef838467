import { TriangleAlert } from 'lucide-react';
import { cn } from '../../lib/cn';
import { describeError } from '../../lib/http';
import { Button } from './Button';

/** Something failed to load: what happened, in plain words, and a way to try again. */
export function ErrorState({ error, title = 'This didn’t load', onRetry, className }: { error: unknown; title?: string; onRetry?: () => void; className?: string }) {
  return (
    <div role="alert" className={cn('flex flex-col items-center px-6 py-12 text-center', className)}>
      <div className="mb-4 flex size-12 items-center justify-center rounded-2xl bg-danger-soft text-danger">
        <TriangleAlert aria-hidden="true" className="size-6" />
      </div>
      <h2 className="text-base font-semibold text-fg">{title}</h2>
      <p className="mt-1.5 max-w-md text-sm text-muted">{describeError(error)}</p>
      {onRetry && (
        <Button variant="secondary" size="sm" className="mt-5" onClick={onRetry}>
          Try again
        </Button>
      )}
    </div>
  );
}
