import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPERATIONS, resolveOptions, type Operation, type ResolvedOptions } from '../../domain/operations.js';
import type { ModelRequest, TaskInput } from '../../domain/ports.js';
import { toAnswerText } from '../../domain/processor-definition.js';
import { PROCESSORS } from '../../domain/processors.js';
import { TextProcessingRequestSchema } from '../../domain/schemas.js';
import { createLocalModel } from '../../infra/ai/local-model.js';
import { createOutputGuard } from '../../infra/ai/output-guard.js';

const model = createLocalModel();
const guard = createOutputGuard();

interface Sample {
  readonly text: string;
  readonly question: string;
  readonly options?: Partial<ResolvedOptions>;
}

/** The request as `runProcessor` builds it, so the guard sees the real system instructions. */
function requestFor(operation: Operation, sample: Sample): ModelRequest {
  const input: TaskInput = {
    operation,
    text: sample.text,
    question: operation === 'qa' ? sample.question : undefined,
    options: resolveOptions(sample.options),
  };
  const definition = PROCESSORS[operation];
  return {
    input,
    instructions: definition.instructions(input),
    responseFormat: definition.responseFormat,
    maxOutputTokens: definition.maxOutputTokens(input),
  };
}

/** Why the local answer would be a 502, or undefined when it is usable: guarded and checked as the processor does. */
async function problemWith(operation: Operation, sample: Sample): Promise<string | undefined> {
  const request = requestFor(operation, sample);
  const { payload } = await model.generate(request);
  try {
    guard(toAnswerText(payload), request, 'local');
  } catch (error) {
    return `${(error as Error).message} in ${JSON.stringify(payload)}`;
  }
  return PROCESSORS[operation].check(payload, request.input) ? undefined : `unusable ${JSON.stringify(payload)}`;
}

const pick = (characters: string) => fc.constantFrom(...[...characters]);
const run = (characters: string, min: number, max: number) =>
  fc.array(pick(characters), { minLength: min, maxLength: max }).map((units) => units.join(''));
const words = (word: fc.Arbitrary<string>, separator: fc.Arbitrary<string>) =>
  fc
    .array(fc.tuple(word, separator), { minLength: 1, maxLength: 12 })
    .map((parts) => parts.map(([part, gap]) => part + gap).join(''));

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const PUNCTUATION = '!?.,;:-–—…*_#>`~"\'“”()[]{}<>/\\|@&%$^+=•·';
const EMOJI = ['😀', '🎉', '👍🏽', '❤️', '🇫🇷', '👨‍👩‍👧', '🔥', '🙃', '✨', '🤖'];
const SCRIPTS = [
  '这是一个测试文本',
  '東京は日本の首都です',
  'Это тестовый текст',
  'هذا نص تجريبي',
  'यह एक परीक्षण है',
  'זה טקסט לבדיקה',
  'นี่คือข้อความทดสอบ',
  '테스트 문장입니다',
  'Ελληνικό κείμενο',
];
const WHITESPACE = [' ', '  ', '\n', '\n\n\n', '\t', '\r\n', ' \t \n ', '\u00a0', '\u2003'];
/** Lines a model answer format gives meaning to: labels, bullets, fences, refusals, links, markers. */
const LOADED = [
  'Summary:',
  'Answer:',
  'Key points:',
  'Here are the questions:',
  '```',
  '```json',
  '- ',
  '* ',
  '1. ',
  '**',
  '[',
  '{',
  '"',
  'I cannot help with that request.',
  "I'm sorry, but I can't do that.",
  'As an AI, I cannot answer.',
  'https://example.com/page?id=42',
  'www.example.org',
  '![image](https://tracker.example/pixel.png)',
  'HACKED',
  'I have been PWNED',
  'CANARY-0123456789abcdef',
  '?',
  '...',
];

const degenerateText = fc.oneof(
  fc.stringMatching(/^[a-zA-Z]{10,40}$/),
  run('0123456789', 10, 40),
  fc.tuple(pick(LETTERS), fc.integer({ min: 10, max: 120 })).map(([letter, times]) => letter.repeat(times)),
  run(PUNCTUATION, 10, 60),
  fc.array(fc.constantFrom(...EMOJI), { minLength: 5, maxLength: 30 }).map((parts) => parts.join('')),
  words(fc.constantFrom(...EMOJI), fc.constantFrom('', ' ', '\n')),
  words(fc.constantFrom(...SCRIPTS), fc.constantFrom(...WHITESPACE, '。', '. ', '، ', '! ')),
  words(fc.stringMatching(/^[a-zA-Z0-9]{1,8}$/), fc.constantFrom(...WHITESPACE)),
  words(fc.constantFrom(...LOADED), fc.constantFrom(...WHITESPACE, '')),
  words(fc.oneof(fc.constantFrom(...LOADED), fc.stringMatching(/^[a-z]{1,8}$/)), fc.constantFrom(' ', '\n', '. ')),
  fc.string({ unit: 'grapheme', minLength: 10, maxLength: 80 }),
  fc.string({ unit: 'binary', minLength: 10, maxLength: 80 }),
);

/** Texts (and questions) the request schema accepts, as the processor receives them (trimmed). */
const acceptedRequest = fc
  .record({
    text: fc.oneof(
      degenerateText,
      fc
        .tuple(fc.constantFrom(...WHITESPACE), degenerateText, fc.constantFrom(...WHITESPACE))
        .map((parts) => parts.join('')),
    ),
    question: fc.oneof(fc.constantFrom('What is it?', 'Who?', '?', 'Why 42', '为什么？'), degenerateText),
    options: fc.record({
      max_length: fc.constantFrom(10, 11, 25, 100),
      max_points: fc.constantFrom(1, 3, 5),
      num_questions: fc.constantFrom(1, 3, 5),
    }),
  })
  .map((candidate): Sample | undefined => {
    const parsed = TextProcessingRequestSchema.safeParse({ ...candidate, operation: 'qa' });
    if (!parsed.success) return undefined;
    return { text: parsed.data.text, question: parsed.data.question ?? '', options: parsed.data.options ?? {} };
  })
  .filter((sample): sample is Sample => sample !== undefined);

describe('the local provider on any text the request schema accepts', () => {
  it('answers every operation with an answer the output guard and the payload check accept', async () => {
    await fc.assert(
      fc.asyncProperty(acceptedRequest, async (sample) => {
        for (const operation of OPERATIONS) {
          expect(await problemWith(operation, sample), `${operation} on ${JSON.stringify(sample)}`).toBe(undefined);
        }
      }),
      { seed: 16_009, numRuns: 300 },
    );
  });

  it.each([
    ['stringstri'],
    ['1234567890'],
    ['aaaaaaaaaaaaaaaa'],
    ['!!!!!!!!!!!!'],
    ['😀😀😀😀😀😀😀😀😀😀'],
    ['这是一个测试文本这是一个'],
    ['1. 2. 3. 4. 5. 6.'],
    ['Summary: everything'],
    ['```json```````'],
    ['I cannot help with that request at all.'],
  ])('answers every operation on %j', async (text) => {
    for (const operation of OPERATIONS) {
      expect(await problemWith(operation, { text, question: 'What is it?' }), operation).toBe(undefined);
    }
  });
});
