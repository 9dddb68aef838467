/** Test-only commands (never registered in production). */
import { z } from 'zod';
import { defineCommand } from '../../src/jobs/command.js';
import { PermanentError, RunLaterError } from '../../src/core/outcomes.js';

/** Kills its own process on every run: the worker dies mid-run each time. */
export const crashEveryTime = defineCommand({
  type: 'TestCrash',
  queue: 'system',
  payload: z.strictObject({}),
  timeoutMs: 60_000,
  async handler() {
    process.kill(process.pid, 'SIGKILL');
    await new Promise(() => {});
  },
});

/** Asks to run again later `times` times (counted in its checkpoint), then completes. */
export const laterTimes = defineCommand({
  type: 'TestLater',
  queue: 'system',
  payload: z.strictObject({ times: z.number().int().min(0), delay_ms: z.number().int().min(0).default(5) }),
  timeoutMs: 60_000,
  async handler(ctx) {
    const waited = ctx.checkpoint<number>('waited') ?? 0;
    if (waited < ctx.payload.times) {
      await ctx.saveCheckpoint('waited', waited + 1);
      throw new RunLaterError(ctx.payload.delay_ms, `still waiting (${waited + 1}/${ctx.payload.times})`);
    }
    return { waited };
  },
});

/** Counts how often each step body really ran (in this process) across runs of a job. */
export const stepCalls = new Map<string, number>();
export const checkpointed = defineCommand({
  type: 'TestSteps',
  queue: 'system',
  payload: z.strictObject({ fail_after_step1: z.number().int().min(0).default(0) }),
  timeoutMs: 60_000,
  async handler(ctx) {
    const a = await ctx.step('step1', async () => {
      stepCalls.set(`${ctx.job.id}:step1`, (stepCalls.get(`${ctx.job.id}:step1`) ?? 0) + 1);
      return { paid: 'once' };
    });
    if (ctx.job.attempt <= ctx.payload.fail_after_step1) throw new Error('crash after step 1');
    const b = await ctx.step('step2', async () => {
      stepCalls.set(`${ctx.job.id}:step2`, (stepCalls.get(`${ctx.job.id}:step2`) ?? 0) + 1);
      return 2;
    });
    return { a, b };
  },
});

/** Fails permanently while the flag is set (to show a redrive running a fixed job). */
export const flag = { broken: true };
export const failWhileBroken = defineCommand({
  type: 'TestBroken',
  queue: 'system',
  payload: z.strictObject({}),
  timeoutMs: 60_000,
  async handler() {
    if (flag.broken) throw new PermanentError('broken on purpose');
    return { fixed: true };
  },
});

/** A job on another queue than `system` (fairness between queues). */
export const elsewhere = defineCommand({
  type: 'TestElsewhere',
  queue: 'image.process',
  payload: z.strictObject({}),
  timeoutMs: 60_000,
  async handler() {
    return { elsewhere: true };
  },
});

export const testCommands = [crashEveryTime, laterTimes, checkpointed, failWhileBroken, elsewhere];
