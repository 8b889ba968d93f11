import { cleanProse } from './output-parsing.js';
import { SYSTEM_ROLE, type Payload, type ProcessorDefinition } from './processor-definition.js';

export const qa: ProcessorDefinition = {
  operation: 'qa',
  promptVersion: 1,
  responseFormat: 'text',
  instructions: () => ({
    system: SYSTEM_ROLE,
    task:
      'Answer the question using only the text. Be brief and direct. ' +
      'If the text does not contain the answer, say that the text does not say.',
  }),
  maxOutputTokens: () => 512,
  parse: (answer) => toAnswer(answer),
  check: ({ result }) => (result === undefined ? undefined : toAnswer(result)),
};

function toAnswer(answer: string): Payload | undefined {
  const result = cleanProse(answer);
  return result.length > 0 ? { result } : undefined;
}
