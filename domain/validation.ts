import type { z } from 'zod';
import { ValidationError, type FieldIssue } from './errors.js';

const TYPE_WORDS: Readonly<Record<string, string>> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  record: 'an object',
};

/** zod's own English messages start like this; messages our schemas wrote stay as they are. */
const ZOD_DEFAULT =
  /^(Invalid input|Invalid option|Too small|Too big|Unrecognized keys?|Invalid (string|number|key|element|value)\b)/;

/**
 * An issue's message in the API's words, naming the field (`max_length must be a number`): zod's
 * default messages (`Invalid input: expected number, received NaN`) are rewritten; a message a
 * schema set itself is kept.
 */
export function toIssueMessage(issue: z.core.$ZodIssue): string {
  if (!ZOD_DEFAULT.test(issue.message)) return issue.message;
  const named = issue.path.filter((segment) => typeof segment === 'string');
  const subject = named.length > 0 ? String(named[named.length - 1]) : 'The request body';
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined$/.test(issue.message)) return `${subject} is required`;
      return `${subject} must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `${subject} must be ${String(issue.values[0])}`
        : `${subject} must be one of ${issue.values.map(String).join(', ')}`;
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const inclusive = issue.inclusive !== false;
      const comparison =
        issue.code === 'too_small' ? (inclusive ? 'at least' : 'more than') : inclusive ? 'at most' : 'less than';
      const plural = Number(bound) === 1 ? '' : 's';
      const unit =
        issue.origin === 'string'
          ? ` character${plural}`
          : issue.origin === 'array' || issue.origin === 'set'
            ? ` item${plural}`
            : '';
      return `${subject} must be ${comparison} ${String(bound)}${unit}`;
    }
    case 'unrecognized_keys':
      return `Unknown ${issue.keys.length === 1 ? 'field' : 'fields'}: ${issue.keys.join(', ')}`;
    case 'invalid_format':
      return `${subject} must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `${subject} must be a multiple of ${String(issue.divisor)}`;
    default:
      return `${subject} is not valid`;
  }
}

/** Field issues of a zod error, with dotted paths (`requests.3.text`) and plain messages. */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : '(body)',
    message: toIssueMessage(issue),
  }));
}

/** A `ValidationError` whose message names the first problem and whose details list them all. */
export function toValidationError(error: z.ZodError, status: 400 | 422 = 422): ValidationError {
  const issues = toFieldIssues(error);
  const first = issues[0];
  const summary = first ? `Invalid request data: ${first.field}: ${first.message}` : 'Invalid request data';
  return new ValidationError(summary, issues, { status, cause: error });
}
