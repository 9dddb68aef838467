/**
 * Live updates inside one API process: a pub/sub hub the subscriptions listen to.
 * Changes reach it from this process's own mutations and from the workers' notices
 * (see notices.ts), which name the jobs and files that changed; subscribers load the
 * current rows themselves, so a notice carries ids only.
 */
import { createPubSub } from 'graphql-yoga';

export interface Changes {
  jobIds: string[];
  fileIds: string[];
}

type Topics = {
  job: [jobId: string];
  file: [fileId: string];
  overview: [];
};

export class Live {
  readonly pubsub = createPubSub<Topics>();
  private overviewTimer: NodeJS.Timeout | null = null;

  /** Announce changed jobs and files (any number; the overview is coalesced to one per second). */
  changed(c: Changes): void {
    for (const id of c.jobIds) this.pubsub.publish('job', id);
    for (const id of c.fileIds) this.pubsub.publish('file', id);
    if (c.jobIds.length || c.fileIds.length) this.overviewChanged();
  }

  private overviewChanged(): void {
    if (this.overviewTimer) return;
    this.overviewTimer = setTimeout(() => {
      this.overviewTimer = null;
      this.pubsub.publish('overview');
    }, 1000);
    this.overviewTimer.unref();
  }

  close(): void {
    if (this.overviewTimer) clearTimeout(this.overviewTimer);
  }
}
