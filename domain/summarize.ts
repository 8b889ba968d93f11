import { cleanProse, countWords } from './output-parsing.js';
import { SYSTEM_ROLE, type Payload, type ProcessorDefinition } from './processor-definition.js';

export const summarize: ProcessorDefinition = {
  operation: 'summarize',
  promptVersion: 1,
  responseFormat: 'text',
  instructions: ({ options }) => ({
    system: SYSTEM_ROLE,
    task:
      `Write a concise summary of the text in at most ${options.max_length} words. ` +
      'Use plain prose without a heading or preamble.',
  }),
  maxOutputTokens: ({ options }) => Math.ceil(options.max_length * 2) + 64,
  parse: (answer) => toSummary(answer),
  check: ({ result }) => (result === undefined ? undefined : toSummary(result)),
};

function toSummary(answer: string): Payload | undefined {
  const summary = cleanProse(answer);
  return countWords(summary) >= 2 ? { result: summary } : undefined;
}
