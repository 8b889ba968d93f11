import type { Token } from '../text/text-analyzer.js';

/** Units of measure and how texts write them (lower case, without a final full stop). */
const UNITS: Readonly<Record<string, readonly string[]>> = {
  'square metre': ['square meter', 'square meters', 'square metre', 'square metres', 'm2', 'm²', 'sq m'],
  'square foot': ['square foot', 'square feet', 'sq ft', 'ft2', 'ft²'],
  'square kilometre': ['square kilometer', 'square kilometers', 'square kilometre', 'square kilometres', 'km2', 'km²'],
  'square mile': ['square mile', 'square miles', 'sq mi', 'mi2', 'mi²'],
  hectare: ['hectare', 'hectares', 'ha'],
  acre: ['acre', 'acres'],
  kilometre: ['kilometer', 'kilometers', 'kilometre', 'kilometres', 'km'],
  mile: ['mile', 'miles', 'mi'],
  metre: ['meter', 'meters', 'metre', 'metres', 'm'],
  foot: ['foot', 'feet', 'ft'],
  kilogram: ['kilogram', 'kilograms', 'kg'],
  pound: ['pound', 'pounds', 'lb', 'lbs'],
  tonne: ['tonne', 'tonnes', 'metric ton', 'metric tons'],
  litre: ['liter', 'liters', 'litre', 'litres', 'l'],
  gallon: ['gallon', 'gallons', 'gal'],
  celsius: ['°c', 'celsius', 'degrees celsius'],
  fahrenheit: ['°f', 'fahrenheit', 'degrees fahrenheit'],
};

const UNIT_OF = new Map<string, string>(
  Object.entries(UNITS).flatMap(([unit, forms]) => forms.map((form) => [form, unit] as const)),
);
/** Longest written form, in tokens: "degrees celsius", "square metres". */
const MAX_UNIT_TOKENS = 3;
/** Single letters ("m", "l") name a unit only right after a number, never in a question. */
const AMBIGUOUS_IN_QUESTIONS: ReadonlySet<string> = new Set(['m', 'l', 'mi', 'ha', 'gal', 'ft', 'lb']);

const normal = (token: Token | undefined) => token?.text.toLowerCase().replace(/\.$/, '') ?? '';

/** The unit written at `start` (over one to three tokens: "sq mi.", "km ²", "square feet"), if any. */
function unitAt(tokens: readonly Token[], start: number): string | undefined {
  for (let length = MAX_UNIT_TOKENS; length >= 1; length -= 1) {
    const parts = tokens.slice(start, start + length).map(normal);
    if (parts.length < length) continue;
    const unit = UNIT_OF.get(parts.join(' ')) ?? UNIT_OF.get(parts.join(''));
    if (unit) return unit;
  }
  return undefined;
}

/** The unit a question asks its number in: "How large is it in square meters?" → square metre. */
export function askedUnit(question: readonly Token[]): string | undefined {
  for (let index = 0; index < question.length; index += 1) {
    const unit = unitAt(question, index);
    if (unit && !AMBIGUOUS_IN_QUESTIONS.has(normal(question[index]))) return unit;
  }
  return undefined;
}

/**
 * How a number fits the asked unit: 1 when the unit written after it (from `after`, the first
 * token past the number) is the asked one, -1 when it is another ("700,000 square feet
 * (65,000 m2)" for a question in square meters), 0 when no unit follows.
 */
export function unitFit(tokens: readonly Token[], after: number, asked: string): number {
  const unit = unitAt(tokens, after);
  if (!unit) return 0;
  return unit === asked ? 1 : -1;
}
