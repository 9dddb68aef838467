/** The mark: a leaf over water, in the accent colour. */
export function Logo({ className = 'size-8' }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" className={className}>
      <rect width="32" height="32" rx="8" className="fill-accent" />
      <path d="M9 23c2-7 6-12 14-14-1 7-5 12-12 13" fill="none" strokeWidth="2.4" strokeLinecap="round" strokeLinejoin="round" className="stroke-accent-fg" />
      <path d="M9 23l7-7" strokeWidth="2.4" strokeLinecap="round" className="stroke-accent-fg" />
    </svg>
  );
}
