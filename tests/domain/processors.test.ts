import { describe, expect, it } from 'vitest';
import { resolveOptions, type Operation } from '../../domain/operations.js';
import type { TaskInput } from '../../domain/ports.js';
import { toAnswerText, type Payload } from '../../domain/processor-definition.js';
import { PROCESSORS } from '../../domain/processors.js';

const input = (operation: Operation, options = {}): TaskInput => ({
  operation,
  text: 'A text that is long enough to process.',
  options: resolveOptions(options),
});

describe('processor definitions', () => {
  it('asks for the requested summary length and keeps a prose answer', () => {
    const definition = PROCESSORS.summarize;
    expect(definition.instructions(input('summarize', { max_length: 42 })).task).toContain('42 words');
    expect(definition.parse('Summary: Cats sleep a lot.', input('summarize'))).toEqual({ result: 'Cats sleep a lot.' });
    expect(definition.parse('   ', input('summarize'))).toBeUndefined();
  });

  it('validates sentiment labels and confidence instead of defaulting to neutral', () => {
    const definition = PROCESSORS.sentiment;
    expect(definition.responseFormat).toBe('json');
    expect(
      definition.parse('{"sentiment":"Positive","confidence":"0.8","explanation":"good"}', input('sentiment')),
    ).toEqual({
      sentiment: { sentiment: 'positive', confidence: 0.8, explanation: 'good' },
    });
    expect(
      definition.parse('{"sentiment":"happy","confidence":0.8,"explanation":"x"}', input('sentiment')),
    ).toBeUndefined();
    expect(
      definition.parse('{"sentiment":"positive","confidence":3,"explanation":"x"}', input('sentiment')),
    ).toBeUndefined();
    expect(definition.parse('I think it is positive', input('sentiment'))).toBeUndefined();
  });

  it('honours max_points and num_questions', () => {
    const points = PROCESSORS.key_points.parse('- a\n- b\n- c\n- d', input('key_points', { max_points: 2 }));
    expect(points).toEqual({ key_points: ['a', 'b'] });
    const questions = PROCESSORS.questions.parse(
      '1. Why? Because.\n2. How?\n3. Statement without mark\n4. When?',
      input('questions', { num_questions: 2 }),
    );
    expect(questions).toEqual({ questions: ['Why?', 'How?'] });
  });

  it('rejects list answers with no usable item', () => {
    expect(PROCESSORS.key_points.parse('', input('key_points'))).toBeUndefined();
    expect(PROCESSORS.questions.parse('- no questions here', input('questions'))).toBeUndefined();
  });

  it('keeps a plain QA answer', () => {
    expect(PROCESSORS.qa.parse('Answer: Paris.', input('qa'))).toEqual({ result: 'Paris.' });
  });

  it.each<[Operation, Payload]>([
    ['summarize', { result: 'Summary: Cats sleep a lot.' }],
    ['summarize', { result: 'Cats' }],
    ['sentiment', { sentiment: { sentiment: 'negative', confidence: 0.75, explanation: 'Cues ("bad").' } }],
    ['sentiment', { sentiment: { sentiment: 'positive', confidence: 3, explanation: 'x' } }],
    ['key_points', { key_points: ['"Quoted."', '**Bold.**', 'quoted.', 'Quoted.', ' ', 'Six.', 'Seven.'] }],
    ['key_points', { key_points: [] }],
    ['questions', { questions: ['Why? Because.', 'No mark', 'How?'] }],
    ['qa', { result: 'Answer: Paris.' }],
    ['qa', { result: '' }],
  ])('checks a %s payload by the rules it reads the same answer written as text with', (operation, payload) => {
    const definition = PROCESSORS[operation];
    const options = { max_points: 3, num_questions: 3 };
    expect(definition.check(payload, input(operation, options))).toEqual(
      definition.parse(toAnswerText(payload), input(operation, options)),
    );
  });

  it("rejects a payload without the operation's field", () => {
    expect(PROCESSORS.summarize.check({ key_points: ['A point.'] }, input('summarize'))).toBeUndefined();
    expect(PROCESSORS.key_points.check({ result: 'Some prose here.' }, input('key_points'))).toBeUndefined();
    expect(PROCESSORS.sentiment.check({}, input('sentiment'))).toBeUndefined();
  });
});
