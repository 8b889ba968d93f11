/**
 * Compares gzip and brotli levels on realistic cached values (single responses and batch outcomes
 * of 1–20 KB). Run: `npx tsx tests/bench/cache-compression.ts`.
 */
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import type { TextProcessingResponse } from '../../domain/schemas.js';
import { SAMPLE_TEXTS } from '../../clients/playground/sample-texts.js';

/** Unique prose with the corpus's word statistics (a seeded bigram chain), so that batch items
 * do not repeat each other verbatim the way copies of the five samples would. */
function createProse(seed: number) {
  const words = SAMPLE_TEXTS.flatMap((sample) => sample.text.split(/\s+/).filter(Boolean));
  const next = new Map<string, string[]>();
  words.forEach((word, index) => {
    const following = words[index + 1];
    if (following !== undefined) next.set(word, [...(next.get(word) ?? []), following]);
  });
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  return (count: number): string => {
    let word = words[Math.floor(random() * words.length)]!;
    const out = [word];
    while (out.length < count) {
      const options = next.get(word) ?? words;
      word = options[Math.floor(random() * options.length)]!;
      out.push(word);
    }
    return out.join(' ');
  };
}

function sentences(index: number, count: number, words: number): string[] {
  const prose = createProse(index + 1);
  return Array.from({ length: count }, () => `${prose(words)}.`);
}

function response(index: number): TextProcessingResponse {
  const sample = SAMPLE_TEXTS[index % SAMPLE_TEXTS.length]!;
  const parts = sentences(index, 6, 22);
  const operation = (['summarize', 'key_points', 'questions', 'sentiment', 'qa'] as const)[index % 5]!;
  return {
    operation,
    success: true,
    result: operation === 'summarize' || operation === 'qa' ? parts.slice(0, 4).join(' ') : null,
    sentiment:
      operation === 'sentiment'
        ? { sentiment: 'positive', confidence: 0.87, explanation: parts.slice(0, 2).join(' ') }
        : null,
    key_points: operation === 'key_points' ? parts.slice(0, 6) : null,
    questions: operation === 'questions' ? parts.slice(0, 5).map((sentence) => `Why ${sentence.toLowerCase()}?`) : null,
    metadata: {
      word_count: sample.text.split(/\s+/).length,
      provider: 'openai',
      model: 'gpt-4o-mini',
      attempts: 1,
      degraded: false,
      fallback_used: false,
      usage: { input_tokens: 412 + index, output_tokens: 96 + index, total_tokens: 508 + 2 * index },
    },
    processing_time: 1.234 + index / 1000,
    timestamp: new Date(Date.UTC(2026, 0, 1, 12, 0, index)).toISOString(),
    cache_hit: false,
  };
}

function batch(items: number) {
  return {
    batch_id: `batch_1767225600_${items.toString(16).padStart(6, '0')}`,
    total_requests: items,
    completed: items,
    failed: 0,
    results: Array.from({ length: items }, (_, index) => ({
      request_index: index,
      status: 'completed',
      response: response(index),
      error: null,
    })),
    total_processing_time: 4.2,
    timestamp: '2026-01-01T12:00:00.000Z',
  };
}

const values = [response(0), response(2), batch(2), batch(4), batch(8), batch(16)].map((value) =>
  Buffer.from(JSON.stringify(value)),
);

const codecs: Record<string, { compress: (input: Buffer) => Buffer; decompress: (input: Buffer) => Buffer }> = {
  'gzip 1': { compress: (input) => gzipSync(input, { level: 1 }), decompress: gunzipSync },
  'gzip 6 (default)': { compress: (input) => gzipSync(input, { level: 6 }), decompress: gunzipSync },
  ...Object.fromEntries(
    [1, 4, 5, 6, 11].map((quality) => [
      `brotli q${quality}${quality === 11 ? ' (default)' : ''}`,
      {
        compress: (input: Buffer) =>
          brotliCompressSync(input, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: quality,
              [constants.BROTLI_PARAM_SIZE_HINT]: input.length,
              [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            },
          }),
        decompress: (input: Buffer) => brotliDecompressSync(input),
      },
    ]),
  ),
};

function time(work: () => void, iterations: number): number {
  for (let index = 0; index < Math.min(50, iterations); index += 1) work();
  const started = process.hrtime.bigint();
  for (let index = 0; index < iterations; index += 1) work();
  return Number(process.hrtime.bigint() - started) / 1e6 / iterations;
}

console.log(`sizes (bytes): ${values.map((value) => value.length).join(', ')}`);
console.log('codec              | size   | ratio  | compress ms | decompress ms');
for (const [name, codec] of Object.entries(codecs)) {
  for (const value of values) {
    const iterations = name.includes('q11') ? 40 : 400;
    const compressed = codec.compress(value);
    const compressMs = time(() => codec.compress(value), iterations);
    const decompressMs = time(() => codec.decompress(compressed), iterations);
    console.log(
      `${name.padEnd(18)} | ${String(value.length).padStart(6)} | ${(value.length / compressed.length).toFixed(2).padStart(6)} | ${compressMs.toFixed(4).padStart(11)} | ${decompressMs.toFixed(4).padStart(13)}`,
    );
  }
}
