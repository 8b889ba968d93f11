/**
 * The baseline of the miss scenario: the least a service can do per miss while calling the
 * provider through its real SDK. A bare `node:http` listener reads the JSON body, sends its `text`
 * to the provider with the OpenAI SDK over the same transport the service uses
 * (`createHttpFetch`), and answers with the model's text as JSON — no validation, security,
 * cache, resilience, logging or metrics. The service's CPU per miss over this one's is what our
 * own code costs; this one's CPU per miss bounds the misses per second any SDK-based service
 * serves on a core. `sdk-proxy-server.ts` runs it as a process; `miss-profile.ts` in-process.
 */
import type { RequestListener } from 'node:http';
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

  const listener: RequestListener = (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      // A body that is not the expected JSON fails this request (502), not the process.
      Promise.resolve()
        .then(() => summarize((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text: string }).text))
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
