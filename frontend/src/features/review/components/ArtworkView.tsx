/**
 * One artwork on the desk: its title and state, the preview with the loupe, the
 * editable text, and its facts and print sizes. Desktop: preview and sizes on the left,
 * the text on the right; phone: preview, text, then the rest.
 */
import type { Ref } from 'react';
import { Info } from 'lucide-react';
import { Card, CardBody } from '../../../components/ui';
import type { ReviewFile } from '../api';
import type { DraftStore } from '../logic/draftStore';
import { useDraft } from '../hooks/useDraft';
import { ArtworkFacts } from './ArtworkFacts';
import { ArtworkHeader } from './ArtworkHeader';
import { ArtworkPreview } from './ArtworkPreview';
import { MetadataForm } from './MetadataForm';
import { MetadataWarnings } from './MetadataWarnings';
import { SizeList } from './SizeList';

export type DeskMode = 'review' | 'edit' | 'none';

export interface ArtworkViewProps {
  file: ReviewFile;
  /** Null: the artwork has no draft yet. */
  store: DraftStore | null;
  mode: DeskMode;
  titleRef?: Ref<HTMLInputElement>;
  headingRef?: Ref<HTMLHeadingElement>;
  onRenewPreview: () => void;
  /** Shown above the text in edit mode (what saving does). */
  saveNote?: string;
  /** Changes when the text starts again from the API's (after a save): the form remounts, the preview stays. */
  formKey?: string | number;
}

export function ArtworkView({ file, store, mode, titleRef, headingRef, onRenewPreview, saveNote, formKey }: ArtworkViewProps) {
  return (
    <article aria-labelledby="review-artwork-title">
      {store ? <LiveHeader store={store} status={file.status} headingRef={headingRef} /> : <ArtworkHeader title={file.originalFilename} status={file.status} headingRef={headingRef} />}
      <div className="grid gap-5 lg:grid-cols-[minmax(0,1.2fr)_minmax(0,1fr)] lg:grid-rows-[auto_1fr] lg:items-start">
        <Card className="min-w-0 lg:col-start-1 lg:row-start-1">
          <CardBody className="p-2.5 sm:p-3">
            <ArtworkPreview url={file.previewUrl} alt={`The painting: ${store?.original.title || file.originalFilename}`} width={file.width} height={file.height} onRenew={onRenewPreview} />
          </CardBody>
        </Card>

        <Card className="min-w-0 lg:col-start-2 lg:row-span-2 lg:row-start-1">
          <CardBody className="space-y-6">
            {mode === 'none' && (
              <p className="flex items-start gap-2 rounded-xl bg-surface-2 px-3.5 py-3 text-sm text-fg">
                <Info aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-muted" />
                <span>
                  This artwork isn’t waiting for review, so its text can’t be changed here.
                  {file.statusReason ? <span className="mt-1 block text-muted">{file.statusReason}</span> : null}
                </span>
              </p>
            )}
            {mode === 'edit' && saveNote && (
              <p className="flex items-start gap-2 rounded-xl bg-accent-soft px-3.5 py-3 text-sm text-accent-soft-fg">
                <Info aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
                {saveNote}
              </p>
            )}
            {mode === 'review' && <MetadataWarnings warnings={file.metadataWarnings} />}
            {store ? (
              <MetadataForm key={formKey} store={store} originalLabel={mode === 'review' ? 'AI draft' : 'Saved version'} readOnly={mode === 'none'} titleRef={titleRef} />
            ) : (
              <p className="text-sm text-muted">There is no draft text for this artwork yet.</p>
            )}
          </CardBody>
        </Card>

        <Card className="min-w-0 lg:col-start-1 lg:row-start-2">
          <CardBody className="space-y-6">
            <ArtworkFacts file={file} />
            <SizeList sizes={file.sizes} ratioFamily={file.ratioFamily} />
          </CardBody>
        </Card>
      </div>
    </article>
  );
}

function LiveHeader({ store, status, headingRef }: { store: DraftStore; status: string; headingRef?: Ref<HTMLHeadingElement> }) {
  const { values } = useDraft(store);
  return <ArtworkHeader title={values.title} status={status} headingRef={headingRef} />;
}
