/** The painting (the 2048 px review preview) and the facts about the file. */
import { useState, type ReactNode } from 'react';
import { ExternalLink } from 'lucide-react';
import { Card } from '../../../components/ui';
import { Time } from './Time';
import type { FileDetail } from '../api';
import { SignedImage } from './SignedImage';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="mt-0.5 truncate text-sm text-fg">{children}</dd>
    </div>
  );
}

function NewTabLink({ href, children, id }: { href: string; children: ReactNode; id: string }) {
  return (
    <>
      <a href={href} target="_blank" rel="noopener" aria-describedby={id} className="inline-flex items-center gap-1 rounded font-medium text-accent hover:underline">
        {children}
        <ExternalLink aria-hidden="true" className="size-3.5" />
      </a>
      <span id={id} hidden>
        (opens in a new tab)
      </span>
    </>
  );
}

export function PreviewCard({ file, title, onExpired }: { file: FileDetail; title: string; onExpired: () => void }) {
  const ratio = file.width && file.height ? `${file.width} / ${file.height}` : '3 / 2';
  // The large preview, or the thumbnail when the preview is not there (yet).
  const [previewBroken, setPreviewBroken] = useState(false);
  const src = (!previewBroken && file.previewUrl) || file.thumbnailUrl;
  return (
    <Card className="overflow-hidden">
      <div className="max-h-[min(70vh,640px)] w-full bg-surface-2" style={{ aspectRatio: ratio }}>
        <SignedImage key={file.id} src={src} alt={`The painting: ${title}`} fit="contain" onExpired={onExpired} onFailed={() => src === file.previewUrl && setPreviewBroken(true)} emptyLabel="No preview yet" iconClassName="size-7" className="size-full" />
      </div>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-3 border-t border-border px-5 py-4 sm:grid-cols-3 sm:px-6">
        <Fact label="Original file">
          <span title={file.originalFilename}>{file.originalFilename}</span>
        </Fact>
        <Fact label="Print file">{file.processedFilename ? <span title={file.processedFilename}>{file.processedFilename}</span> : <span className="text-muted">Not made yet</span>}</Fact>
        <Fact label="Pixels">{file.width && file.height ? <span className="tabular-nums">{`${file.width} × ${file.height}`}</span> : <span className="text-muted">Not known yet</span>}</Fact>
        <Fact label="Ratio family">{file.ratioFamily ?? <span className="text-muted">None</span>}</Fact>
        <Fact label="Added">
          <Time value={file.createdAt} />
        </Fact>
        <Fact label="Updated">
          <Time value={file.updatedAt} />
        </Fact>
      </dl>
      {file.driveUrl && (
        <div className="-mt-1 px-5 pb-4 text-sm sm:px-6">
          <NewTabLink href={file.driveUrl} id={`drive-${file.id}`}>
            Open in Google Drive
          </NewTabLink>
        </div>
      )}
    </Card>
  );
}
