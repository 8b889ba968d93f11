import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CacheStatusSchema } from '../../domain/cache-schemas.js';
import { createCacheStack, type CacheStack } from '../../infra/cache/cache-stack.js';
import { createRedisProcess, freePort, type RedisProcess } from '../fakes/redis-process.js';

const run = promisify(execFile);
const namespace = 'test_cluster:v1';
const key = (operation: string, id: string | number) => `${namespace}:${operation}:${id}`;

/** A three-master Redis Cluster of private processes. */
describe('createCacheStack on Redis Cluster', () => {
  let directory: string;
  let nodes: RedisProcess[] = [];
  let clients: Redis[] = [];
  const stacks: CacheStack[] = [];

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'cache-cluster-'));
    const ports = [await freePort(), await freePort(), await freePort()];
    nodes = await Promise.all(
      ports.map((port) =>
        createRedisProcess(port, [
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          join(directory, `nodes-${port}.conf`),
          '--cluster-node-timeout',
          '2000',
          '--dir',
          directory,
        ]),
      ),
    );
    await Promise.all(nodes.map((node) => node.start()));
    await run('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((port) => `127.0.0.1:${port}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    clients = ports.map((port) => new Redis({ port, host: '127.0.0.1' }));
    await vi.waitFor(
      async () => {
        for (const client of clients) expect(await client.cluster('INFO')).toContain('cluster_state:ok');
      },
      { timeout: 10_000, interval: 100 },
    );
  }, 20_000);

  afterAll(async () => {
    await Promise.all(stacks.map((stack) => stack.close()));
    for (const client of clients) client.disconnect();
    await Promise.all(nodes.map((node) => node.stop()));
    await rm(directory, { recursive: true, force: true });
  });

  function createStack(): CacheStack {
    const stack = createCacheStack({
      memoryMaxEntries: 1000,
      memoryMaxBytes: 1_000_000,
      now: () => Date.now(),
      clusterNodes: [`127.0.0.1:${nodes[0]!.port}`],
      namespace,
      commandTimeoutMs: 500,
    });
    stacks.push(stack);
    return stack;
  }

  async function healthy(stack: CacheStack) {
    const check = stack.healthChecks.find((candidate) => candidate.name === 'cache:redis')!;
    await vi.waitFor(async () => expect((await check.run(new AbortController().signal)).status).toBe('healthy'), {
      timeout: 5000,
      interval: 50,
    });
  }

  it('shares values across instances, invalidates on every master and tells the other instances', async () => {
    const a = createStack();
    const b = createStack();
    await healthy(a);
    await healthy(b);
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (let index = 0; index < 30; index += 1) await a.cache.set(key('summarize', index), index, 60);
    for (let index = 0; index < 10; index += 1) await a.cache.set(key('qa', index), index, 60);

    const perNode = await Promise.all(clients.map((client) => client.dbsize()));
    expect(perNode.filter((count) => count > 0).length).toBeGreaterThanOrEqual(2);
    expect(perNode.reduce((sum, count) => sum + count, 0)).toBe(40);

    expect(await b.cache.get(key('summarize', 3))).toBe(3);
    const status = CacheStatusSchema.parse(await b.admin.status());
    expect(status.tiers.redis).toMatchObject({
      status: 'connected',
      mode: 'cluster',
      keys: 40,
      keys_by_operation: { summarize: 30, qa: 10 },
    });

    expect(await a.admin.invalidate({ operation: 'summarize', context: 'test' })).toBe(30);
    expect((await Promise.all(clients.map((client) => client.dbsize()))).reduce((sum, count) => sum + count, 0)).toBe(
      10,
    );
    await vi.waitFor(async () => expect((await b.admin.status()).tiers.memory.entries).toBe(0), { timeout: 2000 });
    expect(await b.cache.get(key('summarize', 3))).toBeUndefined();
    expect(await b.cache.get(key('qa', 3))).toBe(3);

    expect(await a.admin.invalidate({ pattern: '*', context: 'test' })).toBe(10);
  }, 15_000);
});
