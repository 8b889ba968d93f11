import { AppError, isModelError, type ModelError } from '../../domain/errors.js';
import type { Operation } from '../../domain/operations.js';
import type { Clock, ModelRunner, RunOptions, RunOutcome, TextModel } from '../../domain/ports.js';
import type { BreakerState, ProvidersResponse, ProviderStatus } from '../../domain/resilience-schemas.js';
import type { PolicyRegistry } from '../resilience/policy-registry.js';
import { createSystemClock } from '../system-clock.js';

/** The offline provider's id: the last resort, run without retry or breaker. */
export const LOCAL_PROVIDER = 'local';

/** What the chain reports, for the composition root to feed metrics and logs. */
export type ProviderChainEvent =
  | {
      readonly type: 'provider_failed';
      readonly provider: string;
      readonly operation: Operation;
      readonly error: ModelError;
      /** Another provider will be tried. */
      readonly fallback: boolean;
    }
  | {
      readonly type: 'answered';
      readonly provider: string;
      readonly operation: Operation;
      readonly attempts: number;
      readonly degraded: boolean;
      readonly fallbackUsed: boolean;
    };

export interface ProviderChainOptions {
  /** Providers in fallback order; the offline `local` provider, when present, is last. */
  readonly providers: readonly TextModel[];
  /** Resilience of remote providers; without it they are called once, directly. */
  readonly policies?: PolicyRegistry | undefined;
  /**
   * Whether `local` answers (degraded) when every remote provider failed (`AI_LOCAL_FALLBACK`).
   * A chain of `local` alone always uses it. Default `true`.
   */
  readonly localFallback?: boolean;
  readonly clock?: Clock;
  /** `Retry-After` seconds when every provider failed without a hint of its own. Default 30. */
  readonly unavailableRetryAfterSeconds?: number;
  readonly onEvent?: (event: ProviderChainEvent) => void;
}

/** The chain as a `ModelRunner`, plus what `GET /internal/providers` shows. */
export interface ProviderChain extends ModelRunner {
  describe(): ProvidersResponse;
}

interface Failure {
  readonly provider: string;
  readonly error: ModelError;
}

interface ProviderRecord {
  lastError: { message: string; kind: string; at: number } | null;
  lastSuccessAt: number | null;
}

const STATE_SEVERITY: Readonly<Record<BreakerState, number>> = { closed: 0, half_open: 1, open: 2 };

function linkedSignal(parent: AbortSignal | undefined): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (!parent) return { signal: controller.signal, dispose: () => undefined };
  const onAbort = () => controller.abort(parent.reason);
  if (parent.aborted) onAbort();
  else parent.addEventListener('abort', onAbort, { once: true });
  return { signal: controller.signal, dispose: () => parent.removeEventListener('abort', onAbort) };
}

/**
 * Runs an attempt against each provider in order until one answers. Remote providers run through
 * their policy (bulkhead, retry, breaker, timeout); any `ModelError` after that — transient ones
 * once retries are spent, an open breaker, and permanent ones such as a bad key, which are neither
 * retried nor counted by the breaker — moves on to the next provider. `local` runs last, once,
 * directly; its answer after remote failures is `degraded`. When every usable provider failed
 * (`localFallback: false`, or no `local`), the run fails with `TIMEOUT` if every attempt of every
 * provider timed out; otherwise with `SERVICE_UNAVAILABLE` and a `Retry-After` (the shortest hint,
 * e.g. a provider's own `Retry-After` or an open breaker's remaining time, else 30 s) if any failure
 * was transient; if all were permanent (bad key, bad request, unusable output) the last error is
 * rethrown, since retrying later would not help. Errors that are not `ModelError`s (a full queue,
 * the caller's abort, bugs) end the run at once.
 */
export function createProviderChain(options: ProviderChainOptions): ProviderChain {
  const providers = [...options.providers];
  if (providers.length === 0) throw new Error('A provider chain needs at least one provider');
  const clock = options.clock ?? createSystemClock();
  const localFallback = options.localFallback ?? true;
  const identity = providers.map((provider) => `${provider.provider}:${provider.model}`).join('>');
  const records = new Map<string, ProviderRecord>(
    providers.map((provider) => [provider.provider, { lastError: null, lastSuccessAt: null }]),
  );

  function isUsable(model: TextModel, index: number): boolean {
    return model.provider !== LOCAL_PROVIDER || index === 0 || localFallback;
  }

  async function callDirect<T>(call: (signal: AbortSignal) => Promise<T>, parent?: AbortSignal): Promise<T> {
    const linked = linkedSignal(parent);
    try {
      return await call(linked.signal);
    } finally {
      linked.dispose();
    }
  }

  function allFailed(failures: readonly Failure[], onlyTimeouts: boolean): unknown {
    const last = failures[failures.length - 1]?.error;
    if (failures.every((failure) => failure.provider === LOCAL_PROVIDER)) return last;
    const providerDetails = failures.map(({ provider, error }) => ({ provider, reason: error.kind }));
    if (onlyTimeouts && failures.every(({ error }) => error.kind === 'timeout')) {
      return new AppError('TIMEOUT', 'The AI provider did not answer in time', {
        cause: last,
        details: { providers: providerDetails },
      });
    }
    if (!failures.some(({ error }) => error.isRetryable)) return last;
    const hints = failures.flatMap(({ error }) => (error.retryAfterMs === undefined ? [] : [error.retryAfterMs]));
    const retryAfterSeconds =
      hints.length > 0
        ? Math.max(1, Math.ceil(Math.min(...hints) / 1000))
        : (options.unavailableRetryAfterSeconds ?? 30);
    return new AppError('SERVICE_UNAVAILABLE', 'AI service temporarily unavailable', {
      cause: last,
      retryAfterSeconds,
      details: { providers: providerDetails },
    });
  }

  async function run<T>(
    operation: Operation,
    attempt: (model: TextModel, signal: AbortSignal) => Promise<T>,
    runOptions: RunOptions = {},
  ): Promise<RunOutcome<T>> {
    const signal = runOptions.signal;
    const failures: Failure[] = [];
    let attempts = 0;
    // Whether every attempt made so far ended in a timeout: the policy's (its signal aborted
    // while the caller's was not) or the adapter's own.
    let onlyTimeouts = true;
    const usable = providers
      .map((model, index) => ({ model, index }))
      .filter(({ model, index }) => isUsable(model, index));
    for (const [position, { model, index }] of usable.entries()) {
      if (signal?.aborted) throw signal.reason;
      const call = async (attemptSignal: AbortSignal) => {
        attempts += 1;
        try {
          return await attempt(model, attemptSignal);
        } catch (error) {
          const timedOut =
            (attemptSignal.aborted && !signal?.aborted) || (isModelError(error) && error.kind === 'timeout');
          if (!timedOut) onlyTimeouts = false;
          throw error;
        }
      };
      const record = records.get(model.provider);
      try {
        const value =
          model.provider === LOCAL_PROVIDER || !options.policies
            ? await callDirect(call, signal)
            : await options.policies.execute({
                provider: model.provider,
                operation,
                attempt: call,
                signal,
                streaming: runOptions.streaming,
              });
        if (record) record.lastSuccessAt = clock.now();
        const outcome: RunOutcome<T> = {
          value,
          provider: model.provider,
          model: model.model,
          attempts,
          degraded: index > 0 && model.provider === LOCAL_PROVIDER,
          fallbackUsed: index > 0,
        };
        options.onEvent?.({
          type: 'answered',
          provider: model.provider,
          operation,
          attempts,
          degraded: outcome.degraded,
          fallbackUsed: outcome.fallbackUsed,
        });
        return outcome;
      } catch (error) {
        if (!isModelError(error)) throw error;
        failures.push({ provider: model.provider, error });
        if (record) record.lastError = { message: error.message, kind: error.kind, at: clock.now() };
        options.onEvent?.({
          type: 'provider_failed',
          provider: model.provider,
          operation,
          error,
          fallback: position < usable.length - 1,
        });
      }
    }
    throw allFailed(failures, onlyTimeouts);
  }

  function describeProvider(model: TextModel, position: number): ProviderStatus {
    const local = model.provider === LOCAL_PROVIDER;
    const statuses =
      local || !options.policies
        ? []
        : options.policies.breakerStatuses().filter((status) => status.provider === model.provider);
    const circuitBreakers: Record<string, BreakerState> = {};
    let worst: BreakerState = 'closed';
    for (const status of statuses) {
      circuitBreakers[status.operation] = status.state;
      if (STATE_SEVERITY[status.state] > STATE_SEVERITY[worst]) worst = status.state;
    }
    const record = records.get(model.provider);
    const lastError = record?.lastError ?? null;
    return {
      name: model.provider,
      model: model.model,
      position,
      local,
      breaker_state: worst,
      circuit_breakers: circuitBreakers,
      last_error: lastError && { ...lastError, at: new Date(lastError.at).toISOString() },
      last_success_at: record?.lastSuccessAt ? new Date(record.lastSuccessAt).toISOString() : null,
    };
  }

  return {
    run,
    identity,
    describe() {
      return {
        providers: providers.map(describeProvider),
        local_fallback: localFallback,
        identity,
      };
    },
  };
}
