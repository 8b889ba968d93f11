import type { z } from 'zod';
import type { FieldIssue } from '../../domain/errors.js';
import { OPERATIONS } from '../../domain/operations.js';
import {
  CUSTOM_CONFIG_KEYS,
  CustomResilienceConfigSchema,
  type CustomResilienceConfig,
  type ValidationResult,
} from '../../domain/resilience-schemas.js';

/** A validation result plus the configuration, typed, when it is valid. */
export interface ParsedCustomConfig extends ValidationResult {
  /** The errors with the path of their field inside the configuration (`''` = the whole). */
  readonly issues: readonly FieldIssue[];
  readonly config: CustomResilienceConfig | null;
}

const INTEGER_FIELDS: ReadonlySet<string> = new Set([
  'retry_attempts',
  'circuit_breaker_threshold',
  'recovery_timeout',
  'max_delay_seconds',
]);
const FLOAT_FIELDS: ReadonlySet<string> = new Set([
  'exponential_multiplier',
  'exponential_min',
  'exponential_max',
  'jitter_max',
]);
const VALID_OPERATIONS: readonly string[] = [...OPERATIONS].sort();

/** A value as JSON shows it, for the "(got …)" part of a message. */
function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? typeof value;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function formatBound(field: string, bound: unknown): string {
  const number = Number(bound);
  return FLOAT_FIELDS.has(field) && Number.isInteger(number) ? number.toFixed(1) : String(number);
}

function typeName(field: string, expected: string): string {
  if (expected === 'int' || (expected === 'number' && INTEGER_FIELDS.has(field))) return 'integer';
  return expected;
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  string: 'a string',
  object: 'an object',
};

type IssueKind = 'range' | 'type' | 'enum' | 'additional' | 'any_of' | 'other';

interface DescribedIssue {
  readonly path: string;
  readonly kind: IssueKind;
  readonly message: string;
  readonly expectedType?: string;
}

/** One schema error as a plain sentence naming the field: `retry_attempts must be at most 10 (got 11)`. */
function describeIssue(issue: z.core.$ZodIssue): DescribedIssue {
  const path = issue.path.map(String).join('.');
  const field = String(issue.path[issue.path.length - 1] ?? '');
  const subject = path === '' ? 'The configuration' : path;
  const got = `(got ${show('input' in issue ? issue.input : undefined)})`;
  switch (issue.code) {
    case 'too_small':
      return {
        path,
        kind: 'range',
        message: `${subject} must be at least ${formatBound(field, issue.minimum)} ${got}`,
      };
    case 'too_big':
      return {
        path,
        kind: 'range',
        message: `${subject} must be at most ${formatBound(field, issue.maximum)} ${got}`,
      };
    case 'invalid_type': {
      const expected = typeName(field, issue.expected);
      const words = path === '' && expected === 'object' ? 'a JSON object' : (TYPE_WORDS[expected] ?? expected);
      return { path, kind: 'type', expectedType: expected, message: `${subject} must be ${words} ${got}` };
    }
    case 'invalid_value':
      return {
        path,
        kind: 'enum',
        message: `${subject} must be one of ${issue.values.map(String).join(', ')} ${got}`,
      };
    case 'unrecognized_keys': {
      const noun = issue.keys.length === 1 ? 'field' : 'fields';
      const where = path === '' ? '' : ` in ${path}`;
      return { path, kind: 'additional', message: `Unknown ${noun}${where}: ${issue.keys.join(', ')}` };
    }
    case 'custom':
      return { path, kind: 'any_of', message: issue.message };
    default:
      return { path, kind: 'other', message: issue.message };
  }
}

/** Hints for one schema error (reference `_generate_error_suggestions`). */
function suggestionsFor(issue: DescribedIssue): string[] {
  const { path, kind } = issue;
  const suggestions: string[] = [];
  if (path.includes('retry_attempts')) {
    if (kind === 'range') {
      suggestions.push('💡 Try: retry_attempts: 3 (recommended for most use cases)');
      suggestions.push('🔧 Valid range: 1 (fast failure) to 10 (maximum persistence)');
    } else if (kind === 'type') {
      suggestions.push('💡 retry_attempts must be a whole number, like: retry_attempts: 5');
    }
  } else if (path.includes('circuit_breaker_threshold')) {
    if (kind === 'range') {
      suggestions.push('💡 Try: circuit_breaker_threshold: 5 (good balance)');
      suggestions.push('🔧 Valid range: 1 (very sensitive) to 20 (very tolerant)');
    } else if (kind === 'type') {
      suggestions.push('💡 circuit_breaker_threshold must be a whole number, like: circuit_breaker_threshold: 8');
    }
  } else if (path.includes('recovery_timeout')) {
    if (kind === 'range') {
      suggestions.push('💡 Try: recovery_timeout: 60 (1 minute is often good)');
      suggestions.push('🔧 Valid range: 10 seconds (quick) to 300 seconds (conservative)');
    } else if (kind === 'type') {
      suggestions.push('💡 recovery_timeout must be a whole number in seconds, like: recovery_timeout: 120');
    }
  } else if (path.includes('default_strategy') || path.includes('strategy')) {
    if (kind === 'enum') {
      suggestions.push(
        "💡 Valid strategies: 'aggressive' (fast), 'balanced' (recommended), 'conservative' (reliable), 'critical' (maximum)",
      );
      suggestions.push("🔧 Try: default_strategy: 'balanced' for most use cases");
    }
  } else if (path.includes('operation_overrides')) {
    if (kind === 'additional') {
      suggestions.push('💡 Valid operations: summarize, sentiment, key_points, questions, qa');
      suggestions.push('🔧 Example: operation_overrides: {"qa": "critical", "sentiment": "aggressive"}');
    } else if (kind === 'enum') {
      suggestions.push("💡 Each operation strategy must be: 'aggressive', 'balanced', 'conservative', or 'critical'");
    }
  } else if (path.includes('exponential')) {
    suggestions.push('💡 Exponential backoff settings control retry timing');
    suggestions.push('🔧 Default values usually work well - consider using a preset instead');
  } else if (path.includes('jitter')) {
    suggestions.push('💡 Jitter adds randomness to prevent thundering herd problems');
    suggestions.push('🔧 Boolean values: true or false, numeric values in reasonable ranges');
  }

  if (kind === 'type') {
    if (issue.expectedType === 'string') suggestions.push('📝 This field expects text in quotes, like: "balanced"');
    else if (issue.expectedType === 'integer' || issue.expectedType === 'number') {
      suggestions.push('📝 This field expects a number without quotes, like: 5');
    } else if (issue.expectedType === 'boolean') {
      suggestions.push('📝 This field expects true or false (without quotes)');
    }
  } else if (kind === 'additional') {
    if (path === '') suggestions.push(`📋 Allowed fields: ${CUSTOM_CONFIG_KEYS.join(', ')}`);
    suggestions.push('🔧 Remove any fields not in the allowed list');
  }

  if (suggestions.length === 0) {
    suggestions.push('💡 Consider using a preset configuration instead of custom settings');
    suggestions.push('📖 Check the documentation for examples and valid values');
  }
  return suggestions;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function finiteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The reference's logic rules (`_validate_config_logic`), run on the raw input. */
function checkLogic(config: Record<string, unknown>, errors: string[], warnings: string[], suggestions: string[]) {
  const exponentialMin = finiteNumber(config['exponential_min']);
  const exponentialMax = finiteNumber(config['exponential_max']);
  if (exponentialMin !== undefined && exponentialMax !== undefined && exponentialMin >= exponentialMax) {
    errors.push('exponential_min must be less than exponential_max');
    suggestions.push(
      `Try setting exponential_min to ${(exponentialMax / 2).toFixed(1)} and exponential_max to ${(exponentialMax * 2).toFixed(1)}`,
    );
  }

  const retryAttempts = finiteNumber(config['retry_attempts']);
  const maxDelay = finiteNumber(config['max_delay_seconds']);
  if (retryAttempts !== undefined && maxDelay !== undefined) {
    const estimatedMinimum = retryAttempts * 2;
    if (maxDelay < estimatedMinimum) {
      warnings.push(
        `max_delay_seconds (${maxDelay}s) might be too short for ${retryAttempts} retry attempts (estimated minimum: ${estimatedMinimum}s)`,
      );
      suggestions.push(`Consider increasing max_delay_seconds to at least ${estimatedMinimum}s`);
    }
  }

  const overrides = config['operation_overrides'];
  if (isRecord(overrides)) {
    for (const operation of Object.keys(overrides)) {
      if (!VALID_OPERATIONS.includes(operation)) {
        errors.push(`Invalid operation '${operation}' in operation_overrides`);
        suggestions.push(`Valid operations are: ${VALID_OPERATIONS.join(', ')}`);
      }
    }
  }

  const threshold = finiteNumber(config['circuit_breaker_threshold']);
  if (threshold !== undefined && threshold < 3) {
    warnings.push('Very low circuit breaker threshold may cause frequent circuit opening');
    suggestions.push('Consider using threshold >= 3 for better stability');
  }
  if (retryAttempts !== undefined && retryAttempts > 7) {
    warnings.push('High retry attempts may increase latency significantly');
    suggestions.push("Consider using a preset like 'production' for balanced retry behavior");
  }
}

/**
 * Validates a custom resilience configuration as the reference's `/validate` does: the JSON-schema
 * ranges (errors read `<field> must be at most 10 (got 11)`: the reference's checks, in plain words
 * rather than Python's jsonschema text), then the logic rules (errors and warnings), each with
 * suggestions. Never throws.
 */
export function validateCustomConfig(input: unknown): ValidationResult {
  const { issues: _issues, ...result } = checkCustomConfig(input);
  return result;
}

function checkCustomConfig(input: unknown): ValidationResult & { readonly issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const logicErrors: string[] = [];
  const warnings: string[] = [];
  const suggestions: string[] = [];
  const parsed = CustomResilienceConfigSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const described = describeIssue(issue);
      issues.push({ field: described.path, message: described.message });
      suggestions.push(...suggestionsFor(described));
    }
  }
  if (isRecord(input)) checkLogic(input, logicErrors, warnings, suggestions);
  issues.push(...logicErrors.map((message) => ({ field: '', message })));
  const errors = issues.map((issue) => issue.message);
  return { is_valid: errors.length === 0, errors, warnings, suggestions: [...new Set(suggestions)], issues };
}

/** Validates `input` and returns it typed when it is valid. */
export function parseCustomConfig(input: unknown): ParsedCustomConfig {
  const result = checkCustomConfig(input);
  if (!result.is_valid) return { ...result, config: null };
  return { ...result, config: CustomResilienceConfigSchema.parse(input) };
}

/**
 * Parses `RESILIENCE_CUSTOM_CONFIG`-style JSON text and validates it. Bad JSON gives
 * `errors: ["Invalid JSON: ..."]`.
 */
export function parseCustomConfigJson(text: string): ParsedCustomConfig {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const invalid = `Invalid JSON: ${message}`;
    return {
      is_valid: false,
      errors: [invalid],
      warnings: [],
      suggestions: [],
      issues: [{ field: '', message: invalid }],
      config: null,
    };
  }
  return parseCustomConfig(input);
}
