import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { TextProcessingRequestSchema } from '../../domain/schemas.js';
import { toFieldIssues, toValidationError } from '../../domain/validation.js';

function issuesOf(schema: z.ZodType, input: unknown) {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error('expected a validation failure');
  return toFieldIssues(parsed.error);
}

describe('toFieldIssues', () => {
  it.each([
    [{ max_length: 'abc' }, 'max_length must be a number'],
    [{ max_length: Number.NaN }, 'max_length must be a number'],
    [{ max_length: 5 }, 'max_length must be at least 10'],
    [{ max_length: 10.5 }, 'max_length must be a whole number'],
  ])('words option %j as "%s"', (options, message) => {
    const issues = issuesOf(TextProcessingRequestSchema, {
      text: 'A long enough text.',
      operation: 'summarize',
      options,
    });
    expect(issues).toEqual([{ field: 'options.max_length', message }]);
  });

  it("rewrites zod's default messages and keeps the ones a schema wrote", () => {
    const schema = z.strictObject({
      name: z.string().min(3),
      kind: z.enum(['a', 'b']),
      mode: z.literal('x'),
      tags: z.array(z.string()).max(1),
      flag: z.boolean(),
      own: z.number().min(5, 'own needs five'),
    });
    const issues = issuesOf(schema, { name: 'ab', kind: 'c', mode: 'y', tags: ['1', '2'], own: 1, extra: 1 });
    expect(issues).toEqual([
      { field: 'name', message: 'name must be at least 3 characters' },
      { field: 'kind', message: 'kind must be one of a, b' },
      { field: 'mode', message: 'mode must be x' },
      { field: 'tags', message: 'tags must be at most 1 item' },
      { field: 'flag', message: 'flag is required' },
      { field: 'own', message: 'own needs five' },
      { field: '(body)', message: 'Unknown field: extra' },
    ]);
    expect(issuesOf(schema, 'text')).toEqual([{ field: '(body)', message: 'The request body must be an object' }]);
  });

  it('summarises the first issue in the reference form', () => {
    const parsed = TextProcessingRequestSchema.safeParse({ text: 'A long enough text.', operation: 'translate' });
    if (parsed.success) throw new Error('expected a validation failure');
    const error = toValidationError(parsed.error);
    expect(error.message).toBe(
      'Invalid request data: operation: operation must be one of summarize, sentiment, key_points, questions, qa',
    );
    expect(error.status).toBe(422);
  });
});
