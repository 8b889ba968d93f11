/**
 * The SDK-only proxy of `sdk-proxy.ts` as a process, the baseline of the miss scenario.
 * Run: `node --import tsx tests/bench/sdk-proxy-server.ts <port> <provider base URL>`.
 */
import { createServer } from 'node:http';
import { createSdkProxy } from './sdk-proxy.js';

const port = Number(process.argv[2] ?? 0);
const proxy = createSdkProxy(process.argv[3] ?? 'http://127.0.0.1:8089/v1');
const server = createServer(proxy.listener);
server.keepAliveTimeout = 5000;
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : port}\n`);
});
process.on('SIGTERM', () => {
  server.close(() => void proxy.close().finally(() => process.exit(0)));
});
