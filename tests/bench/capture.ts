/** One call over plain node:http, keeping the response headers in the order they were sent. */
import { request } from 'node:http';
import type { CapturedResponse } from './bare-server.js';
import type { HttpCall } from './load.js';

const PER_CONNECTION = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

export function capture(origin: string, call: HttpCall): Promise<CapturedResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${origin}${call.path}`, { method: call.method, headers: call.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const headers: Record<string, string> = {};
        for (let index = 0; index + 1 < response.rawHeaders.length; index += 2) {
          const name = response.rawHeaders[index] ?? '';
          if (!PER_CONNECTION.has(name.toLowerCase())) headers[name] = response.rawHeaders[index + 1] ?? '';
        }
        resolve({ status: response.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
      });
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(call.body);
  });
}
