import { beforeEach, describe, expect, it } from 'vitest';
import { ModelError, ModelOutputError } from '../../domain/errors.js';
import type { ModelRequest, TextModel } from '../../domain/ports.js';
import { createHttpFetch, type HttpFetch } from '../../infra/ai/http-fetch.js';
import { fencePrompt, type FencedPrompt } from '../../infra/ai/prompt-fence.js';
import { startFakeLlmServer, type FakeLlmServer } from '../fakes/fake-llm-server.js';
import { createModelRequest } from '../fakes/model-request.js';

/** The transports every remote adapter is tested over (`undefined`: the SDK's global fetch). */
export const TRANSPORTS = [
  { name: 'the global fetch', create: (): HttpFetch | undefined => undefined },
  { name: 'the undici keep-alive fetch', create: (): HttpFetch | undefined => createHttpFetch() },
];

/** The `ModelError` a call fails with (the test fails if it resolves or throws anything else). */
export async function failureOf(promise: Promise<unknown>): Promise<ModelError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ModelError);
  return error as ModelError;
}

/** What the contract changes about the adapter it is given, in terms every adapter understands. */
export interface ContractOverrides {
  /** The root URL of another (fake) server, as `FakeLlmServer.url` gives it. */
  readonly baseUrl?: string;
  readonly timeoutMs?: number;
  readonly buildPrompt?: (request: ModelRequest) => FencedPrompt;
}

export interface ModelAdapterUnderContract {
  /** The fake server the adapter talks to (started by the caller; the contract resets it before each test). */
  server(): FakeLlmServer;
  /** The adapter on that server, with the caller's defaults and a timeout well above the contract's 150 ms. */
  model(overrides?: ContractOverrides): TextModel;
}

/**
 * The failures every remote model adapter maps the same way: HTTP errors, bad output, rate limits,
 * broken connections and cancellation. Call it once per adapter, inside the block that starts its
 * fake server (per transport: `describe.each(TRANSPORTS)`), with the provider name its errors
 * carry; its tests run as `<provider> adapter contract`.
 */
export function describeModelAdapterContract(provider: string, adapter: ModelAdapterUnderContract): void {
  describe(`${provider} adapter contract`, () => {
    const server = () => adapter.server();
    const model = (overrides: ContractOverrides = {}) => adapter.model(overrides);
    const summarize = () => createModelRequest('summarize');
    const fixedPrompt = (request: ModelRequest) =>
      fencePrompt(request, { random: (size) => new Uint8Array(size).fill(0x5c) });

    beforeEach(() => server().reset());

    it.each([
      [500, 'server', true],
      [502, 'server', true],
      [503, 'server', true],
      [408, 'timeout', true],
      [401, 'auth', false],
      [403, 'auth', false],
      [400, 'bad_request', false],
      [422, 'bad_request', false],
      [404, 'not_found', false],
    ] as const)('maps HTTP %i to %s without retrying', async (status, kind, retryable) => {
      server().script({ reply: { kind: 'error', status } });
      const error = await failureOf(model().generate(summarize()));

      expect(error).toMatchObject({ provider, kind, status, isRetryable: retryable });
      expect(server().calls).toHaveLength(1);
    });

    it('rejects output cut at the token limit', async () => {
      server().script({ reply: { kind: 'truncated' } });
      const error = await failureOf(model().generate(summarize()));

      expect(error).toBeInstanceOf(ModelOutputError);
      expect(error.kind).toBe('invalid_output');
    });

    it('rejects an empty answer', async () => {
      server().script({ reply: { kind: 'empty' } });
      const error = await failureOf(model().generate(summarize()));

      expect(error).toBeInstanceOf(ModelOutputError);
    });

    it('rejects an answer that leaks the canary', async () => {
      const request = summarize();
      server().script({ reply: { kind: 'answer', text: `My secret is ${fixedPrompt(request).canary}` } });
      const error = await failureOf(model({ buildPrompt: fixedPrompt }).generate(request));

      expect(error).toBeInstanceOf(ModelOutputError);
      expect(error.message).toMatch(/leaked/);
    });

    it('maps 429 to rate_limit with the Retry-After seconds', async () => {
      server().script({ reply: { kind: 'error', status: 429, retryAfter: 3 } });
      const error = await failureOf(model().generate(summarize()));

      expect(error).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 3_000, isRetryable: true });
    });

    it('reads Retry-After as an HTTP date', async () => {
      server().script({
        reply: { kind: 'error', status: 429, retryAfter: new Date(Date.now() + 30_000).toUTCString() },
      });
      const error = await failureOf(model().generate(summarize()));

      expect(error.retryAfterMs).toBeGreaterThan(25_000);
      expect(error.retryAfterMs).toBeLessThanOrEqual(30_000);
    });

    it('maps a malformed JSON body to a retryable server error', async () => {
      server().script({ reply: { kind: 'malformed' } });
      const error = await failureOf(model().generate(summarize()));

      expect(error).toMatchObject({ kind: 'server', isRetryable: true });
    });

    it('maps a connection reset to network', async () => {
      server().script({ reply: { kind: 'reset' } });
      const error = await failureOf(model().generate(summarize()));

      expect(error).toMatchObject({ kind: 'network', isRetryable: true });
      expect(server().calls).toHaveLength(1);
    });

    it('maps a refused connection to network', async () => {
      const closed = await startFakeLlmServer();
      await closed.close();
      const error = await failureOf(model({ baseUrl: closed.url }).generate(summarize()));

      expect(error.kind).toBe('network');
    });

    it('cancels the upstream call when our signal aborts, as a timeout', async () => {
      server().script({ reply: { kind: 'hang' } });
      const started = performance.now();
      const error = await failureOf(model().generate(summarize(), AbortSignal.timeout(150)));

      expect(error).toMatchObject({ kind: 'timeout', isRetryable: true });
      expect(performance.now() - started).toBeLessThan(2_000);
      await server().calls[0]?.closed;
      expect(server().calls[0]?.clientAborted).toBe(true);
    });

    it('cancels the upstream call at its own timeout', async () => {
      server().script({ reply: { kind: 'hang' } });
      const error = await failureOf(model({ timeoutMs: 150 }).generate(summarize()));

      expect(error.kind).toBe('timeout');
      await server().calls[0]?.closed;
      expect(server().calls[0]?.clientAborted).toBe(true);
    });

    it('does not call the provider when the signal is already aborted', async () => {
      const error = await failureOf(model().generate(summarize(), AbortSignal.abort()));

      expect(error.kind).toBe('timeout');
      expect(server().calls).toHaveLength(0);
    });
  });
}
