import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { StatusBadge, statusLook } from '../../src/components/ui';
import { FILE_STATUSES, JOB_STATUSES } from '../../src/lib/statuses';

describe('StatusBadge', () => {
  it('says a file state in words, with its meaning as the title', () => {
    render(<StatusBadge kind="file" status="PROCESSED" />);
    const badge = screen.getByText('Ready for review');
    expect(badge).toHaveAttribute('title', 'Waits for a person to approve the title and description.');
    expect(badge).toHaveAttribute('data-status', 'PROCESSED');
  });

  it('gives every file and job state a label and a tone; failures are danger, success is success', () => {
    for (const s of FILE_STATUSES) expect(statusLook('file', s).label).toBeTruthy();
    for (const s of JOB_STATUSES) expect(statusLook('job', s).label).toBeTruthy();
    expect(statusLook('file', 'FAILED').tone).toBe('danger');
    expect(statusLook('job', 'FAILED').tone).toBe('danger');
    expect(statusLook('file', 'PUBLISHED').tone).toBe('success');
    expect(statusLook('job', 'COMPLETED').tone).toBe('success');
    expect(statusLook('job', 'PENDING').label).toBe('Queued');
  });

  it('accepts lower-case states (REST) and shows an unknown one as it is', () => {
    expect(statusLook('job', 'running').label).toBe('Running');
    expect(statusLook('file', 'ON_HOLD')).toEqual({ label: 'On hold', tone: 'neutral', description: 'State ON_HOLD.' });
    render(<StatusBadge kind="job" status="ON_HOLD" />);
    expect(screen.getByText('On hold')).toBeInTheDocument();
  });
});
