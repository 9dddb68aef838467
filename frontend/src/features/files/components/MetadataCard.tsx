/**
 * The product text: title, description, hashtags, the three captions, species and the
 * print filename — the AI's draft until someone approves it. Shown as text, never HTML.
 * Soft limits the draft misses (`metadataWarnings`) come first.
 */
import type { ReactNode } from 'react';
import { FileText, TriangleAlert } from 'lucide-react';
import { Card, CardBody, CardHeader } from '../../../components/ui';
import { readMetadata } from '../metadata';

function Item({ label, children, wide = true }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? 'sm:col-span-2' : undefined}>
      <dt className="text-xs font-medium tracking-wide text-muted uppercase">{label}</dt>
      <dd className="mt-1 text-[15px] text-fg">{children}</dd>
    </div>
  );
}

const sentence = (s: string) => {
  const t = s.trim();
  return t.charAt(0).toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? '' : '.');
};

export function MetadataCard({ metadata, warnings, status }: { metadata: unknown; warnings: string[]; status: string }) {
  const m = readMetadata(metadata);
  const state = status === 'APPROVED' || status === 'PUBLISHED' ? 'As approved' : status === 'PROCESSED' ? 'The AI’s draft, waiting for review' : undefined;
  return (
    <Card>
      <CardHeader title="Title and description" description={m ? state : undefined} />
      <CardBody>
        {warnings.length > 0 && (
          <div role="note" className="mb-5 rounded-xl bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
            <p className="flex items-center gap-2 font-medium">
              <TriangleAlert aria-hidden="true" className="size-4 shrink-0" />
              The draft misses {warnings.length === 1 ? 'a guideline' : `${warnings.length} guidelines`}
            </p>
            <ul className="mt-1.5 list-disc space-y-0.5 pl-10">
              {warnings.map((w) => (
                <li key={w}>{sentence(w)}</li>
              ))}
            </ul>
          </div>
        )}
        {!m ? (
          <div className="flex items-start gap-3 text-sm text-muted">
            <FileText aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
            <p>No title or description yet. They are written after the image is upscaled.</p>
          </div>
        ) : (
          <dl className="grid gap-5 sm:grid-cols-2">
            <Item label="Title">{m.title ? <span className="text-lg font-semibold tracking-tight">{m.title}</span> : <span className="text-muted">None</span>}</Item>
            <Item label="Description">{m.description ? <p className="leading-relaxed whitespace-pre-line">{m.description}</p> : <span className="text-muted">None</span>}</Item>
            <Item label={`Hashtags (${m.hashtags.length})`}>
              {m.hashtags.length ? (
                <ul className="flex flex-wrap gap-1.5">
                  {m.hashtags.map((t) => (
                    <li key={t} className="rounded-full bg-surface-2 px-2.5 py-0.5 text-sm text-fg">
                      {t}
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="text-muted">None</span>
              )}
            </Item>
            <div className="sm:col-span-2">
              <dt className="text-xs font-medium tracking-wide text-muted uppercase">Captions</dt>
              <dd className="mt-1.5 grid gap-2 sm:grid-cols-3">
                {(
                  [
                    ['Instagram', m.captions.instagram],
                    ['TikTok', m.captions.tiktok],
                    ['Pinterest', m.captions.pinterest],
                  ] as const
                ).map(([name, text]) => (
                  <div key={name} className="rounded-xl bg-surface-2 px-3 py-2.5">
                    <p className="text-xs font-medium text-muted">{name}</p>
                    <p className="mt-0.5 text-sm whitespace-pre-line text-fg">{text ?? <span className="text-muted">None</span>}</p>
                  </div>
                ))}
              </dd>
            </div>
            <Item label="Species" wide={false}>
              {m.species ?? <span className="text-muted">None</span>}
            </Item>
            <Item label="Filename" wide={false}>
              {m.filename ? <span className="font-mono text-sm break-all">{m.filename}</span> : <span className="text-muted">None</span>}
            </Item>
          </dl>
        )}
      </CardBody>
    </Card>
  );
}
