/** The soft limits the stored draft misses (`metadataWarnings`): guidance at the top of the form, never a block. */
import { TriangleAlert } from 'lucide-react';

const sentence = (s: string) => {
  const t = s.trim();
  return t ? t[0].toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? '' : '.') : t;
};

export function MetadataWarnings({ warnings }: { warnings: readonly string[] }) {
  if (warnings.length === 0) return null;
  return (
    <section aria-labelledby="review-warnings-title" className="rounded-xl bg-amber-50 px-4 py-3 text-sm text-amber-950 ring-1 ring-amber-200 ring-inset dark:bg-amber-950/60 dark:text-amber-100 dark:ring-amber-900">
      <h3 id="review-warnings-title" className="flex items-center gap-2 font-semibold">
        <TriangleAlert aria-hidden="true" className="size-4 shrink-0 text-amber-700 dark:text-amber-300" />
        The draft misses {warnings.length === 1 ? 'a guideline' : `${warnings.length} guidelines`}
      </h3>
      <ul className="mt-1.5 list-disc space-y-0.5 pl-10 marker:text-amber-600">
        {warnings.map((w) => (
          <li key={w}>{sentence(w)}</li>
        ))}
      </ul>
      <p className="mt-1.5 pl-6 text-xs text-amber-900/80 dark:text-amber-200/80">Guidance only: you can fix it here, or approve it as it is.</p>
    </section>
  );
}
