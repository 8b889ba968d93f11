import { ModelError, type ModelErrorKind } from '../../domain/errors.js';
import type { ModelRequest, ModelResponse, TextModel } from '../../domain/ports.js';

/** One scripted behaviour of a fake model call. */
export type FakeStep =
  | { readonly answer: string; readonly afterMs?: number }
  | { readonly fail: ModelErrorKind; readonly retryAfterMs?: number; readonly afterMs?: number }
  | { readonly throws: unknown }
  | { readonly hang: true };

export interface FakeCall {
  readonly request: ModelRequest;
  readonly signal: AbortSignal | undefined;
  /** `Date.now()` when the call started (fake timers make it exact). */
  readonly at: number;
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The operation was aborted', 'AbortError');
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      if (signal) reject(abortError(signal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A `TextModel` whose answers and failures a test scripts: steps are used in order, then the
 * `otherwise` step forever. Every call is recorded with its signal. Failures are fresh
 * `ModelError`s of the scripted kind, as a real adapter would throw.
 */
export class FakeTextModel implements TextModel {
  readonly provider: string;
  readonly model: string;
  readonly calls: FakeCall[] = [];
  private readonly steps: FakeStep[];
  private otherwise: FakeStep;

  constructor(provider: string, options: { model?: string; steps?: FakeStep[]; otherwise?: FakeStep } = {}) {
    this.provider = provider;
    this.model = options.model ?? `${provider}-model`;
    this.steps = [...(options.steps ?? [])];
    this.otherwise = options.otherwise ?? { answer: `${provider} answer` };
  }

  /** Queues more steps. */
  script(...steps: FakeStep[]): this {
    this.steps.push(...steps);
    return this;
  }

  /** Replaces what happens once the queued steps are used up. */
  thenAlways(step: FakeStep): this {
    this.otherwise = step;
    return this;
  }

  async generate(request: ModelRequest, signal?: AbortSignal): Promise<ModelResponse> {
    this.calls.push({ request, signal, at: Date.now() });
    const step = this.steps.shift() ?? this.otherwise;
    if ('hang' in step) {
      await new Promise<never>((_, reject) => {
        if (signal?.aborted) reject(abortError(signal));
        signal?.addEventListener('abort', () => reject(abortError(signal)), { once: true });
      });
    }
    if ('throws' in step) throw step.throws;
    if ('afterMs' in step && step.afterMs !== undefined) await wait(step.afterMs, signal);
    if ('fail' in step) {
      throw new ModelError(`${this.provider} failed: ${step.fail}`, {
        provider: this.provider,
        kind: step.fail,
        ...(step.retryAfterMs === undefined ? {} : { retryAfterMs: step.retryAfterMs }),
      });
    }
    if ('answer' in step) return { text: step.answer, model: this.model };
    throw new Error('unreachable fake step');
  }
}
