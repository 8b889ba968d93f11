import { AppError, ModelOutputError, ValidationError, isModelOutputError, toAppError } from './errors.js';
import { OPERATION_INFO, type Operation } from './operations.js';
import { prepareRequest, toModelRequest } from './prepare-request.js';
import { toProcessedResponse, toSeconds } from './processed-response.js';
import { toAnswerText, type Payload } from './processor-definition.js';
import { PROCESSORS } from './processors.js';
import type { Cache, CacheKeys, Clock, InjectionScanner, ModelRunner, OutputGuard, TaskInput } from './ports.js';
import {
  TextProcessingRequestSchema,
  type BatchItem,
  type BatchStatusResponse,
  type BatchTextProcessingRequest,
  type BatchTextProcessingResponse,
  type SecurityVerdict,
  type TextProcessingRequest,
  type TextProcessingResponse,
  type Usage,
} from './schemas.js';
import { createSingleFlight } from './single-flight.js';
import { toValidationError } from './validation.js';

export interface ProcessorLimits {
  /** Maximum text length in characters after trimming (`INPUT_MAX_LENGTH`). */
  readonly inputMaxLength: number;
  /** Maximum items per batch call (`MAX_BATCH_REQUESTS_PER_CALL`). */
  readonly maxBatchItems: number;
  /** Items of one batch processed at once (`BATCH_AI_CONCURRENCY_LIMIT`). */
  readonly batchConcurrency: number;
  /** Seconds a batch outcome stays readable through batch_status (`BATCH_RESULT_TTL`). */
  readonly batchResultTtlSeconds: number;
}

/** What happened to one request, for metrics and logs wired in by the composition root. */
export interface ProcessedEvent {
  readonly operation: Operation;
  readonly provider: string;
  readonly cacheHit: boolean;
  readonly degraded: boolean;
  readonly durationMs: number;
  readonly attempts: number;
  readonly usage?: Usage | undefined;
}

export interface TextProcessorDeps {
  readonly runner: ModelRunner;
  readonly cache: Cache;
  readonly keys: CacheKeys;
  readonly clock: Clock;
  readonly limits: ProcessorLimits;
  readonly scanner?: InjectionScanner | undefined;
  readonly outputGuard?: OutputGuard | undefined;
  /** Cache lifetime per operation; defaults to the catalogue's. */
  readonly ttlSeconds?: ((operation: Operation) => number) | undefined;
  readonly onProcessed?: ((event: ProcessedEvent) => void) | undefined;
  /** Batch id generator; defaults to `batch_<unix seconds>_<random>`. */
  readonly newBatchId?: (() => string) | undefined;
}

export interface ProcessOptions {
  readonly signal?: AbortSignal | undefined;
  /** Skip the cache read (`Cache-Control: no-cache`); a fresh answer is still stored. */
  readonly bypassCache?: boolean | undefined;
}

/** A batch call: batch outcomes belong to the key that made them. */
export interface BatchOptions extends ProcessOptions {
  /** The caller's API key (the fixed development key when no key is configured). Outcomes are
   * stored under a digest of it (`CacheKeys.forBatch`) and read back with the same key only. */
  readonly owner: string;
}

export interface TextProcessor {
  process(request: TextProcessingRequest, options?: ProcessOptions): Promise<TextProcessingResponse>;
  /** Processes every item and stores the outcome for `options.owner`. A `batch_id` whose outcome
   * this owner still has stored (or is still computing) is refused with a 422 naming `batch_id`. */
  processBatch(request: BatchTextProcessingRequest, options: BatchOptions): Promise<BatchTextProcessingResponse>;
  /** The owner's stored outcome; NOT_FOUND alike for unknown, expired and other owners' ids. */
  batchStatus(batchId: string, owner: string): Promise<BatchStatusResponse>;
  /** The verdict `process` would apply to this text (and question). */
  scan(text: string, question?: string | null): SecurityVerdict;
}

const ALLOW: SecurityVerdict = { injection: false, score: 0, categories: [], action: 'allow' };

interface AttemptResult {
  readonly payload: Payload;
  readonly model: string;
  readonly usage: Usage | undefined;
  readonly calls: number;
}

/**
 * The shared pipeline of every operation: validate → injection scan → cache lookup (one provider
 * call for identical concurrent requests) → provider chain with resilience → parse and check the
 * answer (one retry) → store valid, non-degraded answers → response.
 */
export function createTextProcessor(deps: TextProcessorDeps): TextProcessor {
  const { runner, cache, keys, clock, limits } = deps;
  const ttlFor = deps.ttlSeconds ?? ((operation: Operation) => OPERATION_INFO[operation].cacheTtlSeconds);
  const inFlight = createSingleFlight<TextProcessingResponse>();
  // Storage keys of batches being computed here, so that a concurrent reuse of an id is refused too.
  const batchesRunning = new Set<string>();

  function scan(text: string, question?: string | null): SecurityVerdict {
    if (!deps.scanner) return ALLOW;
    const verdict = deps.scanner.scan(text);
    if (!question) return verdict;
    const questionVerdict = deps.scanner.scan(question);
    return questionVerdict.score > verdict.score ? questionVerdict : verdict;
  }

  async function runAttempt(input: TaskInput, signal: AbortSignal | undefined) {
    const definition = PROCESSORS[input.operation];
    const request = toModelRequest(input);
    return runner.run<AttemptResult>(
      input.operation,
      async (model, attemptSignal) => {
        let usage: Usage | undefined;
        let rejection: unknown;
        for (let call = 1; call <= 2; call += 1) {
          const answer = await model.generate(request, attemptSignal);
          usage = addUsage(usage, answer.usage);
          try {
            // A payload answer has nothing to parse; the guard reads it as a text model would have written it.
            const written = answer.payload === undefined ? answer.text : toAnswerText(answer.payload);
            deps.outputGuard?.(written, request, model.provider);
            const payload =
              answer.payload === undefined
                ? definition.parse(answer.text, input)
                : definition.check(answer.payload, input);
            if (payload) return { payload, model: answer.model, usage, calls: call };
            rejection = new ModelOutputError(`Unusable ${input.operation} answer`, model.provider);
          } catch (error) {
            if (!isModelOutputError(error)) throw error;
            rejection = error;
          }
        }
        throw rejection;
      },
      { signal },
    );
  }

  async function compute(
    input: TaskInput,
    verdict: SecurityVerdict,
    key: string,
    options: ProcessOptions,
  ): Promise<TextProcessingResponse> {
    const started = clock.monotonic();
    const outcome = await runAttempt(input, options.signal).catch((error: unknown) => {
      throw toAppError(error);
    });
    const { payload, usage, calls } = outcome.value;
    const response = toProcessedResponse(
      input,
      verdict,
      {
        payload,
        provider: outcome.provider,
        model: outcome.value.model,
        attempts: outcome.attempts + calls - 1,
        degraded: outcome.degraded,
        fallbackUsed: outcome.fallbackUsed,
        usage,
      },
      { durationMs: clock.monotonic() - started, now: clock.now() },
    );
    if (!outcome.degraded) await cache.set(key, response, ttlFor(input.operation));
    deps.onProcessed?.({
      operation: input.operation,
      provider: outcome.provider,
      cacheHit: false,
      degraded: outcome.degraded,
      durationMs: clock.monotonic() - started,
      attempts: response.metadata.attempts,
      usage,
    });
    return response;
  }

  async function process(
    request: TextProcessingRequest,
    options: ProcessOptions = {},
  ): Promise<TextProcessingResponse> {
    const started = clock.monotonic();
    const { input, verdict, key } = prepareRequest(request, {
      inputMaxLength: limits.inputMaxLength,
      scan,
      keys,
      modelIdentity: runner.identity,
    });

    if (!options.bypassCache) {
      const cached = await cache.get(key);
      if (isResponse(cached)) {
        const durationMs = clock.monotonic() - started;
        deps.onProcessed?.({
          operation: input.operation,
          provider: cached.metadata.provider,
          cacheHit: true,
          degraded: false,
          durationMs,
          attempts: 0,
        });
        return { ...cached, cache_hit: true, processing_time: toSeconds(durationMs) };
      }
      // The shared call runs under the single flight's signal: cancelled only once every waiter has gone.
      return inFlight.run(key, (signal) => compute(input, verdict, key, { ...options, signal }), options.signal);
    }
    return compute(input, verdict, key, options);
  }

  async function processItem(item: unknown, options: ProcessOptions): Promise<TextProcessingResponse> {
    const parsed = TextProcessingRequestSchema.safeParse(item);
    if (!parsed.success) throw toValidationError(parsed.error);
    return process(parsed.data, options);
  }

  async function processBatch(
    request: BatchTextProcessingRequest,
    options: BatchOptions,
  ): Promise<BatchTextProcessingResponse> {
    const total = request.requests.length;
    if (total > limits.maxBatchItems) {
      throw new ValidationError(
        `Batch size exceeds the limit of ${limits.maxBatchItems} requests per call (got ${total})`,
        [{ field: 'requests', message: `At most ${limits.maxBatchItems} requests per batch` }],
        { status: 400, details: { limit: limits.maxBatchItems, received: total } },
      );
    }
    const batchId = request.batch_id ?? deps.newBatchId?.() ?? defaultBatchId(clock);
    const storageKey = keys.forBatch(batchId, options.owner);
    if (batchesRunning.has(storageKey)) throw batchIdInUse(batchId, limits.batchResultTtlSeconds);
    batchesRunning.add(storageKey);
    try {
      if (isBatchResponse(await cache.get(storageKey))) throw batchIdInUse(batchId, limits.batchResultTtlSeconds);
      const response = await runBatch(request, batchId, options);
      await cache.set(storageKey, response, limits.batchResultTtlSeconds);
      return response;
    } finally {
      batchesRunning.delete(storageKey);
    }
  }

  async function runBatch(
    request: BatchTextProcessingRequest,
    batchId: string,
    options: ProcessOptions,
  ): Promise<BatchTextProcessingResponse> {
    const started = clock.monotonic();
    const total = request.requests.length;
    const results = await mapWithConcurrency(request.requests, limits.batchConcurrency, async (item, index) => {
      try {
        const response = await processItem(item, options);
        return { request_index: index, status: 'completed', response, error: null } satisfies BatchItem;
      } catch (error) {
        const appError = toAppError(error);
        return {
          request_index: index,
          status: 'failed',
          response: null,
          error: { code: appError.code, message: appError.message, details: appError.details },
        } satisfies BatchItem;
      }
    });
    const completed = results.filter((item) => item.status === 'completed').length;
    return {
      batch_id: batchId,
      total_requests: total,
      completed,
      failed: total - completed,
      results,
      total_processing_time: toSeconds(clock.monotonic() - started),
      timestamp: new Date(clock.now()).toISOString(),
    };
  }

  async function batchStatus(batchId: string, owner: string): Promise<BatchStatusResponse> {
    const stored = await cache.get(keys.forBatch(batchId, owner));
    if (!isBatchResponse(stored)) {
      throw new AppError('NOT_FOUND', `Batch '${batchId}' is unknown or has expired`, {
        details: { batch_id: batchId },
      });
    }
    return {
      ...stored,
      status: 'completed',
      message: `Batch completed: ${stored.completed} of ${stored.total_requests} requests succeeded.`,
    };
  }

  return { process, processBatch, batchStatus, scan };
}

/** Elapsed milliseconds as the seconds a response reports: millisecond precision, 3 decimals. */

function addUsage(total: Usage | undefined, next: Usage | undefined): Usage | undefined {
  if (!next) return total;
  if (!total) return next;
  return {
    input_tokens: total.input_tokens + next.input_tokens,
    output_tokens: total.output_tokens + next.output_tokens,
    total_tokens: total.total_tokens + next.total_tokens,
  };
}

function isResponse(value: unknown): value is TextProcessingResponse {
  return typeof value === 'object' && value !== null && 'operation' in value && 'metadata' in value;
}

function isBatchResponse(value: unknown): value is BatchTextProcessingResponse {
  return typeof value === 'object' && value !== null && 'batch_id' in value && 'results' in value;
}

function batchIdInUse(batchId: string, ttlSeconds: number): ValidationError {
  const message = `Batch id '${batchId}' was already used with this API key and its outcome is still stored (up to ${ttlSeconds} s); choose another batch_id`;
  return new ValidationError(`Invalid request data: batch_id: ${message}`, [{ field: 'batch_id', message }], {
    details: { batch_id: batchId },
  });
}

function defaultBatchId(clock: Clock): string {
  const random = Math.floor(Math.random() * 0xffffff)
    .toString(16)
    .padStart(6, '0');
  return `batch_${Math.floor(clock.now() / 1000)}_${random}`;
}

async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  worker: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await worker(items[index] as T, index);
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}
