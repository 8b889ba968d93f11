import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp, type TestApp } from './test-app.js';

export interface ListeningTestApp extends TestApp {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  close(): Promise<void>;
}

/** The real app (see `createTestApp`) listening on a free loopback port, for clients over real HTTP. */
export async function listenTestApp(env: Record<string, string> = {}): Promise<ListeningTestApp> {
  const testApp = await createTestApp(env);
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = createServer(testApp.app).listen(0, '127.0.0.1', () => resolve(listening));
    listening.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    ...testApp,
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await testApp.deps.close();
    },
  };
}
