/** What changed from the draft: removed words struck through, added ones highlighted (also said in words for screen readers). */
import { diffTags, diffWords } from '../logic/diff';

const DEL = 'rounded-sm bg-red-100 px-0.5 text-red-900 line-through decoration-red-700/60 dark:bg-red-950 dark:text-red-200';
const INS = 'rounded-sm bg-emerald-100 px-0.5 text-emerald-900 no-underline dark:bg-emerald-950 dark:text-emerald-200';

export function TextDiff({ before, after }: { before: string; after: string }) {
  const parts = diffWords(before, after);
  return (
    <p className="leading-relaxed break-words whitespace-pre-wrap" data-testid="text-diff">
      {parts.map((p, i) =>
        p.kind === 'same' ? (
          <span key={i}>{p.text}</span>
        ) : p.kind === 'removed' ? (
          <del key={i} className={DEL}>
            <span className="sr-only">removed: </span>
            {p.text}
          </del>
        ) : (
          <ins key={i} className={INS}>
            <span className="sr-only">added: </span>
            {p.text}
          </ins>
        ),
      )}
    </p>
  );
}

export function TagDiff({ before, after }: { before: readonly string[]; after: readonly string[] }) {
  const { removed, added } = diffTags(before, after);
  return (
    <div className="space-y-1.5" data-testid="tag-diff">
      {removed.length > 0 && (
        <p>
          <span className="mr-1.5 text-muted">Removed</span>
          {removed.map((t) => (
            <del key={t} className={`${DEL} mr-1 inline-block`}>
              {t}
            </del>
          ))}
        </p>
      )}
      {added.length > 0 && (
        <p>
          <span className="mr-1.5 text-muted">Added</span>
          {added.map((t) => (
            <ins key={t} className={`${INS} mr-1 inline-block`}>
              {t}
            </ins>
          ))}
        </p>
      )}
      {removed.length === 0 && added.length === 0 && <p className="text-muted">The same hashtags, in a different order.</p>}
    </div>
  );
}
