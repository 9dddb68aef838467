/**
 * The price table, editable: one price per print size (grouped by aspect ratio), add a
 * size, remove one, and save the whole table — optionally pushing it to the products
 * already listed in Shopify. Nothing is sent until Save; what is unsaved is said in
 * words. The API's VALIDATION_ERROR is shown above the table, in plain words, and on
 * the sizes it names.
 */
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { CircleAlert, CircleCheck, Plus, RotateCcw, Tags, X } from 'lucide-react';
import { Badge, Button, Card, CardBody, CardHeader, EmptyState, Field, Input, RelativeTime } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { ApiError, describeError } from '../../../lib/http';
import type { Price, PriceTableUpdate } from '../api';
import { changesOf, describeChanges, draftFrom, groupByRatio, hasChanges, rowErrors, signatureOf, toPayload, type DraftRow } from '../model/priceDraft';
import { describePriceTableError, formatPrice, parsePrice, parseSize, ratioTitle, sizeLabel, type PriceProblem } from '../model/priceTable';

export interface PriceTableEditorProps {
  /** The table in force (the API's `settings.prices`). */
  prices: readonly Price[];
  onSave: (prices: { size: string; price: number }[], applyToListed: boolean) => Promise<PriceTableUpdate>;
  /** Told whenever the editor starts or stops having unsaved changes. */
  onDirtyChange?: (dirty: boolean) => void;
}

interface SaveResult {
  at: number;
  applied: boolean;
  listingsUpdating: number;
  /** Sizes removed before saving that the API kept (built-in or PRICE_TABLE sizes), with their price now. */
  kept: Price[];
}

export function PriceTableEditor({ prices, onSave, onDirtyChange }: PriceTableEditorProps) {
  const [baseline, setBaseline] = useState<readonly Price[]>(prices);
  const [rows, setRows] = useState<DraftRow[]>(() => draftFrom(prices));
  const [applyToListed, setApplyToListed] = useState(false);
  const [saving, setSaving] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [problems, setProblems] = useState<{ title: string; items: PriceProblem[] } | null>(null);
  const [result, setResult] = useState<SaveResult | null>(null);
  const [saves, setSaves] = useState(0);
  const problemsRef = useRef<HTMLDivElement>(null);
  const checkboxId = useId();

  const changes = useMemo(() => changesOf(rows, baseline), [rows, baseline]);
  const dirty = hasChanges(changes);
  const errors = useMemo(() => rowErrors(rows), [rows]);
  const groups = useMemo(() => groupByRatio(rows), [rows]);
  const before = useMemo(() => new Map(baseline.map((p) => [p.size, p.price])), [baseline]);
  const apiProblemBySize = useMemo(() => new Map((problems?.items ?? []).filter((p) => p.size).map((p) => [p.size!, p.message])), [problems]);

  // The table in force changed (saved elsewhere, or refetched): take it, unless editing.
  const incoming = signatureOf(prices);
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  // (Keyed by the table's content: a refetch of the same table changes nothing.)
  useEffect(() => {
    if (dirtyRef.current) return;
    setBaseline(prices);
    setRows(draftFrom(prices));
  }, [incoming]);

  useEffect(() => onDirtyChange?.(dirty), [dirty, onDirtyChange]);

  const setPrice = (size: string, price: string) => setRows((list) => list.map((r) => (r.size === size ? { ...r, price } : r)));
  // Focus follows: a removed size's "Put back" button (an undo at hand), a put-back size's price.
  // Moved right after the render that shows the target (a layout effect), never later: a
  // deferred move would steal focus from wherever the user has gone meanwhile.
  const pendingFocus = useRef<string | null | undefined>(undefined);
  const focusSoon = (id: string | null) => {
    pendingFocus.current = id;
  };
  useLayoutEffect(() => {
    if (pendingFocus.current === undefined) return;
    const id = pendingFocus.current;
    pendingFocus.current = undefined;
    (id ? document.getElementById(id) : document.querySelector<HTMLElement>('[data-add-size]'))?.focus();
  });
  const remove = (size: string) => {
    setRows((list) => list.filter((r) => r.size !== size));
    setResult(null);
    if (before.has(size)) focusSoon(restoreButtonId(size));
    else focusSoon(null);
  };
  const restore = (size: string) => {
    const price = before.get(size);
    if (price === undefined) return;
    setRows((list) => [...list, { size, price: String(price) }]);
    focusSoon(priceInputId(size));
  };
  const discard = () => {
    setRows(draftFrom(baseline));
    setSubmitted(false);
    setTouched(new Set());
    setProblems(null);
  };

  const save = async () => {
    setSubmitted(true);
    setResult(null);
    if (errors.size > 0) {
      setProblems(null);
      const first = [...errors.keys()][0];
      document.getElementById(priceInputId(first))?.focus();
      return;
    }
    const payload = toPayload(rows);
    setSaving(true);
    setProblems(null);
    try {
      const res = await onSave(payload, applyToListed);
      const sent = new Set(payload.map((p) => p.size));
      const kept = res.prices.filter((p) => !sent.has(p.size) && changes.removed.includes(p.size));
      setBaseline(res.prices);
      setRows(draftFrom(res.prices));
      setResult({ at: Date.now(), applied: applyToListed, listingsUpdating: res.listingsUpdating, kept });
      setApplyToListed(false);
      setSaves((n) => n + 1);
      setSubmitted(false);
      setTouched(new Set());
    } catch (err) {
      const validation = err instanceof ApiError && err.code === 'VALIDATION_ERROR';
      setProblems({
        title: 'The price table wasn’t saved',
        items: validation ? describePriceTableError(err.message) : [{ size: null, message: describeError(err) }],
      });
      requestAnimationFrame(() => problemsRef.current?.focus());
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card>
      <CardHeader
        title="Price table"
        description="What each print size sells for, in US dollars. New listings offer the sizes that have a price here."
        actions={dirty ? <Badge tone="attention" dot>Unsaved changes</Badge> : null}
      />
      <CardBody className="space-y-6">
        {problems && (
          <div ref={problemsRef} tabIndex={-1} role="alert" className="rounded-xl border border-danger/40 bg-danger-soft px-4 py-3 text-sm text-danger focus:outline-none">
            <p className="flex items-center gap-2 font-semibold">
              <CircleAlert aria-hidden="true" className="size-4 shrink-0" />
              {problems.title}
            </p>
            <ul className="mt-1.5 space-y-0.5 pl-6">
              {problems.items.map((p, i) => (
                <li key={i}>
                  {p.size && <span className="font-medium">{/^\d+x\d+$/i.test(p.size) ? sizeLabel(p.size) : p.size}: </span>}
                  {p.message}
                </li>
              ))}
            </ul>
          </div>
        )}

        {rows.length === 0 ? (
          <EmptyState icon={Tags} title="No sizes in the table" className="py-8 sm:py-10">
            Add a size below. Paintings are only offered in sizes that have a price.
          </EmptyState>
        ) : (
          groups.map((g) => (
            <section key={g.ratio} aria-labelledby={`ratio-${g.ratio}`}>
              <h3 id={`ratio-${g.ratio}`} className="mb-2.5 text-sm font-semibold text-fg">
                {ratioTitle(g.ratio)}
              </h3>
              <ul className="grid grid-cols-2 gap-2.5 sm:grid-cols-3 md:grid-cols-4 lg:grid-cols-5 2xl:grid-cols-6">
                {g.rows.map((r) => (
                  <PriceTile
                    key={r.size}
                    row={r}
                    was={before.get(r.size)}
                    error={(submitted || touched.has(r.size) ? errors.get(r.size) : undefined) ?? apiProblemBySize.get(r.size)}
                    onChange={(v) => setPrice(r.size, v)}
                    onBlur={() => setTouched((t) => new Set(t).add(r.size))}
                    onRemove={() => remove(r.size)}
                  />
                ))}
              </ul>
            </section>
          ))
        )}

        {changes.removed.length > 0 && (
          <div className="rounded-xl bg-surface-2 px-4 py-3 text-sm">
            <p className="text-muted">Removed, not saved yet:</p>
            <ul className="mt-2 flex flex-wrap gap-2">
              {changes.removed.map((size) => (
                <li key={size}>
                  <Button id={restoreButtonId(size)} variant="secondary" size="sm" onClick={() => restore(size)}>
                    <RotateCcw aria-hidden="true" className="size-3.5" />
                    Put back {sizeLabel(size)}
                  </Button>
                </li>
              ))}
            </ul>
          </div>
        )}

        <AddSizeForm
          key={saves}
          existing={rows.map((r) => r.size)}
          onAdd={(size, price) => {
            setRows((list) => [...list, { size, price }]);
            setResult(null);
          }}
        />
      </CardBody>

      <div
        className={cn(
          'rounded-b-card border-t border-border bg-surface/95 px-5 py-4 backdrop-blur sm:px-6',
          dirty && 'sticky bottom-[calc(4rem+env(safe-area-inset-bottom))] z-10 shadow-[0_-6px_16px_-8px_rgb(0_0_0/0.12)] md:bottom-0',
        )}
      >
        <div className="flex flex-col gap-3 lg:flex-row lg:items-center lg:justify-between lg:gap-4">
          <div className="min-w-0 space-y-2.5">
            <label htmlFor={checkboxId} className="flex cursor-pointer items-start gap-2.5 text-sm text-fg">
              <input
                id={checkboxId}
                type="checkbox"
                checked={applyToListed}
                onChange={(e) => setApplyToListed(e.target.checked)}
                className="mt-0.5 size-4 shrink-0 rounded accent-[var(--accent)]"
              />
              Also update prices of products already listed in Shopify
            </label>
            <SaveStatus dirty={dirty} summary={describeChanges(changes)} result={result} />
          </div>
          <div className="flex shrink-0 gap-2 sm:justify-end">
            {dirty && (
              <Button variant="secondary" onClick={discard} disabled={saving} className="flex-1 sm:flex-none">
                Discard changes
              </Button>
            )}
            <Button onClick={() => void save()} loading={saving} disabled={!dirty && !applyToListed} className="flex-1 sm:flex-none">
              Save prices
            </Button>
          </div>
        </div>
      </div>
    </Card>
  );
}

const priceInputId = (size: string) => `price-${size}`;
const restoreButtonId = (size: string) => `restore-${size}`;

function PriceTile({ row, was, error, onChange, onBlur, onRemove }: { row: DraftRow; was: number | undefined; error?: string; onChange: (v: string) => void; onBlur: () => void; onRemove: () => void }) {
  const id = priceInputId(row.size);
  const label = sizeLabel(row.size);
  const parsed = parsePrice(row.price);
  const isNew = was === undefined;
  const changed = !isNew && (!('value' in parsed) || parsed.value !== was);
  return (
    <li className={cn('relative rounded-xl border bg-surface p-2.5 transition-colors', error ? 'border-danger' : changed || isNew ? 'border-accent' : 'border-border')}>
      <label htmlFor={id} className="block pr-7 leading-tight">
        <span className="block text-xs text-muted">Price for</span> <span className="block text-[15px] font-semibold text-fg tabular-nums">{label}</span>
      </label>
      <div className="relative mt-1.5">
        <span aria-hidden="true" className="pointer-events-none absolute top-1/2 left-3 -translate-y-1/2 text-muted">
          $
        </span>
        <Input
          id={id}
          type="number"
          inputMode="decimal"
          min="0.01"
          step="0.01"
          value={row.price}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
          invalid={Boolean(error)}
          aria-describedby={error ? `${id}-error` : changed || isNew ? `${id}-note` : undefined}
          className="h-9 pl-7 tabular-nums"
        />
      </div>
      {/* After the price in the tab order (each tile: its price, then its remove), shown top right. */}
      <button
        type="button"
        onClick={onRemove}
        aria-label={`Remove ${label}`}
        title={`Remove ${label}`}
        className="absolute top-1.5 right-1.5 rounded-lg p-1 text-muted hover:bg-surface-2 hover:text-fg"
      >
        <X aria-hidden="true" className="size-4" />
      </button>
      {error ? (
        <p id={`${id}-error`} className="mt-1.5 text-xs text-danger">
          {error}
        </p>
      ) : isNew ? (
        <p id={`${id}-note`} className="mt-1.5 text-xs text-muted">
          New size
        </p>
      ) : changed ? (
        <p id={`${id}-note`} className="mt-1.5 text-xs text-muted">
          Was {formatPrice(was)}
        </p>
      ) : null}
    </li>
  );
}

function SaveStatus({ dirty, summary, result }: { dirty: boolean; summary: string; result: SaveResult | null }) {
  return (
    <div role="status" className="text-sm">
      {dirty ? (
        <p className="text-fg">
          <span className="font-medium">Unsaved changes:</span> <span className="text-muted">{summary}.</span>
        </p>
      ) : result ? (
        <div className="space-y-1">
          <p className="flex flex-wrap items-center gap-x-1.5 text-fg">
            <CircleCheck aria-hidden="true" className="size-4 shrink-0 text-emerald-600 dark:text-emerald-400" />
            <span className="font-medium">Saved</span>
            <RelativeTime value={result.at} className="text-muted" />
          </p>
          <p className="text-muted">{listingsSentence(result)}</p>
          {result.kept.length > 0 && (
            <p className="text-muted">
              {result.kept.map((p) => `${sizeLabel(p.size)} (${formatPrice(p.price)})`).join(', ')} {result.kept.length === 1 ? 'is' : 'are'} part of the server’s
              starting price table and can’t be removed here, so {result.kept.length === 1 ? 'it stays' : 'they stay'} at the starting price.
            </p>
          )}
        </div>
      ) : (
        <p className="text-muted">All prices are saved.</p>
      )}
    </div>
  );
}

function listingsSentence(r: SaveResult): string {
  if (!r.applied) return 'New listings use these prices; products already in Shopify keep theirs.';
  if (r.listingsUpdating === 0) return 'No products are listed in Shopify yet, so nothing else needed updating.';
  return `Updating ${r.listingsUpdating} listed ${r.listingsUpdating === 1 ? 'product' : 'products'} in Shopify with the new prices.`;
}

/** A new size and its price; refuses what isn't a size, or one already in the table. */
function AddSizeForm({ existing, onAdd }: { existing: string[]; onAdd: (size: string, price: string) => void }) {
  const [size, setSize] = useState('');
  const [price, setPrice] = useState('');
  const [errors, setErrors] = useState<{ size?: string; price?: string }>({});
  const [added, setAdded] = useState<string | null>(null);
  const sizeRef = useRef<HTMLInputElement>(null);
  const priceRef = useRef<HTMLInputElement>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const s = parseSize(size);
    const p = parsePrice(price);
    const next: { size?: string; price?: string } = {};
    if ('error' in s) next.size = s.error;
    else if (existing.includes(s.key)) next.size = `${sizeLabel(s.key)} is already in the table.`;
    if ('error' in p) next.price = p.error;
    setErrors(next);
    setAdded(null);
    if (next.size) return sizeRef.current?.focus();
    if (next.price) return priceRef.current?.focus();
    if ('error' in s) return;
    onAdd(s.key, price.trim());
    const typed = size.trim().replace(/\s+/g, '').toLowerCase().replace(/[×*]/, 'x');
    setAdded(typed === s.key ? `Added ${sizeLabel(s.key)}.` : `Added as ${sizeLabel(s.key)}: sizes are listed short side first.`);
    setSize('');
    setPrice('');
    sizeRef.current?.focus();
  };

  return (
    <form onSubmit={submit} noValidate className="rounded-xl border border-dashed border-border-strong p-4">
      <h3 className="text-sm font-semibold text-fg">Add a size</h3>
      <div className="mt-3 flex flex-col gap-3 sm:flex-row sm:items-start">
        <Field label="Size" hint="In inches, like 12x18" error={errors.size} className="sm:w-56">
          {(props) => <Input {...props} data-add-size="" ref={sizeRef} value={size} onChange={(e) => setSize(e.target.value)} autoComplete="off" spellCheck={false} />}
        </Field>
        <Field label="Price" hint="In US dollars" error={errors.price} className="sm:w-40">
          {(props) => (
            <div className="relative">
              <span aria-hidden="true" className="pointer-events-none absolute top-1/2 left-3.5 -translate-y-1/2 text-muted">
                $
              </span>
              <Input {...props} ref={priceRef} type="number" inputMode="decimal" min="0.01" step="0.01" value={price} onChange={(e) => setPrice(e.target.value)} className="pl-7 tabular-nums" />
            </div>
          )}
        </Field>
        <Button type="submit" variant="secondary" className="h-11 sm:mt-[1.625rem]">
          <Plus aria-hidden="true" className="size-4" />
          Add size
        </Button>
      </div>
      <p role="status" className="text-sm text-muted">
        {added && <span className="mt-2 block">{added}</span>}
      </p>
    </form>
  );
}
