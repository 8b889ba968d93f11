import { parseList, tidyList } from './output-parsing.js';
import type { TaskInput } from './ports.js';
import { SYSTEM_ROLE, type Payload, type ProcessorDefinition } from './processor-definition.js';

export const keyPoints: ProcessorDefinition = {
  operation: 'key_points',
  promptVersion: 1,
  responseFormat: 'text',
  instructions: ({ options }) => ({
    system: SYSTEM_ROLE,
    task:
      `Extract the ${options.max_points} most important key points of the text. ` +
      'Return each point on its own line starting with "- ", and nothing else.',
  }),
  maxOutputTokens: ({ options }) => options.max_points * 80 + 64,
  parse: (answer, input) => toKeyPoints(parseList(answer), input),
  check: ({ key_points: points }, input) => (points ? toKeyPoints(tidyList(points), input) : undefined),
};

function toKeyPoints(items: readonly string[], { options }: TaskInput): Payload | undefined {
  const points = items.slice(0, options.max_points);
  return points.length > 0 ? { key_points: points } : undefined;
}
