import type { Operation } from '../../domain/operations.js';
import type { PresetName } from '../../domain/resilience-schemas.js';

/** Which policy an event is about. */
export interface PolicyTarget {
  readonly provider: string;
  readonly operation: Operation;
  /** `<provider>:<operation reference name>`, e.g. `openai:summarize_text`. */
  readonly breaker: string;
}

/**
 * What the policies report, for the composition root to feed metrics and logs. `call_*` events
 * are per call (retries included); `retry` and `attempt_timed_out` are per attempt.
 */
export type ResilienceEvent =
  | (PolicyTarget & { readonly type: 'call_succeeded'; readonly durationMs: number })
  | (PolicyTarget & { readonly type: 'call_failed'; readonly durationMs: number; readonly error: unknown })
  | (PolicyTarget & {
      readonly type: 'retry';
      /** The attempt about to be made, 2 for the first retry. */
      readonly attempt: number;
      readonly delayMs: number;
      readonly error: unknown;
    })
  | (PolicyTarget & { readonly type: 'attempt_timed_out'; readonly timeoutMs: number })
  | (PolicyTarget & { readonly type: 'breaker_opened' | 'breaker_half_opened' | 'breaker_closed' | 'breaker_reset' })
  | (PolicyTarget & { readonly type: 'bulkhead_rejected' })
  | { readonly type: 'config_updated'; readonly preset: PresetName; readonly custom: boolean };

export type ResilienceEventListener = (event: ResilienceEvent) => void;

/** A listener set whose `emit` never lets a listener's exception reach the caller. */
export interface EventHub<E> {
  on(listener: (event: E) => void): () => void;
  emit(event: E): void;
}

export function createEventHub<E>(): EventHub<E> {
  const listeners = new Set<(event: E) => void>();
  return {
    on(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    emit(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch {
          // A failing metrics or log sink must not fail the call it observes.
        }
      }
    },
  };
}
