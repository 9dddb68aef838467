/** The dead-letter banner (only when there are dead letters) and the review call to action (or “All caught up”). */
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DeadLetterBanner } from '../../src/features/overview/components/DeadLetterBanner';
import { QueuesCard } from '../../src/features/overview/components/QueuesCard';
import { ReviewCallout } from '../../src/features/overview/components/ReviewCallout';
import { renderInRouter } from './helpers';

const mounted = () => screen.findByTestId('mounted');
const withMarker = (ui: React.ReactNode) => (
  <>
    <span data-testid="mounted" />
    {ui}
  </>
);

describe('DeadLetterBanner', () => {
  it.each([0, null, undefined])('is not shown for %s', async (count) => {
    renderInRouter(withMarker(<DeadLetterBanner count={count} />));
    await mounted();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says how many and links to the Jobs page’s queues', async () => {
    renderInRouter(withMarker(<DeadLetterBanner count={1204} />));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('1,204 dead letters in the queues');
    expect(screen.getByRole('link', { name: 'Open queues' })).toHaveAttribute('href', '/jobs?tab=queues');
  });

  it('one dead letter is singular', async () => {
    renderInRouter(<DeadLetterBanner count={1} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('1 dead letter in the queues');
  });
});

describe('ReviewCallout', () => {
  it('N waiting for review is the link to /review', async () => {
    renderInRouter(<ReviewCallout count={6} />);
    const link = await screen.findByRole('link', { name: '6 waiting for review' });
    expect(link).toHaveAttribute('href', '/review');
    expect(link).toHaveAccessibleDescription('Check each title and description, then approve or reject.');
  });

  it('0: a calm “All caught up”, no link', async () => {
    renderInRouter(<ReviewCallout count={0} />);
    expect(await screen.findByRole('heading', { name: 'All caught up' })).toBeInTheDocument();
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('loading: no number at all', async () => {
    const { container } = renderInRouter(withMarker(<ReviewCallout count={undefined} />));
    await mounted();
    expect(screen.getByText('Loading the review queue')).toBeInTheDocument();
    expect(container.textContent).not.toMatch(/\d/);
  });
});

describe('QueuesCard', () => {
  it('lists depth and workers; a queue without workers and its dead letters stand out', async () => {
    renderInRouter(
      <QueuesCard
        loading={false}
        queues={[
          { name: 'image.process', depth: 12, consumers: 0, deadLetters: 2 },
          { name: 'system', depth: 0, consumers: 1, deadLetters: 0 },
        ]}
      />,
    );
    const rows = await screen.findAllByRole('row');
    expect(rows[1]).toHaveTextContent('image.process2 dead letters12None');
    expect(rows[2]).toHaveTextContent('system01');
  });

  it('RabbitMQ unreachable (null): says so, and that work is still accepted', async () => {
    renderInRouter(<QueuesCard loading={false} queues={null} />);
    expect(await screen.findByText('RabbitMQ is unreachable')).toBeInTheDocument();
    expect(screen.getByText(/The API still accepts work/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
