import { toSafeListener, type CacheEventListener } from './cache-events.js';
import { closeClient, type RedisClient } from './redis-client.js';

/** What other instances must drop from their memory tier: listed keys, or every key matching
 * `pattern` and/or `operation` (the semantics of `keyMatcher`). */
export interface InvalidationMessage {
  readonly origin: string;
  readonly keys?: readonly string[] | undefined;
  readonly pattern?: string | undefined;
  readonly operation?: string | undefined;
}

export type InvalidationScope = Omit<InvalidationMessage, 'origin'>;

export interface InvalidationBusOptions {
  /** Sends messages; never throws (the Redis tier's `publish`). */
  readonly publisher: { publish(channel: string, message: string): Promise<boolean> };
  /** A dedicated connection (`createSubscriber`); the bus connects it and owns it. */
  readonly subscriber: RedisClient;
  readonly channel: string;
  /** This instance's id: its own messages are ignored (it has already applied them). */
  readonly instanceId: string;
  readonly onInvalidate: (message: InvalidationMessage) => void;
  /** Called whenever the subscription (re)starts: messages sent meanwhile may have been missed,
   * so the memory tier should be dropped. */
  readonly onResync: () => void;
  readonly onEvent?: CacheEventListener | undefined;
}

export interface InvalidationBus {
  /** Tells the other instances; false when Redis could not be reached. */
  publish(scope: InvalidationScope): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Keeps the memory tiers of all instances consistent with Redis over pub/sub. Connecting happens
 * in the background; the subscriber subscribes again after every reconnection.
 */
export function createInvalidationBus(options: InvalidationBusOptions): InvalidationBus {
  const { subscriber, channel } = options;
  const emit = toSafeListener(options.onEvent);
  subscriber.on('error', (error: Error) => emit({ type: 'connection', state: 'error', error }));
  subscriber.on('ready', () => {
    subscriber
      .subscribe(channel)
      .then(options.onResync, (error: unknown) =>
        emit({ type: 'connection', state: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
      );
  });
  subscriber.on('message', (from: string, raw: string) => {
    if (from !== channel) return;
    const message = toInvalidationMessage(raw);
    if (message && message.origin !== options.instanceId) options.onInvalidate(message);
  });
  subscriber.connect().catch(() => {
    // reported through the 'error' event; ioredis keeps reconnecting with backoff
  });

  return {
    publish: (scope) =>
      options.publisher.publish(
        channel,
        JSON.stringify({ ...scope, origin: options.instanceId } satisfies InvalidationMessage),
      ),
    close: async () => {
      await closeClient(subscriber);
    },
  };
}

/** Parses a message from the channel; anything malformed is ignored. */
export function toInvalidationMessage(raw: string): InvalidationMessage | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { origin, keys, pattern, operation } = parsed as Record<string, unknown>;
  if (typeof origin !== 'string') return undefined;
  if (keys !== undefined && !(Array.isArray(keys) && keys.every((key) => typeof key === 'string'))) return undefined;
  if (pattern !== undefined && typeof pattern !== 'string') return undefined;
  if (operation !== undefined && typeof operation !== 'string') return undefined;
  return { origin, keys, pattern, operation };
}
