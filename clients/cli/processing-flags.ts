/** The operation, question and options flags shared by `process` and `batch`. */
import { OPERATIONS, OPTION_SPECS, type Operation } from '../../domain/operations.js';
import { CliError, EXIT } from './cli-error.js';
import { readInteger, type CliValues } from './cli-options.js';

export interface ProcessingFlags {
  readonly operation: Operation | undefined;
  readonly question: string | undefined;
  readonly options: { max_length?: number; max_points?: number; num_questions?: number } | undefined;
}

export function isOperation(name: string): name is Operation {
  return (OPERATIONS as readonly string[]).includes(name);
}

const bounds = (name: keyof typeof OPTION_SPECS) => ({
  min: OPTION_SPECS[name].minimum,
  max: OPTION_SPECS[name].maximum,
});

export function readProcessingFlags(values: CliValues): ProcessingFlags {
  const { op } = values;
  if (op !== undefined && !isOperation(op)) {
    throw new CliError(`unknown operation "${op}" (operations: ${OPERATIONS.join(', ')})`, EXIT.usage);
  }
  const options = {
    max_length: readInteger(values, 'max-length', bounds('max_length')),
    max_points: readInteger(values, 'max-points', bounds('max_points')),
    num_questions: readInteger(values, 'num-questions', bounds('num_questions')),
  };
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  return {
    operation: op,
    question: values.question,
    options: Object.keys(given).length > 0 ? given : undefined,
  };
}
