import { GoogleGenAI, type GenerateContentResponse } from '@google/genai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ModelError, ModelOutputError } from '../../domain/errors.js';
import { OPERATIONS } from '../../domain/operations.js';
import type { ModelRequest } from '../../domain/ports.js';
import { SentimentResultSchema } from '../../domain/schemas.js';
import { createGeminiModel, fromResponse, toModelError, type GeminiModelOptions } from '../../infra/ai/gemini-model.js';
import type { HttpFetch } from '../../infra/ai/http-fetch.js';
import { fencePrompt } from '../../infra/ai/prompt-fence.js';
import { startFakeLlmServer, type FakeLlmServer } from '../fakes/fake-llm-server.js';
import { createModelRequest } from '../fakes/model-request.js';
import { describeModelAdapterContract, failureOf, TRANSPORTS } from './model-contract.js';

const API_KEY = 'gemini-test-key';

function fixedPrompt(request: ModelRequest) {
  return fencePrompt(request, { random: (size) => new Uint8Array(size).fill(0x1f) });
}

describe.each(TRANSPORTS)('createGeminiModel over $name', ({ create }) => {
  let server: FakeLlmServer;
  let transport: HttpFetch | undefined;

  beforeAll(async () => {
    server = await startFakeLlmServer({ apiKey: API_KEY });
    transport = create();
  });
  afterEach(() => server.reset());
  afterAll(async () => {
    await transport?.close();
    await server.close();
  });

  function model(overrides: Partial<GeminiModelOptions> = {}) {
    return createGeminiModel({
      apiKey: API_KEY,
      baseUrl: server.url,
      model: 'gemini-fake',
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

    expect(server.calls.at(-1)?.reply).toBe('answer');
    expect(response.text.trim().length).toBeGreaterThan(0);
    expect(response.model).toBe('gemini-fake');
    expect(response.finishReason).toBe('STOP');
    expect(response.usage?.input_tokens).toBeGreaterThan(0);
    expect(response.usage?.output_tokens).toBeGreaterThan(0);
    expect(response.usage?.total_tokens).toBe(
      (response.usage?.input_tokens ?? 0) + (response.usage?.output_tokens ?? 0),
    );
    if (operation === 'sentiment')
      expect(SentimentResultSchema.safeParse(JSON.parse(response.text)).success).toBe(true);
    if (operation === 'questions') for (const line of response.text.split('\n')) expect(line.endsWith('?')).toBe(true);
  });

  it('sends the system instruction, the fenced user text and the token limit', async () => {
    const request = createModelRequest('summarize');
    const gemini = model({ buildPrompt: fixedPrompt });
    expect(gemini.provider).toBe('gemini');
    await gemini.generate(request);

    const prompt = fixedPrompt(request);
    expect(server.calls.at(-1)?.path).toBe('/v1beta/models/gemini-fake:generateContent');
    expect(lastBody()).toEqual({
      contents: [{ role: 'user', parts: [{ text: prompt.user }] }],
      systemInstruction: { role: 'user', parts: [{ text: prompt.system }] },
      generationConfig: { maxOutputTokens: 512 },
    });
  });

  it('requests JSON output for sentiment', async () => {
    await model({ temperature: 0.3 }).generate(createModelRequest('sentiment'));

    expect(lastBody().generationConfig).toEqual({
      maxOutputTokens: 512,
      temperature: 0.3,
      responseMimeType: 'application/json',
    });
  });

  it('passes a JSON schema through when the request carries one', async () => {
    const schema = { type: 'object', properties: { sentiment: { type: 'string' } }, required: ['sentiment'] };
    await model().generate(createModelRequest('sentiment', { jsonSchema: schema }));

    expect(lastBody().generationConfig).toMatchObject({
      responseMimeType: 'application/json',
      responseJsonSchema: schema,
    });
  });

  it('maps an invalid API key (400 API_KEY_INVALID) to auth', async () => {
    server.script({
      reply: {
        kind: 'error',
        status: 400,
        body: {
          error: {
            code: 400,
            message: 'API key not valid. Please pass a valid API key.',
            status: 'INVALID_ARGUMENT',
            details: [
              {
                '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
                reason: 'API_KEY_INVALID',
                domain: 'googleapis.com',
              },
            ],
          },
        },
      },
    });
    const error = await failureOf(model().generate(createModelRequest('summarize')));

    expect(error).toMatchObject({ kind: 'auth', status: 400, isRetryable: false });
  });

  it('maps a blocked prompt to safety', async () => {
    server.script({ reply: { kind: 'safety' } });
    const error = await failureOf(model().generate(createModelRequest('summarize')));

    expect(error).toMatchObject({ kind: 'safety', isRetryable: false });
    expect(error.message).toMatch(/SAFETY/);
  });

  it('maps a blocked answer to safety', async () => {
    server.script({ reply: { kind: 'safety', stage: 'output' } });
    const error = await failureOf(model().generate(createModelRequest('summarize')));

    expect(error.kind).toBe('safety');
  });

  describeModelAdapterContract('gemini', { server: () => server, model });
});

describe('createGeminiModel with an injected client', () => {
  let server: FakeLlmServer;
  beforeAll(async () => {
    server = await startFakeLlmServer();
  });
  afterAll(() => server.close());

  const client = () => new GoogleGenAI({ apiKey: API_KEY, httpOptions: { baseUrl: server.url } });

  it('answers through the client it is given', async () => {
    const gemini = createGeminiModel({ client: client(), model: 'gemini-injected', timeoutMs: 5_000 });
    await expect(gemini.generate(createModelRequest('qa'))).resolves.toMatchObject({ model: 'gemini-injected' });
  });

  it("takes the retry delay from Google's RetryInfo", async () => {
    server.script({ reply: { kind: 'error', status: 429, retryAfter: 4 } });
    const gemini = createGeminiModel({ client: client(), model: 'gemini-injected', timeoutMs: 5_000 });
    const error = await failureOf(gemini.generate(createModelRequest('summarize')));

    expect(error).toMatchObject({ kind: 'rate_limit', retryAfterMs: 4_000 });
  });
});

describe('gemini mappers', () => {
  const response = (value: unknown) => value as GenerateContentResponse;

  it('joins text parts, skips thoughts and counts thought tokens as output', () => {
    const answer = fromResponse(
      response({
        candidates: [
          {
            finishReason: 'STOP',
            content: { parts: [{ text: 'thinking', thought: true }, { text: 'Hello ' }, { text: 'world.' }] },
          },
        ],
        usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 3, thoughtsTokenCount: 5, totalTokenCount: 18 },
      }),
      'configured',
    );

    expect(answer).toEqual({
      text: 'Hello world.',
      model: 'configured',
      finishReason: 'STOP',
      usage: { input_tokens: 10, output_tokens: 8, total_tokens: 18 },
    });
  });

  it('treats a response without candidates as an empty answer', () => {
    expect(() => fromResponse(response({}), 'm')).toThrow(ModelOutputError);
  });

  it('keeps a ModelError and maps unknown failures to server errors', () => {
    const original = new ModelError('x', { provider: 'gemini', kind: 'auth' });
    expect(toModelError(original)).toBe(original);
    expect(toModelError(new Error('boom'))).toMatchObject({ kind: 'server' });
    expect(toModelError(new Error('boom'), { signal: AbortSignal.abort() })).toMatchObject({ kind: 'timeout' });
  });
});
