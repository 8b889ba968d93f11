/**
 * The fake OpenAI/Gemini server (`tests/fakes/fake-llm-server.ts`) as a child process of the
 * bench runner, so that its work does not share the service's core: started with a fixed latency
 * (`argv[2]`, ms), it reports its URL and, on request, how many provider calls it received.
 */
import { startFakeLlmServer } from '../fakes/fake-llm-server.js';

const server = await startFakeLlmServer({ latencyMs: Number(process.argv[2] ?? 0) });

process.on('message', (message: { type?: string }) => {
  if (message.type === 'calls') process.send?.({ type: 'calls', count: server.calls.length });
  else if (message.type === 'reset') {
    server.reset();
    process.send?.({ type: 'reset' });
  }
});
process.on('disconnect', () => {
  void server.close().finally(() => process.exit(0));
});
process.on('SIGTERM', () => {
  void server.close().finally(() => process.exit(0));
});
process.send?.({ type: 'ready', url: server.url });
