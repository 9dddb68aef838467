/** The API's error codes said plainly, per operation; and what the dialog does with each. */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { JobActions } from '../../src/features/jobs/components/JobActions';
import { describeOperationError } from '../../src/features/jobs/model/errors';
import { GraphqlError } from '../../src/lib/graphql';
import { ApiError } from '../../src/lib/http';
import { renderWith } from './helpers';

const gql = (code: string, message = 'x', extensions: Record<string, unknown> = {}) => new GraphqlError(200, [{ message, extensions: { code, ...extensions } }]);

describe('describeOperationError', () => {
  it.each([
    ['cancel', 'COMPLETED', 'This job is completed now; it can’t be cancelled.'],
    ['cancel', 'FAILED', 'This job is failed now; it can’t be cancelled.'],
    ['retry', 'RUNNING', 'This job is running now; it can’t be retried.'],
    ['retry', 'PENDING', 'This job is queued now; it can’t be retried.'],
    ['retry', 'SOMETHING_NEW', 'This job is something new now; it can’t be retried.'],
  ] as const)('INVALID_STATE on %s of a %s job', (op, status, sentence) => {
    expect(describeOperationError(gql('INVALID_STATE', `job is ${status}`, { status }), op)).toEqual({ message: sentence, settled: true });
  });

  it('INVALID_STATE without the current state', () => {
    expect(describeOperationError(gql('INVALID_STATE'), 'cancel').message).toBe('This job has changed; it can’t be cancelled now.');
  });

  it('NOT_FOUND per operation', () => {
    expect(describeOperationError(gql('NOT_FOUND'), 'retry')).toEqual({ message: 'This job doesn’t exist any more.', settled: true });
    expect(describeOperationError(gql('NOT_FOUND'), 'retryGroup').message).toBe('No job of this group is failed any more: they were retried or changed meanwhile.');
  });

  it('FORBIDDEN names what only admins may do', () => {
    expect(describeOperationError(gql('FORBIDDEN'), 'redrive')).toEqual({ message: 'Only admins can redrive dead letters.', settled: true });
    expect(describeOperationError(gql('FORBIDDEN'), 'retryGroup').message).toBe('Only admins can retry failure groups.');
  });

  it('a queue that is not a work queue', () => {
    expect(describeOperationError(gql('VALIDATION_ERROR', 'no work queue foo'), 'redrive', { queue: 'foo' }).message).toBe('“foo” is not a work queue that can be redriven.');
  });

  it('RabbitMQ away, a server fault, no network: worth trying again (not settled)', () => {
    expect(describeOperationError(gql('SERVICE_UNAVAILABLE'), 'redrive')).toEqual({ message: 'RabbitMQ isn’t reachable right now, so nothing was changed. Try again in a moment.', settled: false });
    expect(describeOperationError(gql('INTERNAL_ERROR', 'internal error'), 'retry').settled).toBe(false);
    expect(describeOperationError(new ApiError(0, 'NETWORK', 'the server could not be reached'), 'cancel')).toEqual({ message: 'Can’t reach the server. Check your connection and try again.', settled: false });
    expect(describeOperationError(new Error('boom'), 'cancel')).toEqual({ message: 'Boom.', settled: false });
  });
});

const job = { id: '0190a3b4-0000-7000-8000-00000000abcd', commandType: 'UpscaleImage', status: 'RUNNING', maxAttempts: 5 };

describe('an operation’s outcome on screen', () => {
  it('a job that finished meanwhile: the dialog closes and a toast says why', async () => {
    const user = userEvent.setup();
    const { request } = renderWith(<JobActions job={job} />, 'admin', (op) => {
      if (op === 'CancelJob') throw gql('INVALID_STATE', 'job is COMPLETED; only PENDING, RETRYING or RUNNING jobs can be cancelled', { status: 'COMPLETED' });
      return {};
    });
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Cancel “Upscale image”?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel job' }));
    expect(await screen.findByText('This job is completed now; it can’t be cancelled.')).toBeInTheDocument();
    expect(screen.getByText('Couldn’t cancel')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(request).toHaveBeenCalledTimes(1);
    expect(request.mock.calls[0][1]).toEqual({ id: job.id });
  });

  it('RabbitMQ or the network away: the dialog stays open with the sentence, to try again', async () => {
    const user = userEvent.setup();
    renderWith(<JobActions job={{ ...job, status: 'FAILED' }} />, 'admin', () => {
      throw new ApiError(0, 'NETWORK', 'the server could not be reached');
    });
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    const dialog = await screen.findByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: 'Retry job' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Can’t reach the server. Check your connection and try again.');
    expect(within(dialog).getByRole('button', { name: 'Retry job' })).toBeEnabled();
  });

  it('a retry that worked says so', async () => {
    const user = userEvent.setup();
    renderWith(<JobActions job={{ ...job, status: 'FAILED' }} />, 'admin', (op) => (op === 'RetryJob' ? { retryJob: { id: job.id, status: 'PENDING', attempts: 0, maxAttempts: 5 } } : {}));
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Retry job' }));
    expect(await screen.findByText('Retry queued')).toBeInTheDocument();
    expect(screen.getByText('Upscale image is back in the queue with 5 attempts.')).toBeInTheDocument();
  });
});
