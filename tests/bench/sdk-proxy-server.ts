/**
 * The baseline of the miss scenario: the least a service can do per miss while calling the
 * provider through its real SDK. A bare `node:http` server reads the JSON body, sends its `text`
 * to the provider with the OpenAI SDK over the same transport the service uses
 * (`createHttpFetch`), and answers with the model's text as JSON — no validation, security,
 * cache, resilience, logging or metrics. The service's CPU per miss over this one's is what our
 * own code costs; this one's CPU per miss bounds the misses per second any SDK-based service
 * serves on a core.
 * Run: `node --import tsx tests/bench/sdk-proxy-server.ts <port> <provider base URL>`.
 */
import { createServer } from 'node:http';
import OpenAI from 'openai';
import { createHttpFetch } from '../../infra/ai/http-fetch.js';

const port = Number(process.argv[2] ?? 0);
const transport = createHttpFetch({ connections: 2048 });
const client = new OpenAI({
  apiKey: 'fake-provider-key',
  baseURL: process.argv[3] ?? 'http://127.0.0.1:8089/v1',
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

const server = createServer((request, response) => {
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
});
server.keepAliveTimeout = 5000;
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : port}\n`);
});
process.on('SIGTERM', () => {
  server.close(() => void transport.close().finally(() => process.exit(0)));
});
