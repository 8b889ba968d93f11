import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/** A namespace no other test file uses, so files can run in parallel against one Redis. */
export function testNamespace(label: string): string {
  return `test_${label}_${randomUUID().slice(0, 8)}:v1`;
}

export const SHARED_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A plain client for assertions on what is really in Redis. */
export function createInspector(url: string = SHARED_REDIS_URL): Redis {
  return new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1 });
}

/** Keys under the namespace (SCAN). */
export async function keysOf(client: Redis, namespace: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found.sort();
}

/** Removes every key of the namespace. */
export async function removeNamespace(client: Redis, namespace: string): Promise<void> {
  const keys = await keysOf(client, namespace);
  if (keys.length > 0) await client.unlink(...keys);
}
