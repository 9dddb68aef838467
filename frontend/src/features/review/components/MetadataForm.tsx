/**
 * The editable listing text of one artwork, in the order of the listing: species and
 * filename (which follows the species), title, description (with its search snippet),
 * hashtags, and the three captions. Each field says when it differs from the draft.
 */
import type { Ref } from 'react';
import { Input, Textarea } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { FIELD_LABELS, isFieldChanged, type DraftField } from '../logic/draft';
import type { DraftStore } from '../logic/draftStore';
import { filenameProblem } from '../logic/filename';
import { LIMITS } from '../logic/limits';
import { useDraft } from '../hooks/useDraft';
import { CaptionCounter } from './CaptionCounter';
import { TagDiff, TextDiff } from './ChangeDiff';
import { HashtagInput } from './HashtagInput';
import { ReviewField } from './ReviewField';
import { SnippetPreview } from './SnippetPreview';
import { TitleCounter } from './TitleCounter';
import { WordCount } from './WordCount';

export interface MetadataFormProps {
  store: DraftStore;
  /** "AI draft" or "Saved version": what the edits are compared with. */
  originalLabel: string;
  readOnly?: boolean;
  titleRef?: Ref<HTMLInputElement>;
}

const CAPTIONS = ['instagram', 'tiktok', 'pinterest'] as const;

export function MetadataForm({ store, originalLabel, readOnly = false, titleRef }: MetadataFormProps) {
  const { values, filenameByHand } = useDraft(store);
  const original = store.original;
  const edited = (f: DraftField) => isFieldChanged(original, values, f);
  const common = (f: Exclude<DraftField, 'hashtags'>) => ({
    label: FIELD_LABELS[f],
    edited: edited(f),
    originalLabel,
    onRevert: readOnly ? undefined : () => store.revert(f),
    diff: <TextDiff before={original[f]} after={values[f]} />,
  });
  const fileProblem = readOnly ? null : filenameProblem(values.filename, values.species);

  return (
    <div className="space-y-6">
      <div className="space-y-5">
        <ReviewField {...common('species')}>
          {(p) => <Input {...p} value={values.species} readOnly={readOnly} autoComplete="off" onChange={(e) => store.set('species', e.target.value)} />}
        </ReviewField>
        <ReviewField
          {...common('filename')}
          hint={
            fileProblem ? (
              <span className="text-amber-800 dark:text-amber-300">{fileProblem}</span>
            ) : readOnly ? null : filenameByHand ? (
              <span>
                Edited by hand: it no longer follows the species.{' '}
                <button type="button" className="font-medium text-accent underline-offset-2 hover:underline" onClick={() => store.followSpecies()}>
                  Follow the species
                </button>
              </span>
            ) : (
              'Follows the species.'
            )
          }
        >
          {(p) => (
            <Input
              {...p}
              value={values.filename}
              readOnly={readOnly}
              spellCheck={false}
              autoCapitalize="off"
              autoComplete="off"
              className="font-mono text-sm"
              onChange={(e) => store.set('filename', e.target.value)}
            />
          )}
        </ReviewField>
      </div>

      <ReviewField {...common('title')} counter={(id) => <TitleCounter id={id} length={values.title.length} />}>
        {(p) => <Input {...p} ref={titleRef} value={values.title} readOnly={readOnly} autoComplete="off" onChange={(e) => store.set('title', e.target.value)} />}
      </ReviewField>

      <ReviewField {...common('description')} counter={(id) => <WordCount id={id} text={values.description} />} below={<SnippetPreview title={values.title} description={values.description} />}>
        {(p) => <Textarea {...p} rows={8} value={values.description} readOnly={readOnly} onChange={(e) => store.set('description', e.target.value)} />}
      </ReviewField>

      <ReviewField
        label={FIELD_LABELS.hashtags}
        edited={edited('hashtags')}
        originalLabel={originalLabel}
        onRevert={readOnly ? undefined : () => store.revert('hashtags')}
        diff={<TagDiff before={original.hashtags} after={values.hashtags} />}
      >
        {(p) => <HashtagInput id={p.id} describedBy={p['aria-describedby']} value={values.hashtags} readOnly={readOnly} onChange={(tags) => store.set('hashtags', tags)} />}
      </ReviewField>

      <div className={cn('space-y-5 border-t border-border pt-5')}>
        <h3 className="text-sm font-semibold text-fg">Social captions</h3>
        {CAPTIONS.map((c) => (
          <ReviewField key={c} {...common(c)} counter={(id) => <CaptionCounter id={id} length={values[c].length} max={LIMITS.captions[c]} />}>
            {(p) => <Textarea {...p} rows={c === 'pinterest' ? 2 : 3} value={values[c]} readOnly={readOnly} onChange={(e) => store.set(c, e.target.value)} />}
          </ReviewField>
        ))}
      </div>
    </div>
  );
}
