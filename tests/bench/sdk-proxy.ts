/**
 * The baseline of the miss scenario: the least a service can do per miss while calling the
 * provider through its real SDK. A bare `node:http` listener reads the JSON body, sends its `text`
 * to the provider with the OpenAI SDK over the same transport the service uses
 * (`createHttpFetch`), and answers with the model's text as JSON — no validation, security,
 * cache, resilience, logging or metrics. The service's CPU per miss over this one's is what our
 * own code costs; this one's CPU per miss bounds the misses per second any SDK-based service
 * serves on a core. `sdk-proxy-server.ts` runs it as a process; `miss-profile.ts` in-process.
 * With `Accept: text/event-stream` it streams instead (`stream: true`), writing each text delta as
 * a Server-Sent Event the moment the SDK yields it: the floor of the streaming scenario.
 */
import type { RequestListener, ServerResponse } from 'node:http';
import OpenAI from 'openai';
import { createHttpFetch } from '../../infra/ai/http-fetch.js';

export interface SdkProxy {
  readonly listener: RequestListener;
  close(): Promise<void>;
}

export function createSdkProxy(providerBaseUrl: string): SdkProxy {
  const transport = createHttpFetch({ connections: 2048 });
  const client = new OpenAI({
    apiKey: 'fake-provider-key',
    baseURL: providerBaseUrl,
    maxRetries: 0,
    fetch: transport,
  });

  async function summarize(text: string): Promise<string> {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      max_tokens: 400,
      messages: [
        { role: 'system', content: 'Summarize the text in at most 100 words.' },
        { role: 'user', content: text },
      ],
    });
    return completion.choices[0]?.message.content ?? '';
  }

  async function streamSummary(text: string, response: ServerResponse): Promise<void> {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      max_tokens: 400,
      stream: true,
      messages: [
        { role: 'system', content: 'Summarize the text in at most 100 words.' },
        { role: 'user', content: text },
      ],
    });
    response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta.content;
      if (delta) response.write(`event: delta\ndata: ${JSON.stringify({ text: delta })}\n\n`);
    }
    response.end('event: result\ndata: {}\n\n');
  }

  const listener: RequestListener = (request, response) => {
    const chunks: Buffer[] = [];
    const streamed = /\btext\/event-stream\b/.test(request.headers.accept ?? '');
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = () => (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text: string }).text;
      if (streamed) {
        Promise.resolve()
          .then(() => streamSummary(text(), response))
          .catch((error: unknown) => {
            if (response.headersSent) response.destroy();
            else response.writeHead(502).end(JSON.stringify({ error: String(error) }));
          });
        return;
      }
      // A body that is not the expected JSON fails this request (502), not the process.
      Promise.resolve()
        .then(() => summarize(text()))
        .then(
          (result) => {
            response.setHeader('Content-Type', 'application/json');
            response.end(JSON.stringify({ success: true, operation: 'summarize', result }));
          },
          (error: unknown) => {
            response.statusCode = 502;
            response.end(JSON.stringify({ error: String(error) }));
          },
        );
    });
  };
  return { listener, close: () => transport.close() };
}
