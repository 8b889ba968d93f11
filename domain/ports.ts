/**
 * The ports the domain needs from the outside world. `infra/` implements them; `server/deps.ts`
 * wires the implementations; tests use fakes.
 */
import type { Operation, ResolvedOptions } from './operations.js';
import type { Payload } from './processor-definition.js';
import type { SecurityVerdict, Usage } from './schemas.js';

/** The task a model is asked to do: the caller's text, intact, and what to do with it. */
export interface TaskInput {
  readonly operation: Operation;
  readonly text: string;
  readonly question?: string | undefined;
  readonly options: ResolvedOptions;
}

/** What a processor asks of a model. Remote adapters build messages from `instructions`; the
 * offline `local` model works from `input` directly. */
export interface ModelRequest {
  readonly input: TaskInput;
  readonly instructions: {
    /** The role and rules, sent as the system message. */
    readonly system: string;
    /** What to do with the fenced user text and the expected output format. */
    readonly task: string;
  };
  /** `json` asks providers that support it for JSON output (with `jsonSchema` when given). */
  readonly responseFormat: 'text' | 'json';
  readonly jsonSchema?: Readonly<Record<string, unknown>>;
  /** Upper bound for the answer's tokens, derived from the requested length. */
  readonly maxOutputTokens: number;
}

interface ModelAnswer {
  readonly model: string;
  readonly usage?: Usage;
  readonly finishReason?: string;
}

/** An answer as a language model writes it, for the operation's parser to read. */
export interface TextResponse extends ModelAnswer {
  readonly text: string;
  readonly payload?: undefined;
}

/** An answer computed rather than written (the offline `local` model): the operation's result
 * itself, checked by the rules its parser applies to what it reads, with nothing to parse. */
export interface PayloadResponse extends ModelAnswer {
  readonly payload: Payload;
  readonly text?: undefined;
}

export type ModelResponse = TextResponse | PayloadResponse;

/**
 * One part of a streamed answer: a piece of the text as the model writes it, then, once, the
 * complete answer (a `TextResponse`'s text is the deltas joined; a `PayloadResponse`'s deltas are
 * its payload as a text model would have written it). An empty delta stands for a provider chunk
 * without text (role, finish reason, usage): it carries nothing, but shows the stream is alive.
 */
export type ModelStreamPart<Response extends ModelResponse = ModelResponse> =
  { readonly type: 'delta'; readonly text: string } | { readonly type: 'done'; readonly response: Response };

/**
 * A text model: one provider's adapter. `generate` must forward `signal` to the underlying HTTP
 * call so that a timeout really cancels it, and must throw `ModelError` for provider failures.
 * `Response` narrows what an adapter answers with (remote adapters: `TextResponse`).
 */
export interface TextModel<Response extends ModelResponse = ModelResponse> {
  readonly provider: string;
  readonly model: string;
  generate(request: ModelRequest, signal?: AbortSignal): Promise<Response>;
  /**
   * The same answer, streamed: deltas as they arrive, then `done`. Same rules as `generate` (the
   * signal cancels the HTTP call, failures are `ModelError`s, also mid-stream); stopping the
   * iteration early releases the call. A model without it streams its `generate` answer.
   */
  stream?(request: ModelRequest, signal?: AbortSignal): AsyncIterable<ModelStreamPart<Response>>;
}

/** The outcome of running an attempt through the provider chain. */
export interface RunOutcome<T> {
  readonly value: T;
  readonly provider: string;
  readonly model: string;
  /** Provider calls made, retries and fallbacks included. */
  readonly attempts: number;
  /** The last-resort offline provider answered because remote providers failed. */
  readonly degraded: boolean;
  /** A provider other than the first in the chain answered. */
  readonly fallbackUsed: boolean;
}

export interface RunOptions {
  readonly signal?: AbortSignal | undefined;
  /**
   * The attempt streams to the caller until the answer ends and bounds its own time (first-byte
   * and idle timeouts of the streaming models), so no per-attempt timeout cuts it; the bulkhead
   * holds its slot until the attempt ends. An attempt that fails after its first byte reached the
   * caller must throw an error that is not a `ModelError`: it is neither retried nor passed on.
   */
  readonly streaming?: boolean | undefined;
}

/**
 * Runs an attempt (generate + parse) against the configured providers in fallback order, with
 * each provider's resilience policy (timeout, retry, circuit breaker, bulkhead) around it.
 */
export interface ModelRunner {
  run<T>(
    operation: Operation,
    attempt: (model: TextModel, signal: AbortSignal) => Promise<T>,
    options?: RunOptions,
  ): Promise<RunOutcome<T>>;
  /** A stable identity of the chain's answers (providers and models), part of cache keys. */
  readonly identity: string;
}

/** A key-value store for JSON-plain values with per-entry lifetimes. Never throws on a miss or
 * on a backend failure: a broken tier is a miss. */
export interface Cache {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/** What makes two requests the same answer. */
export interface CacheKeyInput {
  readonly operation: Operation;
  readonly text: string;
  readonly question?: string | undefined;
  readonly options: Readonly<Record<string, number>>;
  readonly modelIdentity: string;
}

/** Builds cache keys (hashing is infrastructure). */
export interface CacheKeys {
  forRequest(input: CacheKeyInput): string;
  /**
   * Where the outcome of `owner`'s batch `batchId` is stored. `owner` is the caller's API key: the
   * key holds only a digest of it, and two owners' equal ids are different keys. Invalidating
   * cache entries never removes these keys.
   */
  forBatch(batchId: string, owner: string): string;
}

export interface InjectionScanner {
  scan(text: string): SecurityVerdict;
}

/** Checks a model's raw answer before it is parsed; throws `ModelOutputError` to reject it. */
export type OutputGuard = (answer: string, request: ModelRequest, provider: string) => void;

export interface Clock {
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** A monotonic time in milliseconds, for durations. */
  readonly monotonic: () => number;
}

/** How a caller presented an API key. */
export type Credentials = { readonly kind: 'none' } | { readonly kind: 'bearer' | 'x-api-key'; readonly key: string };

export type KeyCheck =
  | {
      readonly ok: true;
      readonly key: string;
      readonly operator: boolean;
      /** A stable name for the key that reveals nothing of it (a digest prefix): for rate limits and logs. */
      readonly keyId: string;
    }
  | { readonly ok: false; readonly reason: 'missing' | 'invalid'; readonly method: Credentials['kind'] };

/** Verifies API keys. A check of the same `Credentials` object twice may return the first answer. */
export interface Authenticator {
  /** True when no API key is configured (development): every caller is `development`. */
  readonly open: boolean;
  check(credentials: Credentials): KeyCheck;
}
