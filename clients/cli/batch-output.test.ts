import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openBatchOutput, type BatchOutputRecord } from './batch-output.js';

const record = (index: number, status: 'completed' | 'failed'): BatchOutputRecord => ({
  index,
  fingerprint: `f${index}`,
  status,
});

const indicesIn = async (path: string) =>
  (await readFile(path, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as BatchOutputRecord).index);

describe('openBatchOutput', () => {
  let directory: string;
  let path: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'batch-output-'));
    path = join(directory, 'results.jsonl');
  });
  afterEach(async () => rm(directory, { recursive: true, force: true }));

  it('reads the latest line of each item and ignores a line cut short', async () => {
    const lines = [record(0, 'completed'), record(1, 'failed'), record(1, 'completed')].map((line) =>
      JSON.stringify(line),
    );
    await writeFile(path, `${lines.join('\n')}\n{"index":2,"fing`);
    const output = await openBatchOutput(path);
    expect([...output.records.values()]).toEqual([record(0, 'completed'), record(1, 'completed')]);
  });

  it('removes the retried items so their new lines replace the old ones, keeping the others in order', async () => {
    const lines = [record(0, 'failed'), record(1, 'completed'), record(2, 'failed'), record(1, 'completed')];
    await writeFile(path, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n{"index":3,"fing`);
    const output = await openBatchOutput(path);
    await output.remove(new Set([0, 2]));
    expect(await indicesIn(path)).toEqual([1]);
    await output.append([record(2, 'failed'), record(0, 'completed')]);
    expect(await indicesIn(path)).toEqual([1, 2, 0]);
    expect(output.records.get(0)?.status).toBe('completed');
    expect(await readdir(directory)).toEqual(['results.jsonl']);
  });

  it('leaves the file alone when none of the items is in it', async () => {
    const output = await openBatchOutput(path);
    await output.remove(new Set([0]));
    await expect(readFile(path, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
