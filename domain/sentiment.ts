import { extractJsonObject } from './output-parsing.js';
import { SYSTEM_ROLE, type Payload, type ProcessorDefinition } from './processor-definition.js';
import { SentimentResultSchema } from './schemas.js';

const SENTIMENT_JSON_SCHEMA = {
  type: 'object',
  properties: {
    sentiment: { type: 'string', enum: ['positive', 'negative', 'neutral'] },
    confidence: { type: 'number', minimum: 0, maximum: 1 },
    explanation: { type: 'string' },
  },
  required: ['sentiment', 'confidence', 'explanation'],
  additionalProperties: false,
} as const;

export const sentiment: ProcessorDefinition = {
  operation: 'sentiment',
  promptVersion: 1,
  responseFormat: 'json',
  jsonSchema: SENTIMENT_JSON_SCHEMA,
  instructions: () => ({
    system: SYSTEM_ROLE,
    task:
      'Analyse the sentiment of the text. Answer with a JSON object only: ' +
      '{"sentiment": "positive" | "negative" | "neutral", "confidence": number from 0.0 to 1.0, ' +
      '"explanation": one or two sentences naming the cues}.',
  }),
  maxOutputTokens: () => 256,
  parse(answer) {
    const object = extractJsonObject(answer);
    return object ? toSentiment(object) : undefined;
  },
  check: ({ sentiment: result }) => (result ? toSentiment({ ...result }) : undefined),
};

function toSentiment(object: Record<string, unknown>): Payload | undefined {
  const label = typeof object.sentiment === 'string' ? object.sentiment.trim().toLowerCase() : object.sentiment;
  const confidence = typeof object.confidence === 'string' ? Number(object.confidence) : object.confidence;
  const parsed = SentimentResultSchema.safeParse({ ...object, sentiment: label, confidence });
  if (!parsed.success) return undefined;
  const { sentiment: value, confidence: score, explanation } = parsed.data;
  return { sentiment: { sentiment: value, confidence: score, explanation } };
}
