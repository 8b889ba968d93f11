import { describe, expect, it } from 'vitest';
import { parseBatchInput, toBatchInputFormat } from './batch-input.js';
import { isCliError } from './cli-error.js';
import { parseCsv } from './parse-csv.js';
import type { ProcessingFlags } from './processing-flags.js';
import { runConcurrently } from './run-concurrently.js';

const FLAGS: ProcessingFlags = { operation: 'sentiment', question: undefined, options: undefined };

describe('batch input', () => {
  it('parses quoted CSV fields with commas, doubled quotes, line breaks and CRLF', () => {
    const rows = parseCsv('text,id\r\n"Hello, ""world""\nsecond line",1\r\n\r\nplain,2\n');
    expect(rows).toEqual([
      ['text', 'id'],
      ['Hello, "world"\nsecond line', '1'],
      ['plain', '2'],
    ]);
  });

  it('reads CSV items by header name, flags filling what a row leaves out', () => {
    const items = parseBatchInput(
      'id,question,text,operation\nq1,Why?,Some text here,qa\nq2,,Other text,\n',
      'csv',
      FLAGS,
    );
    expect(items.map((item) => [item.id, item.request.operation, item.request.question ?? null])).toEqual([
      ['q1', 'qa', 'Why?'],
      ['q2', 'sentiment', null],
    ]);
  });

  it('reads JSON lines as objects or bare strings and names the line of a bad one', () => {
    const items = parseBatchInput('{"text":"One text","options":{"max_points":2}}\n\n"Two text"\n', 'jsonl', FLAGS);
    expect(items.map((item) => [item.index, item.request.text, item.request.options ?? null])).toEqual([
      [0, 'One text', { max_points: 2 }],
      [1, 'Two text', null],
    ]);
    const error = (() => {
      try {
        parseBatchInput('{"text":"ok"}\n{oops', 'jsonl', FLAGS);
      } catch (caught) {
        return caught;
      }
    })();
    expect(isCliError(error) && error.message).toBe('line 2 is not valid JSON');
  });

  it('fingerprints the request, so a changed text or operation changes it', () => {
    const [plain] = parseBatchInput('Same text\n', 'text', FLAGS);
    const [again] = parseBatchInput('Same text\n', 'text', FLAGS);
    const [otherOperation] = parseBatchInput('Same text\n', 'text', { ...FLAGS, operation: 'summarize' });
    expect(plain?.fingerprint).toBe(again?.fingerprint);
    expect(plain?.fingerprint).not.toBe(otherOperation?.fingerprint);
  });

  it('picks the format from the extension unless --format says otherwise', () => {
    expect([
      toBatchInputFormat('a.JSONL', undefined),
      toBatchInputFormat('a.csv', undefined),
      toBatchInputFormat('a.md', undefined),
    ]).toEqual(['jsonl', 'csv', 'text']);
    expect(toBatchInputFormat('a.csv', 'text')).toBe('text');
  });
});

describe('runConcurrently', () => {
  it('keeps at most the limit in flight and stops starting work after a failure', async () => {
    let inFlight = 0;
    let peak = 0;
    const started: number[] = [];
    const run = runConcurrently([1, 2, 3, 4, 5, 6], 2, async (item) => {
      started.push(item);
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      if (item === 2) throw new Error('chunk 2 failed');
    });
    await expect(run).rejects.toThrow('chunk 2 failed');
    expect(peak).toBe(2);
    expect(started).toEqual([1, 2, 3]);
  });
});
