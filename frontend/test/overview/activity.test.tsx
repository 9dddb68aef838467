/** The activity feed's wording for each kind of event, the review echo it drops, and its links to files. */
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ActivityCard } from '../../src/features/overview/components/ActivityCard';
import { activityText, describeActivity, displayName, withoutEchoes, type ActivityItem } from '../../src/features/overview/model/activity';
import { renderInRouter } from './helpers';

let n = 0;
const item = (over: Partial<ActivityItem>): ActivityItem => ({
  id: String(++n),
  kind: 'FILE_STATUS',
  at: '2026-12-01T08:00:00.000Z',
  fileId: 'f1',
  filename: 'red-fox-at-dawn.jpg',
  jobId: null,
  status: null,
  decision: null,
  reviewer: null,
  reason: null,
  error: null,
  commandType: null,
  ...over,
});
const say = (over: Partial<ActivityItem>) => activityText(describeActivity(item(over)));

describe('displayName', () => {
  it('turns a filename into words', () => {
    expect(displayName('red-fox-at-dawn.jpg')).toBe('Red fox at dawn');
    expect(displayName('Barn_Owl__over the dyke.TIFF')).toBe('Barn Owl over the dyke');
    expect(displayName('heron')).toBe('Heron');
    expect(displayName('.jpg')).toBe('.jpg');
  });
});

describe('describeActivity', () => {
  it('file state changes, one sentence per state', () => {
    expect(say({ status: 'INGESTED' })).toBe('Red fox at dawn arrived from Drive');
    expect(say({ status: 'PROCESSING' })).toBe('Red fox at dawn started processing');
    expect(say({ status: 'PROCESSED' })).toBe('Red fox at dawn is ready for review');
    expect(say({ status: 'APPROVED' })).toBe('Red fox at dawn was approved');
    expect(say({ status: 'PUBLISHED' })).toBe('Red fox at dawn was published to the shop');
    expect(say({ status: 'FAILED', reason: 'UNSUPPORTED_RATIO: 2300×2000' })).toBe('Red fox at dawn failed: UNSUPPORTED_RATIO: 2300×2000');
    expect(say({ status: 'REJECTED' })).toBe('Red fox at dawn was rejected');
    expect(say({ status: 'ARCHIVED' })).toBe('Red fox at dawn was archived');
    expect(say({ status: 'ON_HOLD' })).toBe('Red fox at dawn moved to On hold');
  });

  it('reviews name the reviewer and the reason', () => {
    expect(say({ kind: 'REVIEW', decision: 'APPROVED', reviewer: 'rita' })).toBe('Red fox at dawn was approved by rita');
    expect(say({ kind: 'REVIEW', decision: 'REJECTED', reviewer: 'rita', reason: 'Too dark' })).toBe('Red fox at dawn was rejected by rita: Too dark');
    expect(say({ kind: 'REVIEW', decision: 'REPROCESS', reviewer: 'ada' })).toBe('Red fox at dawn was sent back for reprocessing by ada');
    expect(say({ kind: 'REVIEW', decision: 'EDITED', reviewer: 'ada' })).toBe('Red fox at dawn was edited by ada');
    expect(say({ kind: 'REVIEW', decision: 'APPROVED', reviewer: null })).toBe('Red fox at dawn was approved');
    expect(say({ kind: 'REVIEW', decision: 'ESCALATED', reviewer: 'ada' })).toBe('Red fox at dawn was reviewed by ada (escalated)');
  });

  it('failures name the command, the file if any, and the error', () => {
    expect(say({ kind: 'JOB_FAILED', commandType: 'UpscaleImage', error: 'Replicate timed out after 300 s' })).toBe('UpscaleImage failed for Red fox at dawn: Replicate timed out after 300 s');
    expect(say({ kind: 'JOB_FAILED', jobId: 'j1', commandType: 'UpscaleImage', error: 'x' })).toBe('UpscaleImage failed for Red fox at dawn: x');
    expect(describeActivity(item({ kind: 'JOB_FAILED', jobId: 'j1', commandType: 'UpscaleImage' })).parts[0]).toEqual({ type: 'job', jobId: 'j1', text: 'UpscaleImage' });
    expect(say({ kind: 'JOB_FAILED', commandType: 'Noop', fileId: null, filename: null, error: '  ' })).toBe('Noop failed');
    expect(say({ kind: 'JOB_FAILED', commandType: null, fileId: null, filename: null })).toBe('A job failed');
  });

  it('a file without a name is “A file”; the tone and icon follow the event', () => {
    expect(say({ filename: null, status: 'PUBLISHED' })).toBe('A file was published to the shop');
    expect(describeActivity(item({ kind: 'JOB_FAILED', commandType: 'X' }))).toMatchObject({ tone: 'danger', icon: 'failed' });
    expect(describeActivity(item({ status: 'PUBLISHED' }))).toMatchObject({ tone: 'success', icon: 'published' });
    expect(describeActivity(item({ kind: 'REVIEW', decision: 'APPROVED' }))).toMatchObject({ tone: 'info', icon: 'approved' });
  });

  it('keys are unique across kinds (ids come from different tables)', () => {
    const a = describeActivity(item({ id: '7', kind: 'REVIEW', decision: 'APPROVED' }));
    const b = describeActivity(item({ id: '7', kind: 'JOB_FAILED' }));
    expect(a.key).not.toBe(b.key);
  });
});

describe('withoutEchoes', () => {
  it('drops the file’s own APPROVED/REJECTED change next to the review that caused it, keeps the rest', () => {
    const review = item({ kind: 'REVIEW', decision: 'APPROVED', reviewer: 'rita', at: '2026-12-01T08:54:25.632Z' });
    const echo = item({ status: 'APPROVED', at: '2026-12-01T08:54:25.631Z' });
    const published = item({ status: 'PUBLISHED', at: '2026-12-01T08:54:26.983Z' });
    const otherFile = item({ fileId: 'f2', status: 'APPROVED', at: '2026-12-01T08:54:25.631Z' });
    const longAfter = item({ status: 'APPROVED', at: '2026-12-01T09:30:00.000Z' });
    expect(withoutEchoes([published, review, echo, otherFile, longAfter])).toEqual([published, review, otherFile, longAfter]);
  });
});

describe('ActivityCard', () => {
  it('shows the lines newest first, each file a link to it, the time relative', async () => {
    const items = [
      item({ kind: 'REVIEW', decision: 'APPROVED', reviewer: 'rita', at: new Date(Date.now() - 3 * 60_000).toISOString() }),
      item({ kind: 'JOB_FAILED', fileId: null, filename: null, commandType: 'UpscaleImage', error: 'CUDA out of memory', at: new Date(Date.now() - 5 * 60_000).toISOString() }),
    ];
    renderInRouter(<ActivityCard items={items} error={null} onRetry={() => {}} />);
    const list = await screen.findByRole('list');
    const [first, second] = within(list).getAllByRole('listitem');
    expect(first).toHaveTextContent('Red fox at dawn was approved by rita');
    expect(within(first).getByRole('link', { name: 'Red fox at dawn' })).toHaveAttribute('href', '/files/f1');
    expect(within(first).getByText('3 minutes ago')).toBeInTheDocument();
    expect(second).toHaveTextContent('UpscaleImage failed');
    expect(second).toHaveTextContent('CUDA out of memory');
    expect(within(second).queryByRole('link')).toBeNull();
  });

  it('a failed job’s command links to the job, its file to the file', async () => {
    renderInRouter(<ActivityCard items={[item({ kind: 'JOB_FAILED', jobId: 'j9', fileId: 'f2', commandType: 'CreateListing', error: 'Shopify returned HTTP 502' })]} error={null} onRetry={() => {}} />);
    const line = await screen.findByRole('listitem');
    expect(line).toHaveTextContent('CreateListing failed for Red fox at dawn');
    expect(within(line).getByRole('link', { name: 'CreateListing' })).toHaveAttribute('href', '/jobs/j9');
    expect(within(line).getByRole('link', { name: 'Red fox at dawn' })).toHaveAttribute('href', '/files/f2');
  });

  it('renders names and errors as text, never as HTML', async () => {
    renderInRouter(<ActivityCard items={[item({ kind: 'JOB_FAILED', filename: '<img src=x onerror=alert(1)>.jpg', error: '<b>boom</b>' })]} error={null} onRetry={() => {}} />);
    expect(await screen.findByText('<b>boom</b>')).toBeInTheDocument();
    expect(document.querySelector('b, img')).toBeNull();
  });

  it('empty, loading and error states', async () => {
    const { unmount } = renderInRouter(<ActivityCard items={[]} error={null} onRetry={() => {}} />);
    expect(await screen.findByText('Nothing has happened yet')).toBeInTheDocument();
    unmount();
    const loading = renderInRouter(<ActivityCard items={undefined} error={null} onRetry={() => {}} />);
    expect(await screen.findByRole('status', { name: 'Loading' })).toBeInTheDocument();
    loading.unmount();
    renderInRouter(<ActivityCard items={undefined} error={new Error('boom')} onRetry={() => {}} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('The activity didn’t load');
  });
});
