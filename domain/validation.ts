import type { z } from 'zod';
import { ValidationError, type FieldIssue } from './errors.js';

/** Field issues of a zod error, with dotted paths (`requests.3.text`). */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : '(body)',
    message: issue.message,
  }));
}

/** A `ValidationError` whose message names the first problem and whose details list them all. */
export function toValidationError(error: z.ZodError, status: 400 | 422 = 422): ValidationError {
  const issues = toFieldIssues(error);
  const first = issues[0];
  const summary = first ? `Invalid request data: ${first.field}: ${first.message}` : 'Invalid request data';
  return new ValidationError(summary, issues, { status, cause: error });
}
