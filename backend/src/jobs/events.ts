/**
 * Events and the subscriptions that trigger the pipeline's next step.
 *
 * An event is published on the `events` topic exchange through the outbox. A
 * subscription maps an event type to the follow-up job(s) it starts; they are
 * written in the SAME transaction as the event (a transactional subscription), so a
 * step is triggered exactly once per event — never lost, never doubled by an
 * at-least-once redelivery (which would pay Replicate or Shopify twice). Other
 * consumers (dashboard live updates, later channels) bind their own queues to the
 * exchange.
 */
import type { FollowUpJob } from './command.js';
import type { EventType, Topology } from '../queue/topology.js';
import { nowIso } from '../time.js';
import { outboxNow, type NewOutboxRow } from './outbox.js';

export interface EventMessage {
  type: EventType;
  data: Record<string, unknown>;
}

export type Subscription = (event: EventMessage) => FollowUpJob | FollowUpJob[] | null;

export class Subscriptions {
  private readonly byType = new Map<EventType, Subscription[]>();

  on(type: EventType, subscription: Subscription): this {
    this.byType.set(type, [...(this.byType.get(type) ?? []), subscription]);
    return this;
  }

  /** The follow-up jobs an event starts. */
  followUps(event: EventMessage): FollowUpJob[] {
    const out: FollowUpJob[] = [];
    for (const s of this.byType.get(event.type) ?? []) {
      const r = s(event);
      if (r) out.push(...(Array.isArray(r) ? r : [r]));
    }
    return out;
  }
}

/** The outbox row publishing `e` on the events exchange (routing key = event type). */
export function eventRow(t: Topology, e: EventMessage): NewOutboxRow {
  return outboxNow(t.eventsExchange, e.type, JSON.stringify({ event: e.type, occurred_at: nowIso(), ...e.data }), null);
}
