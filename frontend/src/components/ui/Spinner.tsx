import { cn } from '../../lib/cn';

/** A small turning ring. `label` is read by screen readers (null: decorative, e.g. inside a busy button). */
export function Spinner({ size = 'md', label = 'Loading', className }: { size?: 'sm' | 'md' | 'lg'; label?: string | null; className?: string }) {
  const px = { sm: 'size-4 border-2', md: 'size-6 border-2', lg: 'size-9 border-[3px]' }[size];
  return (
    <span role={label ? 'status' : undefined} className={cn('inline-flex items-center', className)}>
      <span aria-hidden="true" className={cn('animate-spin rounded-full border-current border-r-transparent opacity-70', px)} />
      {label && <span className="sr-only">{label}</span>}
    </span>
  );
}
