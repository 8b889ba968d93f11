import { createHash } from 'node:crypto';
import type { LabelledText } from './injection-data.js';
import {
  ENGLISH_BENIGN_TRIGGERS,
  ENGLISH_KEY_PHRASES,
  INDIRECT_INSTRUCTIONS,
  PHRASEBOOK,
  PHRASEBOOK_LANGUAGES,
  type Phrasebook,
} from './injection-phrasebook.js';

/**
 * Training texts composed from the phrasebook (`injection-phrasebook.ts`), every choice by SHA-1 of
 * a key so that a build reproduces them: whole attacks in 17 languages, English training attacks
 * with their key phrase translated, harmless texts with the same trigger words in the same
 * languages, and short instructions to hide in documents (indirect injection).
 */

const pick = <T>(items: readonly T[], key: string): T =>
  items[createHash('sha1').update(key).digest().readUInt32BE(0) % items.length] as T;

const SOURCE = 'phrasebook (ours)';
const JOINER: Partial<Record<string, string>> = { zh: '', ja: '' };

function compose(book: Phrasebook, lang: string, index: number): string {
  const key = `${lang}:${index}`;
  const shape = index % 5;
  const parts =
    shape === 0
      ? [pick(book.override, key), pick(book.goals, `${key}:goal`)]
      : shape === 1
        ? [pick(book.persona, key), pick(book.goals, `${key}:goal`)]
        : shape === 2
          ? [pick(book.newTask, key), pick(book.goals, `${key}:goal`)]
          : shape === 3
            ? [pick(book.override, key), pick(book.reveal, `${key}:reveal`)]
            : [pick(book.reveal, key)];
  return parts.join(JOINER[lang] ?? ' ');
}

/** `perLanguage` attacks in each language: an opener (override, persona, new task) and a goal, or a reveal. */
export function phrasebookAttacks(perLanguage: number): LabelledText[] {
  return PHRASEBOOK_LANGUAGES.flatMap((lang) =>
    Array.from({ length: perLanguage }, (_, index) => ({
      text: compose(PHRASEBOOK[lang], lang, index),
      label: 'attack' as const,
      category: 'multilingual',
      source: SOURCE,
      lang,
    })),
  );
}

/** Harmless sentences of each language alone and in pairs, and the English trigger-word requests. */
export function phrasebookBenign(): LabelledText[] {
  const items: LabelledText[] = [];
  for (const lang of PHRASEBOOK_LANGUAGES) {
    const { benign } = PHRASEBOOK[lang];
    for (const [index, sentence] of benign.entries()) {
      items.push({ text: sentence, label: 'benign', category: 'other_language', source: SOURCE, lang });
      const next = benign[(index + 1 + (index % 3)) % benign.length] ?? '';
      items.push({
        text: [sentence, next].join(JOINER[lang] ?? ' '),
        label: 'benign',
        category: 'other_language',
        source: SOURCE,
        lang,
      });
    }
  }
  for (const text of ENGLISH_BENIGN_TRIGGERS)
    items.push({ text, label: 'benign', category: 'trigger_words', source: SOURCE });
  return items;
}

/**
 * English training attacks whose first key phrase ("ignore the previous instructions", "reveal
 * your system prompt", "you are now…", "new instructions:") is replaced by its translation into a
 * language chosen by hash; the rest of the attack stays as it was.
 */
export function translatedKeyPhrases(attacks: readonly LabelledText[], limit: number): LabelledText[] {
  const items: LabelledText[] = [];
  for (const attack of attacks) {
    if (items.length >= limit) break;
    if (attack.lang || attack.text.length > 2000) continue;
    const found = ENGLISH_KEY_PHRASES.find(([pattern]) => pattern.test(attack.text));
    if (!found) continue;
    const [pattern, field] = found;
    const lang = pick(PHRASEBOOK_LANGUAGES, `translate:${attack.text}`);
    const translation = pick(PHRASEBOOK[lang][field], `phrase:${attack.text}`);
    items.push({
      text: attack.text.replace(pattern, ` ${translation} `).trim(),
      label: 'attack',
      category: 'multilingual',
      source: `${attack.source}, key phrase translated (phrasebook)`,
      lang,
    });
  }
  return items;
}

/** Short instructions to hide in documents: the English indirect shapes and phrasebook attacks. */
export function indirectInstructions(): LabelledText[] {
  return [
    ...INDIRECT_INSTRUCTIONS.map((text) => ({ text, label: 'attack' as const, category: 'indirect', source: SOURCE })),
    ...phrasebookAttacks(3),
  ];
}
