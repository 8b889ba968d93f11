/**
 * A fake LLM provider on node:http that speaks the real wire protocols of the OpenAI chat
 * completions API and the Gemini generateContent API, so the real SDKs can be driven over
 * loopback. Answers are deterministic and task-aware (see `fake-answer.ts`); scripted rules make
 * chosen calls slow, failing, hanging, reset, malformed, blocked or truncated. Every call is
 * recorded (auth headers removed) for assertions.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { toFakeAnswer, type FakePrompt } from './fake-answer.js';

export type FakeProtocol = 'openai' | 'gemini' | 'unknown';

/** What the fake does with a call. */
export type FakeReply =
  /** A normal answer: the task-aware one, or `text`. */
  | { readonly kind: 'answer'; readonly text?: string }
  /** An HTTP error with the provider's error body. `retryAfter` becomes `Retry-After` (a number
   * is seconds; for Gemini also `RetryInfo`), `retryAfterMs` becomes `retry-after-ms`; `body`
   * replaces the provider-style error body. */
  | {
      readonly kind: 'error';
      readonly status: number;
      readonly message?: string;
      readonly retryAfter?: number | string;
      readonly retryAfterMs?: number;
      readonly body?: unknown;
    }
  /** Never answer; the call stays open until the client gives up or the server closes. */
  | { readonly kind: 'hang' }
  /** Destroy the connection (TCP reset) once the request is read. */
  | { readonly kind: 'reset' }
  /** 200 with a JSON content type and a body that is not JSON. */
  | { readonly kind: 'malformed' }
  /** A safety block: Gemini `promptFeedback.blockReason` (stage `prompt`, the default) or
   * `finishReason: SAFETY` (stage `output`); OpenAI `finish_reason: content_filter`. */
  | { readonly kind: 'safety'; readonly stage?: 'prompt' | 'output' }
  /** Output cut at the token limit: `finish_reason: length` / `finishReason: MAX_TOKENS`. */
  | { readonly kind: 'truncated'; readonly text?: string }
  /** A successful response with empty text. */
  | { readonly kind: 'empty' }
  /** A streamed answer (a plain call gets it whole) in `pieces` text chunks (3 by default),
   * `chunkDelayMs` apart, optionally broken by `fault` after some of them. */
  | {
      readonly kind: 'stream';
      readonly text?: string;
      readonly pieces?: number;
      readonly chunkDelayMs?: number;
      readonly fault?: StreamFault;
    };

/**
 * A mid-stream failure after `afterChunks` text chunks: `stall` sends nothing more and keeps the
 * connection open; `reset` destroys the connection (TCP reset); `malformed` sends a chunk that is
 * not JSON and ends; `early_stop` ends the body without a finish reason (or `[DONE]`).
 */
export interface StreamFault {
  readonly type: 'stall' | 'reset' | 'malformed' | 'early_stop';
  readonly afterChunks: number;
}

/** What a rule's `match` sees of a call. */
export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly protocol: FakeProtocol;
  readonly model: string | undefined;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

export interface FakeRule {
  readonly reply: FakeReply;
  /** Which calls the rule applies to; every call by default. */
  readonly match?: (request: FakeRequest) => boolean;
  /** How many matching calls it applies to; 1 by default, `Infinity` for all. */
  readonly times?: number;
  /** Delay before replying, in milliseconds (overrides the server's `latencyMs`). */
  readonly latencyMs?: number;
}

export interface RecordedCall extends FakeRequest {
  readonly index: number;
  readonly query: Readonly<Record<string, string>>;
  readonly stream: boolean;
  /** `Date.now()` when the request was read. */
  readonly time: number;
  readonly reply: FakeReply['kind'] | 'not_found' | 'unauthorized' | 'models';
  /** The client closed the connection before the reply was complete. */
  clientAborted: boolean;
  /** `Date.now()` when the connection was finished with; unset while it is open. */
  closedAt: number | undefined;
  /** Settles when the call's connection is finished with (answered, aborted or reset). */
  readonly closed: Promise<void>;
}

export interface FakeLlmServerOptions {
  /** Port to listen on; 0 (a free port) by default. */
  readonly port?: number;
  readonly host?: string;
  /** Delay before every reply, in milliseconds. Default 0. */
  readonly latencyMs?: number;
  /** When set, calls without this key (Bearer, `x-goog-api-key` or `?key=`) get a 401. */
  readonly apiKey?: string;
  /** Models listed by `GET /v1/models`. */
  readonly models?: readonly string[];
}

export interface FakeLlmServer {
  /** `http://127.0.0.1:<port>`: Gemini's `baseUrl`; OpenAI's `baseURL` is `${url}/v1`. */
  readonly url: string;
  readonly port: number;
  readonly calls: RecordedCall[];
  /** Adds a rule; rules apply in the order added, each for its `times` matching calls. */
  script(rule: FakeRule): void;
  /** Forgets rules and recorded calls. */
  reset(): void;
  /** Stops listening and destroys every open connection. */
  close(): Promise<void>;
}

const REDACTED_HEADERS = new Set(['authorization', 'x-goog-api-key', 'api-key', 'cookie', 'proxy-authorization']);
const GEMINI_PATH = /^\/(v1beta|v1|v1alpha)\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;
const GOOGLE_STATUS: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  408: 'DEADLINE_EXCEEDED',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};
const OPENAI_ERROR_TYPE: Readonly<Record<number, [type: string, code: string | null]>> = {
  400: ['invalid_request_error', null],
  401: ['invalid_request_error', 'invalid_api_key'],
  403: ['permission_denied', 'unsupported_country_region_territory'],
  404: ['invalid_request_error', 'model_not_found'],
  429: ['requests', 'rate_limit_exceeded'],
};

interface Incoming {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  protocol: FakeProtocol;
  model: string | undefined;
  stream: boolean;
  geminiSse: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content.map((part) => (isRecord(part) ? textOf(part.text ?? part.content) : '')).join('');
  if (isRecord(content)) return textOf(content.parts ?? content.text);
  return '';
}

function toPrompt(request: Incoming): FakePrompt {
  const body = isRecord(request.body) ? request.body : {};
  if (request.protocol === 'gemini') {
    const config = isRecord(body.generationConfig) ? body.generationConfig : {};
    const contents = Array.isArray(body.contents) ? body.contents : [body.contents];
    return {
      system: textOf(body.systemInstruction ?? body.system_instruction),
      user: contents.map(textOf).join('\n'),
      json: config.responseMimeType === 'application/json',
    };
  }
  const messages = (Array.isArray(body.messages) ? body.messages : []).filter(isRecord);
  const format = isRecord(body.response_format) ? body.response_format.type : undefined;
  return {
    system: messages
      .filter((message) => message.role === 'system' || message.role === 'developer')
      .map((message) => textOf(message.content))
      .join('\n'),
    user: messages
      .filter((message) => message.role === 'user')
      .map((message) => textOf(message.content))
      .join('\n'),
    json: format === 'json_object' || format === 'json_schema',
  };
}

function tokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function chunksOf(text: string, pieces = 3): string[] {
  const words = text.split(/(?<=\s)/);
  const size = Math.max(1, Math.ceil(words.length / pieces));
  const chunks: string[] = [];
  for (let index = 0; index < words.length; index += size) chunks.push(words.slice(index, index + size).join(''));
  return chunks.length > 0 ? chunks : [''];
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    ...headers,
  });
  response.end(payload);
}

/** How a `stream` reply is written: paced, and broken where its fault says. */
interface StreamPacing {
  readonly chunkDelayMs: number;
  readonly fault: StreamFault | undefined;
  /** Events before the first text chunk (OpenAI's role chunk). */
  readonly leading: number;
  readonly wait: (milliseconds: number) => Promise<void>;
  readonly reset: () => void;
}

function sendSse(response: ServerResponse, events: readonly string[], separator = '\n\n', pacing?: StreamPacing): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  if (pacing) {
    void writePaced(response, events, separator, pacing);
    return;
  }
  for (const event of events) response.write(`data: ${event}${separator}`);
  response.end();
}

async function writePaced(
  response: ServerResponse,
  events: readonly string[],
  separator: string,
  pacing: StreamPacing,
): Promise<void> {
  const faultAt = pacing.fault ? pacing.leading + pacing.fault.afterChunks : Infinity;
  for (const [index, event] of events.entries()) {
    if (index > 0 && pacing.chunkDelayMs > 0) await pacing.wait(pacing.chunkDelayMs);
    if (response.destroyed) return;
    if (index === faultAt) {
      switch (pacing.fault?.type) {
        case 'stall':
          return;
        case 'reset':
          pacing.reset();
          return;
        case 'malformed':
          response.end(`data: {"choices": [{"delta": {"content": "unterminated${separator}`);
          return;
        default:
          response.end();
          return;
      }
    }
    response.write(`data: ${event}${separator}`);
  }
  response.end();
}

interface Outcome {
  text: string | null;
  finish: 'stop' | 'length' | 'content_filter';
  promptBlocked: boolean;
}

function toOutcome(reply: FakeReply, request: Incoming): Outcome {
  const answer = () => toFakeAnswer(toPrompt(request));
  switch (reply.kind) {
    case 'safety':
      return { text: null, finish: 'content_filter', promptBlocked: reply.stage !== 'output' };
    case 'truncated': {
      const full = reply.text ?? answer();
      return { text: full.slice(0, Math.max(1, Math.floor(full.length / 2))), finish: 'length', promptBlocked: false };
    }
    case 'empty':
      return { text: '', finish: 'stop', promptBlocked: false };
    default:
      return {
        text: (reply.kind === 'answer' || reply.kind === 'stream') && reply.text !== undefined ? reply.text : answer(),
        finish: 'stop',
        promptBlocked: false,
      };
  }
}

function replyOpenAi(
  response: ServerResponse,
  request: Incoming,
  outcome: Outcome,
  serial: number,
  pacing?: Omit<StreamPacing, 'leading'> & { readonly pieces: number },
): void {
  const body = isRecord(request.body) ? request.body : {};
  const model = typeof body.model === 'string' ? body.model : 'fake-model';
  const promptTokens = tokens(JSON.stringify(body.messages ?? ''));
  const completionTokens = outcome.text ? tokens(outcome.text) : 0;
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
  const base = {
    id: `chatcmpl-fake-${serial}`,
    created: Math.floor(Date.now() / 1000),
    model,
    system_fingerprint: 'fp_fake',
  };
  if (!request.stream) {
    const message = { role: 'assistant', content: outcome.text, refusal: null };
    sendJson(response, 200, {
      ...base,
      object: 'chat.completion',
      choices: [{ index: 0, message, logprobs: null, finish_reason: outcome.finish }],
      usage,
    });
    return;
  }
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    JSON.stringify({
      ...base,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    });
  const events = [chunk({ role: 'assistant', content: '' }, null)];
  if (outcome.text)
    for (const piece of chunksOf(outcome.text, pacing?.pieces)) events.push(chunk({ content: piece }, null));
  events.push(chunk({}, outcome.finish));
  const streamOptions = isRecord(body.stream_options) ? body.stream_options : {};
  if (streamOptions.include_usage === true)
    events.push(JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage }));
  events.push('[DONE]');
  sendSse(response, events, '\n\n', pacing && { ...pacing, leading: 1 });
}

function replyGemini(
  response: ServerResponse,
  request: Incoming,
  outcome: Outcome,
  serial: number,
  pacing?: Omit<StreamPacing, 'leading'> & { readonly pieces: number },
): void {
  const promptTokens = tokens(JSON.stringify(isRecord(request.body) ? (request.body.contents ?? '') : ''));
  const candidateTokens = outcome.text ? tokens(outcome.text) : 0;
  const usageMetadata = {
    promptTokenCount: promptTokens,
    candidatesTokenCount: candidateTokens,
    totalTokenCount: promptTokens + candidateTokens,
  };
  const base = { modelVersion: request.model ?? 'gemini-fake', responseId: `fake-${serial}` };
  const ratings = [
    {
      category: 'HARM_CATEGORY_DANGEROUS_CONTENT',
      probability: outcome.finish === 'content_filter' ? 'HIGH' : 'NEGLIGIBLE',
    },
  ];
  let chunks: unknown[];
  if (outcome.promptBlocked) {
    chunks = [
      {
        ...base,
        promptFeedback: { blockReason: 'SAFETY', safetyRatings: ratings },
        usageMetadata: { promptTokenCount: promptTokens, totalTokenCount: promptTokens },
      },
    ];
  } else if (outcome.finish === 'content_filter') {
    chunks = [{ ...base, candidates: [{ index: 0, finishReason: 'SAFETY', safetyRatings: ratings }], usageMetadata }];
  } else {
    const finishReason = outcome.finish === 'length' ? 'MAX_TOKENS' : 'STOP';
    const pieces = request.stream ? chunksOf(outcome.text ?? '', pacing?.pieces) : [outcome.text ?? ''];
    chunks = pieces.map((piece, index) => {
      const last = index === pieces.length - 1;
      return {
        ...base,
        candidates: [
          {
            index: 0,
            content: { role: 'model', parts: [{ text: piece }] },
            ...(last && { finishReason, safetyRatings: ratings }),
          },
        ],
        ...(last ? { usageMetadata } : { usageMetadata: { promptTokenCount: promptTokens } }),
      };
    });
  }
  if (!request.stream) sendJson(response, 200, chunks[0]);
  else if (request.geminiSse)
    sendSse(
      response,
      chunks.map((chunk) => JSON.stringify(chunk)),
      '\r\n\r\n',
      pacing && { ...pacing, leading: 0 },
    );
  else sendJson(response, 200, chunks);
}

function replyError(response: ServerResponse, request: Incoming, reply: Extract<FakeReply, { kind: 'error' }>): void {
  const headers: Record<string, string> = {};
  if (reply.retryAfter !== undefined) headers['retry-after'] = String(reply.retryAfter);
  if (reply.retryAfterMs !== undefined) headers['retry-after-ms'] = String(reply.retryAfterMs);
  if (reply.body !== undefined) return sendJson(response, reply.status, reply.body, headers);
  if (request.protocol === 'gemini') {
    const details =
      typeof reply.retryAfter === 'number'
        ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${reply.retryAfter}s` }]
        : undefined;
    const status = GOOGLE_STATUS[reply.status] ?? (reply.status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION');
    const message = reply.message ?? `Fake Gemini error ${reply.status} (${status})`;
    sendJson(
      response,
      reply.status,
      { error: { code: reply.status, message, status, ...(details && { details }) } },
      headers,
    );
    return;
  }
  const [type, code] =
    OPENAI_ERROR_TYPE[reply.status] ?? (reply.status >= 500 ? ['server_error', null] : ['invalid_request_error', null]);
  const message = reply.message ?? `Fake OpenAI error ${reply.status}`;
  sendJson(response, reply.status, { error: { message, type, param: null, code } }, headers);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function toIncoming(request: IncomingMessage, raw: string): Incoming {
  const url = new URL(request.url ?? '/', 'http://fake.local');
  let body: unknown = raw;
  try {
    body = raw === '' ? undefined : JSON.parse(raw);
  } catch {
    body = raw;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!REDACTED_HEADERS.has(name) && value !== undefined)
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const query = Object.fromEntries([...url.searchParams].filter(([name]) => name !== 'key'));
  const gemini = GEMINI_PATH.exec(url.pathname);
  const openAi = url.pathname === '/v1/chat/completions' || url.pathname === '/chat/completions';
  const record = isRecord(body) ? body : {};
  return {
    method: request.method ?? 'GET',
    path: url.pathname,
    query,
    headers,
    body,
    protocol: gemini ? 'gemini' : openAi || url.pathname.startsWith('/v1/') ? 'openai' : 'unknown',
    model: gemini?.[2] ?? (typeof record.model === 'string' ? record.model : undefined),
    stream: gemini ? gemini[3] === 'streamGenerateContent' : record.stream === true,
    geminiSse: url.searchParams.get('alt') === 'sse',
  };
}

function isAuthorised(request: IncomingMessage, apiKey: string): boolean {
  const url = new URL(request.url ?? '/', 'http://fake.local');
  return (
    request.headers.authorization === `Bearer ${apiKey}` ||
    request.headers['x-goog-api-key'] === apiKey ||
    request.headers['api-key'] === apiKey ||
    url.searchParams.get('key') === apiKey
  );
}

/** Starts the fake provider on 127.0.0.1 (a free port unless `port` is given). */
export async function startFakeLlmServer(options: FakeLlmServerOptions = {}): Promise<FakeLlmServer> {
  const calls: RecordedCall[] = [];
  const rules: { rule: FakeRule; remaining: number }[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const models = options.models ?? ['gpt-4o-mini', 'fake-model'];
  let serial = 0;

  function takeReply(request: FakeRequest): { reply: FakeReply; latencyMs: number } {
    const index = rules.findIndex((entry) => entry.remaining > 0 && (entry.rule.match?.(request) ?? true));
    const entry = rules[index];
    if (!entry) return { reply: { kind: 'answer' }, latencyMs: options.latencyMs ?? 0 };
    entry.remaining -= 1;
    if (entry.remaining <= 0) rules.splice(index, 1);
    return { reply: entry.rule.reply, latencyMs: entry.rule.latencyMs ?? options.latencyMs ?? 0 };
  }

  function wait(milliseconds: number): Promise<void> {
    if (milliseconds <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, milliseconds);
      timers.add(timer);
    });
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const incoming = toIncoming(request, await readBody(request));
    const index = serial++;
    let settle: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => (settle = resolve));
    const isModels = incoming.method === 'GET' && /^\/(v1|v1beta)\/models$/.test(incoming.path);
    const known =
      isModels ||
      (incoming.method === 'POST' && (incoming.protocol === 'gemini' || incoming.path.endsWith('/chat/completions')));
    const authorised = options.apiKey === undefined || isAuthorised(request, options.apiKey);
    const { reply, latencyMs } = known && authorised ? takeReply(incoming) : { reply: undefined, latencyMs: 0 };
    const call: RecordedCall = {
      ...incoming,
      index,
      time: Date.now(),
      reply: !known ? 'not_found' : !authorised ? 'unauthorized' : (reply?.kind ?? 'models'),
      clientAborted: false,
      closedAt: undefined,
      closed,
    };
    calls.push(call);
    let resetByUs = false;
    response.on('close', () => {
      if (!response.writableFinished && !resetByUs) call.clientAborted = true;
      call.closedAt = Date.now();
      settle();
    });

    if (!known)
      return sendJson(response, 404, {
        error: { code: 404, message: `No route for ${incoming.method} ${incoming.path}`, status: 'NOT_FOUND' },
      });
    if (!authorised || !reply)
      return replyError(response, incoming, { kind: 'error', status: 401, message: 'Invalid API key' });
    await wait(latencyMs);
    if (response.destroyed) return;
    if (isModels && reply.kind === 'answer') {
      const created = Math.floor(Date.now() / 1000);
      if (incoming.path.startsWith('/v1beta'))
        return sendJson(response, 200, { models: models.map((name) => ({ name: `models/${name}` })) });
      return sendJson(response, 200, {
        object: 'list',
        data: models.map((id) => ({ id, object: 'model', created, owned_by: 'fake' })),
      });
    }
    switch (reply.kind) {
      case 'hang':
        return;
      case 'reset':
        resetByUs = true;
        request.socket.resetAndDestroy();
        return;
      case 'malformed':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"choices": [{"message": {"content": "unterminated');
        return;
      case 'error':
        return replyError(response, incoming, reply);
      default: {
        const outcome = toOutcome(reply, incoming);
        const pacing =
          reply.kind === 'stream' && incoming.stream
            ? {
                chunkDelayMs: reply.chunkDelayMs ?? 0,
                fault: reply.fault,
                pieces: reply.pieces ?? 3,
                wait,
                reset: () => {
                  resetByUs = true;
                  request.socket.resetAndDestroy();
                },
              }
            : undefined;
        if (incoming.protocol === 'gemini') replyGemini(response, incoming, outcome, index, pacing);
        else replyOpenAi(response, incoming, outcome, index, pacing);
      }
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: { message: String(error), type: 'server_error' } });
      else response.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    calls,
    script(rule) {
      rules.push({ rule, remaining: rule.times ?? 1 });
    },
    reset() {
      rules.length = 0;
      calls.length = 0;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closing;
    },
  };
}
