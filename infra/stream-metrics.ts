import { Histogram, type Registry } from 'prom-client';
import type { StreamedEvent } from '../domain/stream-processor.js';

/** From 1 ms (a cache replay) to two minutes (a long answer). */
const STREAM_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * Streamed answers on `registry`: time to the first piece of text and the stream's whole
 * duration, by operation, provider, whether the cache answered and (duration) how it ended.
 */
export function createStreamMetrics(registry: Registry, prefix: string): (event: StreamedEvent) => void {
  const firstByte = new Histogram({
    name: `${prefix}stream_time_to_first_byte_seconds`,
    help: 'Time from the start of a streamed answer to its first piece of text.',
    labelNames: ['operation', 'provider', 'cache_hit'] as const,
    buckets: STREAM_BUCKETS,
    registers: [registry],
  });
  const duration = new Histogram({
    name: `${prefix}stream_duration_seconds`,
    help: 'Duration of a streamed answer, by how it ended (completed, failed, cancelled).',
    labelNames: ['operation', 'provider', 'cache_hit', 'outcome'] as const,
    buckets: STREAM_BUCKETS,
    registers: [registry],
  });
  return (event) => {
    const labels = { operation: event.operation, provider: event.provider, cache_hit: String(event.cacheHit) };
    if (event.firstByteMs !== undefined) firstByte.observe(labels, event.firstByteMs / 1000);
    duration.observe({ ...labels, outcome: event.outcome }, event.durationMs / 1000);
  };
}
