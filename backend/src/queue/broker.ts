/**
 * One AMQP connection per process (rabbitmq-client: reconnects by itself with
 * backoff, re-declares the topology and re-subscribes consumers after a reset).
 * Publishing always uses confirms: `publish` resolves once the broker has the message.
 */
import { Connection, type Publisher } from 'rabbitmq-client';
import type { Logger } from '../logger.js';
import { declareTopology, type Topology } from './topology.js';

export interface OutgoingMessage {
  exchange: string;
  routingKey: string;
  body: string;
  messageId?: string;
}

export class Broker {
  readonly connection: Connection;
  private publisher: Publisher;
  private topologyReady: Promise<void> | null = null;

  constructor(
    url: string,
    readonly topology: Topology,
    private readonly log: Logger,
    name = 'fieldfen',
  ) {
    this.connection = new Connection({
      url,
      connectionName: `${name}-${process.pid}`,
      retryLow: 200,
      retryHigh: 5000,
      // Fail fast when the broker is away: the outbox keeps the message.
      acquireTimeout: 2000,
      connectionTimeout: 3000,
    });
    let warned = false;
    this.connection.on('error', (err) => {
      if (!warned) {
        this.log.warn(
          { err: err.message },
          'RabbitMQ unreachable; retrying in the background (start one with `rabbitmq-server -detached` or docker compose up rabbitmq)',
        );
        warned = true;
      }
    });
    this.connection.on('connection', () => {
      warned = false;
      this.log.info('RabbitMQ connected');
      this.topologyReady = declareTopology(this.connection, this.topology).catch((err) => {
        this.log.error({ err: err.message }, 'declaring the RabbitMQ topology failed');
      });
    });
    this.publisher = this.connection.createPublisher({ confirm: true, maxAttempts: 1 });
  }

  get connected(): boolean {
    return this.connection.ready;
  }

  /** Resolves once connected and the topology is declared (or rejects after timeoutMs). */
  async ready(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.connection.ready || !this.topologyReady) {
      if (Date.now() > deadline) throw new Error('RabbitMQ not reachable');
      await new Promise((r) => setTimeout(r, 50));
    }
    await this.topologyReady;
  }

  /** Publish a persistent message and wait for the broker's confirm. */
  async publish(m: OutgoingMessage): Promise<void> {
    await this.publisher.send(
      {
        exchange: m.exchange,
        routingKey: m.routingKey,
        durable: true,
        contentType: 'application/json',
        messageId: m.messageId,
      },
      Buffer.from(m.body),
    );
  }

  async close(): Promise<void> {
    await this.publisher.close().catch(() => {});
    await this.connection.close().catch(() => {});
  }
}
