/**
 * Runs the fake LLM server alone: `npx tsx tests/fakes/run-fake-llm.ts [port]` (or `PORT=...`).
 * Point the service at it with `OPENAI_BASE_URL=<url>/v1` or the Gemini adapter's `baseUrl`.
 * `LATENCY_MS` adds a delay to every answer; `FAKE_LLM_API_KEY` makes it refuse other keys (401).
 */
import { startFakeLlmServer } from './fake-llm-server.js';

const port = Number(process.argv[2] ?? process.env.PORT ?? 8089);
const latencyMs = Number(process.env.LATENCY_MS ?? 0);
// With FAKE_LLM_API_KEY set, calls without that key get the provider's 401 (invalid-key tests).
const apiKey = process.env.FAKE_LLM_API_KEY || undefined;
const server = await startFakeLlmServer({ port, latencyMs, apiKey, host: process.env.HOST ?? '127.0.0.1' });
console.log(`Fake LLM server listening on ${server.url}`);
console.log(`  OpenAI-compatible: OPENAI_BASE_URL=${server.url}/v1`);
console.log(`  Gemini: baseUrl ${server.url} (POST /v1beta/models/{model}:generateContent)`);

function shutdown(): void {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
