import { parseList, tidyList } from './output-parsing.js';
import type { TaskInput } from './ports.js';
import { SYSTEM_ROLE, type Payload, type ProcessorDefinition } from './processor-definition.js';

export const questions: ProcessorDefinition = {
  operation: 'questions',
  promptVersion: 1,
  responseFormat: 'text',
  instructions: ({ options }) => ({
    system: SYSTEM_ROLE,
    task:
      `Write ${options.num_questions} thoughtful questions that the text answers. ` +
      'Return each question on its own line starting with "- ", each ending with a question mark, and nothing else.',
  }),
  maxOutputTokens: ({ options }) => options.num_questions * 60 + 64,
  parse: (answer, input) => toQuestions(parseList(answer), input),
  check: ({ questions: items }, input) => (items ? toQuestions(tidyList(items), input) : undefined),
};

function toQuestions(items: readonly string[], { options }: TaskInput): Payload | undefined {
  const questions = items
    .filter((item) => item.includes('?'))
    .map((item) => item.slice(0, item.lastIndexOf('?') + 1))
    .slice(0, options.num_questions);
  return questions.length > 0 ? { questions } : undefined;
}
