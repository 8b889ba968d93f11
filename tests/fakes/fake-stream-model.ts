import { ModelError, type ModelErrorKind } from '../../domain/errors.js';
import type { ModelRequest, ModelStreamPart, TextModel, TextResponse } from '../../domain/ports.js';

/** One scripted streamed answer: its pieces, paced, and how it ends. */
export interface FakeStreamStep {
  readonly pieces: readonly string[];
  /** Wait before each piece, in ms. */
  readonly delayMs?: number;
  /** Fail with this kind after the pieces instead of finishing. */
  readonly failWith?: ModelErrorKind;
  /** Stop after the pieces and wait (until the signal aborts). */
  readonly hang?: boolean;
}

export interface FakeStreamCall {
  readonly signal: AbortSignal | undefined;
  /** Set when the call's signal aborted (the provider call was cancelled). */
  aborted: boolean;
}

function sleep(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new DOMException('Aborted', 'AbortError'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A streaming `TextModel` whose streams a test scripts: steps in order, then the last one again.
 * Records each call and whether its signal aborted; failures are `ModelError`s, as an adapter's.
 */
export function createFakeStreamModel(
  provider: string,
  steps: readonly FakeStreamStep[],
): TextModel<TextResponse> & { readonly calls: FakeStreamCall[] } {
  const calls: FakeStreamCall[] = [];
  const model = `${provider}-model`;

  async function* stream(_request: ModelRequest, signal?: AbortSignal): AsyncGenerator<ModelStreamPart<TextResponse>> {
    const call: FakeStreamCall = { signal, aborted: false };
    calls.push(call);
    signal?.addEventListener('abort', () => (call.aborted = true), { once: true });
    const step = steps[Math.min(calls.length - 1, steps.length - 1)];
    if (!step) throw new Error('no scripted step');
    for (const piece of step.pieces) {
      await sleep(step.delayMs ?? 0, signal);
      yield { type: 'delta', text: piece };
    }
    if (step.hang) await sleep(3_600_000, signal);
    if (step.failWith) throw new ModelError(`${provider} failed: ${step.failWith}`, { provider, kind: step.failWith });
    const usage = { input_tokens: 10, output_tokens: 5, total_tokens: 15 };
    yield { type: 'done', response: { text: step.pieces.join(''), model, usage } };
  }

  async function generate(request: ModelRequest, signal?: AbortSignal): Promise<TextResponse> {
    let answer: TextResponse | undefined;
    for await (const part of stream(request, signal)) if (part.type === 'done') answer = part.response;
    if (!answer) throw new ModelError(`${provider} gave no answer`, { provider, kind: 'server' });
    return answer;
  }

  return { provider, model, calls, generate, stream };
}
