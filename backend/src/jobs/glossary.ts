/**
 * Glossary — one meaning each, everywhere in the code:
 *
 *  command     A kind of work (`Noop`, `UpscaleImage`, …): a handler, a payload schema,
 *              a queue and a timeout, registered once in commands/registry.ts.
 *  job         One request to run a command with a payload: a row in `jobs`, the
 *              source of truth for its state and attempts.
 *  message     The job's announcement on RabbitMQ ({job_id, command_type, payload,
 *              attempt, max_attempts}); may be delivered more than once.
 *  run         One execution of a job's handler by a worker, identified by `run_id`.
 *              A run that lost its claim (superseded after a crash) cannot finish it.
 *  attempt     A run that counted: taken when a run starts, given back when it ends in
 *              "run again later" or is handed back at shutdown. A crash keeps it.
 *  outcome     How a run ended: done, permanent failure, retryable failure, run later.
 *  checkpoint  Results of a job's completed steps (`ctx.step`), kept on the job so a
 *              later run skips them: external work is never paid for twice.
 *  outbox      Messages written in the same transaction as their cause and published
 *              by a relay with confirms: nothing is lost when the broker is away.
 *  dead letter A FAILED job's message, parked in `<queue>.dlq` until redriven.
 *  event       A fact on the `events` topic exchange (file.processed, job.failed, …).
 *  wake        Making a job that waits in "run again later" due now, because the outside
 *              world says its external work is done (a signed webhook; jobs/wake.ts).
 */
export {};
