import { keyPoints } from './key-points.js';
import type { Operation } from './operations.js';
import type { ProcessorDefinition } from './processor-definition.js';
import { qa } from './qa.js';
import { questions } from './questions.js';
import { sentiment } from './sentiment.js';
import { summarize } from './summarize.js';

/** Every operation's definition; adding an operation without one fails to compile. */
export const PROCESSORS: Readonly<Record<Operation, ProcessorDefinition>> = {
  summarize,
  sentiment,
  key_points: keyPoints,
  questions,
  qa,
};
