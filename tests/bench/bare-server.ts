/**
 * The baseline of the throughput scenarios: a bare `node:http` server that reads the request body
 * and answers with exactly the status, headers and body the service sent for the same request
 * (captured once per run), so the ratio measures everything the service does beyond HTTP itself.
 * Run: `node --import tsx tests/bench/bare-server.ts <port> <response.json>`.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

export interface CapturedResponse {
  readonly status: number;
  /** Header name → value, in the order the service sent them (minus `Date`, `Connection`, `Keep-Alive`). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const port = Number(process.argv[2] ?? 0);
const captured = JSON.parse(readFileSync(process.argv[3] ?? '', 'utf8')) as CapturedResponse;
const headers = Object.entries(captured.headers);
const body = Buffer.from(captured.body, 'utf8');

const server = createServer((request, response) => {
  request.on('data', () => undefined);
  request.on('end', () => {
    response.statusCode = captured.status;
    for (const [name, value] of headers) response.setHeader(name, value);
    response.end(body);
  });
});
server.keepAliveTimeout = 5000;
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
