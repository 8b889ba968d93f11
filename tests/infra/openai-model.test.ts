import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ModelError } from '../../domain/errors.js';
import { OPERATIONS } from '../../domain/operations.js';
import type { ModelRequest } from '../../domain/ports.js';
import { SentimentResultSchema } from '../../domain/schemas.js';
import type { HttpFetch } from '../../infra/ai/http-fetch.js';
import { createOpenAiModel, fromResponse, toModelError, type OpenAiModelOptions } from '../../infra/ai/openai-model.js';
import { fencePrompt } from '../../infra/ai/prompt-fence.js';
import { startFakeLlmServer, type FakeLlmServer } from '../fakes/fake-llm-server.js';
import { createModelRequest } from '../fakes/model-request.js';
import { describeModelAdapterContract, failureOf, TRANSPORTS } from './model-contract.js';

function fixedPrompt(request: ModelRequest) {
  return fencePrompt(request, { random: (size) => new Uint8Array(size).fill(0x2a) });
}

describe.each(TRANSPORTS)('createOpenAiModel over $name', ({ create }) => {
  let server: FakeLlmServer;
  let transport: HttpFetch | undefined;

  beforeAll(async () => {
    server = await startFakeLlmServer();
    transport = create();
  });
  afterEach(() => server.reset());
  afterAll(async () => {
    await transport?.close();
    await server.close();
  });

  function model(overrides: Partial<OpenAiModelOptions> = {}) {
    return createOpenAiModel({
      apiKey: 'sk-test',
      baseURL: `${server.url}/v1`,
      model: 'gpt-fake',
      timeoutMs: 5_000,
      ...(transport && { fetch: transport }),
      ...overrides,
    });
  }

  function lastBody(): Record<string, unknown> {
    return server.calls.at(-1)?.body as Record<string, unknown>;
  }

  it.each(OPERATIONS)('answers %s through the real SDK with usage', async (operation) => {
    const response = await model().generate(createModelRequest(operation));

    expect(response.text.trim().length).toBeGreaterThan(0);
    expect(response.model).toBe('gpt-fake');
    expect(response.finishReason).toBe('stop');
    expect(response.usage?.input_tokens).toBeGreaterThan(0);
    expect(response.usage?.output_tokens).toBeGreaterThan(0);
    expect(response.usage?.total_tokens).toBe(
      (response.usage?.input_tokens ?? 0) + (response.usage?.output_tokens ?? 0),
    );
    if (operation === 'sentiment')
      expect(SentimentResultSchema.safeParse(JSON.parse(response.text)).success).toBe(true);
    if (operation === 'key_points') expect(response.text.split('\n')).toHaveLength(5);
  });

  it('sends the fenced prompt as system and user messages with max_tokens', async () => {
    const request = createModelRequest('summarize');
    const openAi = model({ buildPrompt: fixedPrompt });
    expect(openAi.provider).toBe('openai');
    expect(openAi.model).toBe('gpt-fake');
    await openAi.generate(request);

    const prompt = fixedPrompt(request);
    expect(lastBody()).toEqual({
      model: 'gpt-fake',
      messages: [
        { role: 'system', content: prompt.system },
        { role: 'user', content: prompt.user },
      ],
      max_tokens: 512,
    });
    expect(server.calls.at(-1)?.headers['x-stainless-retry-count']).toBe('0');
  });

  it('talks to a keyless compatible server without an API key', async () => {
    const keyless = model({ apiKey: undefined });
    await expect(keyless.generate(createModelRequest('summarize'))).resolves.toMatchObject({ model: 'gpt-fake' });
  });

  it('requests JSON mode for sentiment', async () => {
    await model().generate(createModelRequest('sentiment'));
    expect(lastBody().response_format).toEqual({ type: 'json_object' });
  });

  it('requests a JSON schema when the request carries one', async () => {
    const schema = { type: 'object', properties: { sentiment: { type: 'string' } }, required: ['sentiment'] };
    await model().generate(createModelRequest('sentiment', { jsonSchema: schema }));

    expect(lastBody().response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'result', schema, strict: false },
    });
  });

  it('sends the temperature and max_completion_tokens when configured', async () => {
    await model({ temperature: 0.2, maxTokensParameter: 'max_completion_tokens' }).generate(
      createModelRequest('summarize'),
    );

    expect(lastBody()).toMatchObject({ temperature: 0.2, max_completion_tokens: 512 });
    expect(lastBody()).not.toHaveProperty('max_tokens');
  });

  it('prefers retry-after-ms', async () => {
    server.script({ reply: { kind: 'error', status: 429, retryAfter: 9, retryAfterMs: 750 } });
    const error = await failureOf(model().generate(createModelRequest('summarize')));

    expect(error.retryAfterMs).toBe(750);
  });

  it('maps a content filter stop to safety', async () => {
    server.script({ reply: { kind: 'safety' } });
    const error = await failureOf(model().generate(createModelRequest('summarize')));

    expect(error).toMatchObject({ kind: 'safety', isRetryable: false });
  });

  it('maps a content_filter error code to safety', async () => {
    server.script({
      reply: {
        kind: 'error',
        status: 400,
        body: { error: { message: 'filtered', type: null, param: 'prompt', code: 'content_filter' } },
      },
    });
    const error = await failureOf(model().generate(createModelRequest('summarize')));

    expect(error).toMatchObject({ kind: 'safety', status: 400 });
  });

  describeModelAdapterContract('openai', {
    server: () => server,
    model: ({ baseUrl, ...overrides } = {}) => model({ ...overrides, ...(baseUrl && { baseURL: `${baseUrl}/v1` }) }),
  });
});

describe('createOpenAiModel with an injected client', () => {
  it('uses the client it is given', async () => {
    const server = await startFakeLlmServer();
    try {
      const client = new OpenAI({ apiKey: 'sk-injected', baseURL: `${server.url}/v1`, maxRetries: 0 });
      server.script({ reply: { kind: 'error', status: 500 } });
      const openAi = createOpenAiModel({ client, model: 'gpt-injected', timeoutMs: 5_000 });

      await expect(openAi.generate(createModelRequest('summarize'))).rejects.toMatchObject({ kind: 'server' });
      expect(server.calls).toHaveLength(1);
      await expect(openAi.generate(createModelRequest('qa'))).resolves.toMatchObject({ model: 'gpt-injected' });
      expect(server.calls[1]?.body).toMatchObject({ model: 'gpt-injected', max_completion_tokens: 512 });
    } finally {
      await server.close();
    }
  });
});

describe('openai mappers', () => {
  const completion = (choice: unknown) =>
    ({
      id: 'x',
      object: 'chat.completion',
      created: 0,
      model: '',
      choices: choice === undefined ? [] : [choice],
    }) as unknown as OpenAI.Chat.Completions.ChatCompletion;

  it('treats a completion without choices as a server error', () => {
    expect(() => fromResponse(completion(undefined), 'm')).toThrow(expect.objectContaining({ kind: 'server' }));
  });

  it('treats a refusal as a safety block', () => {
    const refusal = { index: 0, finish_reason: 'stop', message: { role: 'assistant', content: null, refusal: 'No.' } };
    expect(() => fromResponse(completion(refusal), 'm')).toThrow(expect.objectContaining({ kind: 'safety' }));
  });

  it('falls back to the configured model name and omits missing usage', () => {
    const answer = {
      index: 0,
      finish_reason: 'stop',
      message: { role: 'assistant', content: 'Hello.', refusal: null },
    };
    expect(fromResponse(completion(answer), 'configured')).toEqual({
      text: 'Hello.',
      model: 'configured',
      finishReason: 'stop',
    });
  });

  it('keeps a ModelError and maps unknown failures to server errors', () => {
    const original = new ModelError('x', { provider: 'openai', kind: 'auth' });
    expect(toModelError(original)).toBe(original);
    expect(toModelError(new Error('boom'))).toMatchObject({ kind: 'server', cause: expect.any(Error) });
    expect(toModelError(new Error('boom'), AbortSignal.abort())).toMatchObject({ kind: 'timeout' });
  });
});
