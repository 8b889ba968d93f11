import { ModelError, ModelOutputError, toAppError } from './errors.js';
import { OPERATION_INFO, type Operation } from './operations.js';
import { prepareRequest, toModelRequest, type PreparedRequest } from './prepare-request.js';
import { toProcessedResponse, toSeconds } from './processed-response.js';
import { toAnswerText, type Payload } from './processor-definition.js';
import type { ProcessOptions, TextProcessor, TextProcessorDeps } from './processor.js';
import { PROCESSORS } from './processors.js';
import type { ModelRequest, ModelStreamPart, RunOutcome, TextModel } from './ports.js';
import type { TextProcessingRequest, TextProcessingResponse, Usage } from './schemas.js';
import { createStreamFlight } from './stream-flight.js';
import { isStreamInterruptedError, StreamInterruptedError } from './stream-interrupted-error.js';
import { toStreamPieces } from './stream-pieces.js';
import type { TextStreamEvent } from './stream-schemas.js';

/** How one streamed answer went, for the metrics the composition root wires in. */
export interface StreamedEvent {
  readonly operation: Operation;
  /** The provider that streamed (the cached answer's on a hit), `none` when none got to. */
  readonly provider: string;
  readonly cacheHit: boolean;
  readonly outcome: 'completed' | 'failed' | 'cancelled';
  /** From the start until the first piece was produced; absent when none was. */
  readonly firstByteMs: number | undefined;
  readonly durationMs: number;
}

export interface StreamProcessorDeps extends TextProcessorDeps {
  /** The plain processor, whose injection verdicts streams share. */
  readonly processor: Pick<TextProcessor, 'scan'>;
  readonly onStreamed?: ((event: StreamedEvent) => void) | undefined;
}

export interface StreamProcessor {
  /**
   * One operation on one text, streamed: `delta` events with the answer's text as the provider
   * writes it (a cache hit replays its answer in pieces), then one `result` event with the
   * complete response, validated and with metadata, as `process` answers it. Failures before the
   * first event (validation, injection, every provider failing) throw as `process` would; a failure
   * after it throws a `StreamInterruptedError`, and such a stream is never cached. Identical
   * concurrent streams share one provider stream; `options.signal` leaving stops reading, and the
   * provider call is aborted once every caller of it has gone.
   */
  processStream(
    request: TextProcessingRequest,
    options?: ProcessOptions,
  ): AsyncGenerator<TextStreamEvent, void, undefined>;
}

interface StreamedAnswer {
  readonly payload: Payload;
  readonly model: string;
  readonly usage: Usage | undefined;
}

export function createStreamProcessor(deps: StreamProcessorDeps): StreamProcessor {
  const { runner, cache, clock } = deps;
  const ttlFor = deps.ttlSeconds ?? ((operation: Operation) => OPERATION_INFO[operation].cacheTtlSeconds);
  const flights = createStreamFlight<TextStreamEvent>();

  async function run(
    prepared: PreparedRequest,
    emit: (event: TextStreamEvent) => void,
    signal: AbortSignal,
  ): Promise<TextStreamEvent> {
    const { input, verdict, key } = prepared;
    const started = clock.monotonic();
    const request = toModelRequest(input);
    let firstByteAt: number | undefined;
    let streamingProvider = 'none';
    const report = (outcome: StreamedEvent['outcome'], provider: string) =>
      deps.onStreamed?.({
        operation: input.operation,
        provider,
        cacheHit: false,
        outcome,
        firstByteMs: firstByteAt === undefined ? undefined : firstByteAt - started,
        durationMs: clock.monotonic() - started,
      });

    let outcome: RunOutcome<StreamedAnswer>;
    try {
      outcome = await runner.run<StreamedAnswer>(
        input.operation,
        async (model, attemptSignal) => {
          let forwarded = false;
          try {
            let answer: Extract<ModelStreamPart, { type: 'done' }> | undefined;
            for await (const part of streamOf(model, request, attemptSignal)) {
              if (part.type === 'done') {
                answer = part;
                continue;
              }
              if (part.text === '') continue;
              if (firstByteAt === undefined) firstByteAt = clock.monotonic();
              streamingProvider = model.provider;
              forwarded = true;
              emit({ type: 'delta', text: part.text });
            }
            return readAnswer(model.provider, answer, request);
          } catch (error) {
            // Once the caller has seen this provider's text, no retry or other provider may follow.
            if (forwarded) throw new StreamInterruptedError(error);
            throw error;
          }
        },
        { signal, streaming: true },
      );
    } catch (error) {
      report(signal.aborted ? 'cancelled' : 'failed', streamingProvider);
      if (signal.aborted) throw signal.reason;
      throw isStreamInterruptedError(error) ? error : toAppError(error);
    }

    const { payload, usage } = outcome.value;
    const response = toProcessedResponse(
      input,
      verdict,
      {
        payload,
        provider: outcome.provider,
        model: outcome.value.model,
        attempts: outcome.attempts,
        degraded: outcome.degraded,
        fallbackUsed: outcome.fallbackUsed,
        usage,
      },
      { durationMs: clock.monotonic() - started, now: clock.now() },
    );
    if (!outcome.degraded) await cache.set(key, response, ttlFor(input.operation));
    report('completed', outcome.provider);
    deps.onProcessed?.({
      operation: input.operation,
      provider: outcome.provider,
      cacheHit: false,
      degraded: outcome.degraded,
      durationMs: clock.monotonic() - started,
      attempts: outcome.attempts,
      usage,
    });
    return { type: 'result', response };
  }

  function readAnswer(
    provider: string,
    done: Extract<ModelStreamPart, { type: 'done' }> | undefined,
    request: ModelRequest,
  ): StreamedAnswer {
    if (!done)
      throw new ModelError('The provider stream ended before the answer was complete', { provider, kind: 'server' });
    const { input } = request;
    const definition = PROCESSORS[input.operation];
    const answer = done.response;
    const written = answer.payload === undefined ? answer.text : toAnswerText(answer.payload);
    deps.outputGuard?.(written, request, provider);
    const payload =
      answer.payload === undefined ? definition.parse(answer.text, input) : definition.check(answer.payload, input);
    if (!payload) throw new ModelOutputError(`Unusable ${input.operation} answer`, provider);
    return { payload, model: answer.model, usage: answer.usage };
  }

  async function* replay(cached: TextProcessingResponse, started: number): AsyncGenerator<TextStreamEvent> {
    const text = toAnswerText({
      ...(cached.result !== null && { result: cached.result }),
      ...(cached.sentiment !== null && { sentiment: cached.sentiment }),
      ...(cached.key_points !== null && { key_points: cached.key_points }),
      ...(cached.questions !== null && { questions: cached.questions }),
    });
    let firstByteMs: number | undefined;
    for (const piece of toStreamPieces(text)) {
      firstByteMs ??= clock.monotonic() - started;
      yield { type: 'delta', text: piece };
    }
    const durationMs = clock.monotonic() - started;
    const event = { operation: cached.operation, provider: cached.metadata.provider, durationMs };
    deps.onProcessed?.({ ...event, cacheHit: true, degraded: false, attempts: 0 });
    deps.onStreamed?.({ ...event, cacheHit: true, outcome: 'completed', firstByteMs });
    yield { type: 'result', response: { ...cached, cache_hit: true, processing_time: toSeconds(durationMs) } };
  }

  async function* processStream(
    request: TextProcessingRequest,
    options: ProcessOptions = {},
  ): AsyncGenerator<TextStreamEvent, void, undefined> {
    const started = clock.monotonic();
    const prepared = prepareRequest(request, {
      inputMaxLength: deps.limits.inputMaxLength,
      scan: deps.processor.scan,
      keys: deps.keys,
      modelIdentity: runner.identity,
    });
    if (options.bypassCache) {
      // A fresh answer of its own, shared with nobody.
      yield* createStreamFlight<TextStreamEvent>().join(
        prepared.key,
        (emit, signal) => run(prepared, emit, signal),
        options.signal,
      );
      return;
    }
    const cached = await deps.cache.get(prepared.key);
    if (isResponse(cached)) {
      yield* replay(cached, started);
      return;
    }
    yield* flights.join(prepared.key, (emit, signal) => run(prepared, emit, signal), options.signal);
  }

  return { processStream };
}

/** A model's answer as stream parts: its own stream, or its whole answer cut into pieces. */
async function* streamOf(
  model: TextModel,
  request: ModelRequest,
  signal: AbortSignal,
): AsyncGenerator<ModelStreamPart> {
  if (model.stream) {
    yield* model.stream(request, signal);
    return;
  }
  const response = await model.generate(request, signal);
  const text = response.payload === undefined ? response.text : toAnswerText(response.payload);
  for (const piece of toStreamPieces(text)) yield { type: 'delta', text: piece };
  yield { type: 'done', response };
}

function isResponse(value: unknown): value is TextProcessingResponse {
  return typeof value === 'object' && value !== null && 'operation' in value && 'metadata' in value;
}
