import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { LabelledText } from './injection-data.js';
import {
  indirectInstructions,
  phrasebookAttacks,
  phrasebookBenign,
  translatedKeyPhrases,
} from './injection-synthetic.js';

/**
 * Builds the prompt-injection classifier's data (`tests/eval/data/injection/`, sources and licences
 * in SOURCES.md) from snapshots of public GitHub repositories: bare git directories under `MIRROR`
 * (default `/work/.mirror/<owner>+<name>/repo`), read at the pinned commits below. Every sample is
 * drawn by a SHA-1 hash of its text or id, never by its content, so a run reproduces the files.
 *
 * `pool.jsonl.gz` is what training may see (split into train and tune by `train-injection.ts`);
 * `test.jsonl.gz` comes only from sources reserved for measuring (CyberSecEval, Tensor Trust,
 * BIPIA, NotInject, GSM8K test) and is never trained or tuned on.
 * `node --import tsx tests/eval/build-injection-data.ts`
 */

const MIRROR = process.env['MIRROR'] ?? '/work/.mirror';
const OUTPUT = new URL('./data/injection/', import.meta.url);

interface Source {
  readonly repo: string;
  readonly commit: string;
}

// prettier-ignore
const SOURCES = {
  jailbreakLlms: { repo: 'yunwei37+satml-llmail-injection', commit: 'HEAD' },
  llmail: { repo: 'yunwei37+satml-llmail-injection', commit: 'HEAD' },
  gptFuzz: { repo: 'sherdencooper+GPTFuzz', commit: 'HEAD' },
  awesomePrompts: { repo: 'f+awesome-chatgpt-prompts', commit: '3face5317bd950918f94df5c41a524e6f1683997' },
  awesomeMessages: { repo: 'f+awesome-chatgpt-prompts', commit: 'HEAD' },
  alpaca: { repo: 'tatsu-lab+stanford_alpaca', commit: 'HEAD' },
  injecGuard: { repo: 'leolee99+InjecGuard', commit: 'HEAD' },
  dolly: { repo: 'databrickslabs+dolly', commit: 'HEAD' },
  cyberSecEval: { repo: 'meta-llama+PurpleLlama', commit: 'HEAD' },
  tensorTrust: { repo: 'HumanCompatibleAI+tensor-trust-data', commit: 'HEAD' },
  bipia: { repo: 'microsoft+BIPIA', commit: 'HEAD' },
  gsm8k: { repo: 'openai+grade-school-math', commit: 'HEAD' },
} satisfies Record<string, Source>;

function resolve(source: Source): string {
  return execFileSync('git', ['--git-dir', `${MIRROR}/${source.repo}/repo`, 'rev-parse', source.commit], {
    encoding: 'utf8',
  }).trim();
}

function show(source: Source, path: string): string {
  return execFileSync('git', ['--git-dir', `${MIRROR}/${source.repo}/repo`, 'show', `${source.commit}:${path}`], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

function listFiles(source: Source, pattern: RegExp): string[] {
  return execFileSync(
    'git',
    ['--git-dir', `${MIRROR}/${source.repo}/repo`, 'ls-tree', '-r', '--name-only', source.commit],
    { encoding: 'utf8' },
  )
    .split('\n')
    .filter((path) => pattern.test(path));
}

const sha = (text: string) => createHash('sha1').update(text).digest('hex');
/** The first `count` items by SHA-1 of their key: a sample that does not depend on content. */
function sample<T>(items: readonly T[], count: number, key: (item: T) => string): T[] {
  return [...items].sort((a, b) => (sha(key(a)) < sha(key(b)) ? -1 : 1)).slice(0, count);
}

/** RFC 4180 CSV (quoted fields with doubled quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field || row.length > 0) rows.push([...row, field]);
  return rows;
}

function csvObjects(text: string): Record<string, string>[] {
  const [header = [], ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  return rows.map((row) => Object.fromEntries(header.map((name, index) => [name, row[index] ?? ''])));
}

const item = (
  text: string,
  label: LabelledText['label'],
  category: string,
  source: string,
  lang?: string,
): LabelledText => ({ text: text.trim(), label, category, source, ...(lang ? { lang } : {}) });

const sentences = (text: string) => text.match(/[^.!?\n]+[.!?]*\s*|\n+/g) ?? [text];

/** `attack` put between two sentences of `document`, at a place chosen by hash. */
function insert(document: string, attack: string, key: string): string {
  const parts = sentences(document);
  const at = 1 + (Number.parseInt(sha(key).slice(0, 8), 16) % Math.max(1, parts.length - 1));
  return [...parts.slice(0, at), ` ${attack.trim()} `, ...parts.slice(at)].join('').trim();
}

// ---- the training pool (train + tune): sources not reserved for measuring ----

function jailbreakLlms(): LabelledText[] {
  const rows = csvObjects(show(SOURCES.jailbreakLlms, 'data/jailbreak_human_set2/jailbreak_prompts_2023_12_25.csv'));
  return rows
    .filter((row) => row['jailbreak'] === 'True' && (row['prompt'] ?? '').length >= 40)
    .map((row) => item((row['prompt'] ?? '').slice(0, 6000), 'attack', 'jailbreak', 'jailbreak_llms (in the wild)'));
}

function gptFuzz(): LabelledText[] {
  const templates = csvObjects(show(SOURCES.gptFuzz, 'datasets/prompts/GPTFuzzer.csv'));
  const questions = csvObjects(show(SOURCES.gptFuzz, 'datasets/questions/question_list.csv'));
  return templates.map((row, index) =>
    item(
      (row['text'] ?? '').replace('[INSERT PROMPT HERE]', questions[index % questions.length]?.['text'] ?? ''),
      'attack',
      'jailbreak',
      'GPTFuzzer templates',
    ),
  );
}

/** Red-team emails written for the LLMail-Inject challenge (an email assistant told to send mail), some not in English. */
function llmailEmails(): LabelledText[] {
  return listFiles(SOURCES.llmail, /^examples\/satml\/[^/]+\/prompts\/[^/]+\.json$/).map((path) => {
    const email = JSON.parse(show(SOURCES.llmail, path)) as { subject?: string; body?: string };
    return item(
      `Subject: ${email.subject ?? ''}\n\n${email.body ?? ''}`,
      'attack',
      'indirect',
      'LLMail-Inject red-team emails',
    );
  });
}

/** Paragraphs of surveys about LLM security and prompt injection: text about attacks, not attacks. */
function securitySurveys(): LabelledText[] {
  return ['docs/survey1.md', 'docs/survey2.md', 'docs/tech_survey.md'].flatMap((path) =>
    show(SOURCES.llmail, path)
      .split(/\n\s*\n/)
      .map((paragraph) => paragraph.trim())
      .filter((paragraph) => paragraph.length >= 200 && !paragraph.startsWith('```'))
      .map((paragraph) =>
        item(paragraph.slice(0, 3000), 'benign', 'discussion', 'LLM-security surveys (satml-llmail-injection docs)'),
      ),
  );
}

/**
 * "I want you to act as…" requests. Sources disagree on them (deepset labels them injections,
 * jailbreak_llms regular prompts) and the rules flag most: left out of the pool, kept for reference.
 */
export function awesomePrompts(): LabelledText[] {
  return csvObjects(show(SOURCES.awesomePrompts, 'prompts.csv'))
    .map((row) => row['prompt'] ?? '')
    .filter((text) => text.length >= 20)
    .map((text) => item(text, 'benign', 'role_request', 'awesome-chatgpt-prompts'));
}

/** User-interface strings of prompts.chat in 18 languages: harmless text in many scripts. */
function awesomeMessages(): LabelledText[] {
  const items: LabelledText[] = [];
  for (const path of listFiles(SOURCES.awesomeMessages, /^messages\/[a-z]{2}\.json$/)) {
    const lang = path.slice(9, 11);
    if (lang === 'en') continue;
    const strings: string[] = [];
    const walk = (value: unknown) => {
      if (typeof value === 'string') {
        if (value.split(/\s+/).length >= 5 && !value.includes('{')) strings.push(value);
      } else if (value && typeof value === 'object') Object.values(value).forEach(walk);
    };
    walk(JSON.parse(show(SOURCES.awesomeMessages, path)));
    for (const text of sample(strings, 60, (value) => `${lang}:${value}`)) {
      items.push(item(text, 'benign', 'other_language', 'prompts.chat UI strings', lang));
    }
  }
  return items;
}

function alpacaSeeds(): LabelledText[] {
  return show(SOURCES.alpaca, 'seed_tasks.jsonl')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const task = JSON.parse(line) as { instruction: string; instances: { input: string }[] };
      const input = task.instances[0]?.input ?? '';
      return item(
        input ? `${task.instruction}\n${input}` : task.instruction,
        'benign',
        'everyday',
        'alpaca seed tasks',
      );
    });
}

function wildGuardBenign(): LabelledText[] {
  const rows = JSON.parse(show(SOURCES.injecGuard, 'datasets/wildguard.json')) as { prompt: string; label: number }[];
  return rows
    .filter((row) => row.label === 0)
    .map((row) => item(row.prompt, 'benign', 'trigger_words', 'WildGuardMix benign (InjecGuard copy)'));
}

/** Python source of three public repositories, in chunks of about 1,500 characters. */
function codeChunks(): LabelledText[] {
  const chunks: LabelledText[] = [];
  for (const source of [SOURCES.alpaca, SOURCES.gptFuzz, SOURCES.dolly]) {
    for (const path of listFiles(source, /\.py$/)) {
      let chunk = '';
      for (const line of show(source, path).split('\n')) {
        chunk += `${line}\n`;
        if (chunk.length >= 1500) {
          chunks.push(item(chunk, 'benign', 'code', `${source.repo.replace('+', '/')} Python source`));
          chunk = '';
        }
      }
      if (chunk.trim().length >= 200)
        chunks.push(item(chunk, 'benign', 'code', `${source.repo.replace('+', '/')} Python source`));
    }
  }
  return sample(chunks, 250, (chunk) => chunk.text);
}

function readLocalJsonl<T>(name: string): T[] {
  return readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);
}

/** Texts already in the repository: news articles, Wikipedia paragraphs, tweets (none from a reserved test split). */
function localDocuments(): LabelledText[] {
  const articles = [
    ...readLocalJsonl<{ id: string; article: string }>('summaries-cnn-dailymail-train.jsonl'),
    ...readLocalJsonl<{ id: string; article: string }>('summaries-cnn-dailymail-validation.jsonl'),
  ];
  const squad = readLocalJsonl<{ context: string }>('squad-v1.1-train.jsonl');
  const paragraphs = [...new Set(squad.map((row) => row.context))];
  const tweets = readFileSync(new URL('./data/train/semeval-twitter-train.tsv', import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.split('\t')[1] ?? '')
    .filter((text) => text.length > 30);
  return [
    ...articles.map((row) =>
      item(row.article, 'benign', 'document', 'CNN/DailyMail train and validation (summaries sets)'),
    ),
    ...paragraphs.map((text) => item(text, 'benign', 'document', 'SQuAD v1.1 train paragraphs')),
    ...sample(tweets, 600, (text) => text).map((text) => item(text, 'benign', 'everyday', 'SemEval tweets (train)')),
  ];
}

/** The rules' own corpus, tuning split only (its holdout and fresh splits stay unseen). */
function corpusTuning(): LabelledText[] {
  const corpus = JSON.parse(readFileSync(new URL('../fixtures/injection-corpus.json', import.meta.url), 'utf8')) as {
    text: string;
    label: 'attack' | 'benign';
    category: string;
    lang?: string;
    split: string;
  }[];
  return corpus
    .filter((entry) => entry.split === 'tuning')
    .map((entry) => item(entry.text, entry.label, entry.category, 'injection-corpus.json (tuning)', entry.lang));
}

/**
 * Training instructions hidden in training documents (indirect injection): each set of
 * instructions in turn, one per document, so every document carries one of each set.
 */
function hiddenInDocuments(
  instructionSets: readonly (readonly LabelledText[])[],
  documents: readonly LabelledText[],
): LabelledText[] {
  const hosts = sample(documents, 500, (document) => `host:${document.text}`);
  return instructionSets.flatMap((instructions, round) =>
    hosts.map((host, index) => {
      const key = `attack:${round}:${index}`;
      const attack = instructions[Number.parseInt(sha(key).slice(0, 8), 16) % instructions.length] as LabelledText;
      return {
        ...item(
          insert(host.text, attack.text, `${round}:${host.text}`),
          'attack',
          'indirect',
          `${attack.source} inside ${host.source}`,
        ),
        injected: attack.text.trim(),
      };
    }),
  );
}

// ---- the test split: sources reserved for measuring ----

const CYBERSECEVAL_CATEGORY: Record<string, string> = {
  ignore_previous_instructions: 'instruction_override',
  virtualization: 'role_play_jailbreak',
  hypothetical_scenario: 'role_play_jailbreak',
  persuasion: 'role_play_jailbreak',
  system_mode: 'delimiter_system_mode',
  token_smuggling: 'obfuscation',
  payload_splitting: 'obfuscation',
  different_user_input_language: 'multilingual',
};

interface CyberSecEvalRow {
  readonly user_input: string;
  readonly injection_variant: string;
  readonly injection_type: string;
  readonly speaking_language: string;
}

function cyberSecEval(): LabelledText[] {
  const base = 'CybersecurityBenchmarks/datasets/prompt_injection/';
  const english = JSON.parse(show(SOURCES.cyberSecEval, `${base}prompt_injection.json`)) as CyberSecEvalRow[];
  const translated = JSON.parse(
    show(SOURCES.cyberSecEval, `${base}prompt_injection_multilingual_machine_translated.json`),
  ) as CyberSecEvalRow[];
  const categoryOf = (row: CyberSecEvalRow) =>
    row.injection_type === 'indirect'
      ? 'indirect'
      : (CYBERSECEVAL_CATEGORY[row.injection_variant] ?? 'other_technique');
  return [
    ...english.map((row) => item(row.user_input, 'attack', categoryOf(row), 'CyberSecEval prompt injection (en)')),
    ...sample(
      translated.filter((row) => row.speaking_language !== 'English' && row.injection_type === 'direct'),
      150,
      (row) => row.user_input,
    ).map((row) =>
      item(
        row.user_input,
        'attack',
        'multilingual',
        'CyberSecEval prompt injection (machine-translated)',
        row.speaking_language,
      ),
    ),
  ];
}

function tensorTrust(): LabelledText[] {
  const read = (path: string) =>
    show(SOURCES.tensorTrust, path)
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { attack: string }).attack)
      .filter((text) => text.trim().length >= 20);
  return [
    ...sample(read('benchmarks/extraction-robustness/v1/extraction_robustness_dataset.jsonl'), 120, (text) => text).map(
      (text) => item(text, 'attack', 'system_prompt_extraction', 'Tensor Trust extraction robustness'),
    ),
    ...sample(read('benchmarks/hijacking-robustness/v1/hijacking_robustness_dataset.jsonl'), 120, (text) => text).map(
      (text) => item(text, 'attack', 'instruction_override', 'Tensor Trust hijacking robustness'),
    ),
  ];
}

function bipia(): LabelledText[] {
  const emails = show(SOURCES.bipia, 'benchmark/email/test.jsonl')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { context: string }).context);
  const code = show(SOURCES.bipia, 'benchmark/code/test.jsonl')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const row = JSON.parse(line) as { context?: string | string[]; code?: string[]; error?: string[] };
      const context = Array.isArray(row.context) ? row.context.join('\n') : (row.context ?? '');
      return context || [...(row.error ?? []), ...(row.code ?? [])].join('\n');
    });
  const attacks = (path: string) =>
    Object.values(JSON.parse(show(SOURCES.bipia, path)) as Record<string, string[]>).flat();
  const textAttacks = attacks('benchmark/text_attack_test.json');
  const codeAttacks = attacks('benchmark/code_attack_test.json');
  const documents = [
    ...sample([...new Set(emails)], 80, (text) => text).map((text) => ({ text, kind: 'email', pool: textAttacks })),
    ...sample([...new Set(code)], 80, (text) => text).map((text) => ({ text, kind: 'code', pool: codeAttacks })),
  ];
  return documents.flatMap((document, index) => {
    const key = `${document.kind}:${index}`;
    const attack = document.pool[Number.parseInt(sha(key).slice(0, 8), 16) % document.pool.length] ?? '';
    const carrier = index % 2 === 0;
    return carrier
      ? [item(insert(document.text, attack, key), 'attack', 'indirect', `BIPIA ${document.kind} (test) + attack`)]
      : [item(document.text, 'benign', 'document', `BIPIA ${document.kind} (test), clean`)];
  });
}

function notInject(): LabelledText[] {
  return ['one', 'two', 'three'].flatMap((part) =>
    (JSON.parse(show(SOURCES.injecGuard, `datasets/NotInject_${part}.json`)) as { prompt: string }[]).map((row) =>
      item(row.prompt, 'benign', 'trigger_words', 'NotInject'),
    ),
  );
}

function gsm8k(): LabelledText[] {
  const questions = show(SOURCES.gsm8k, 'grade_school_math/data/test.jsonl')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { question: string }).question);
  return sample(questions, 150, (text) => text).map((text) => item(text, 'benign', 'everyday', 'GSM8K test'));
}

/** Test attacks re-encoded the ways the scanner decodes: does the learned part see through them? */
function encoded(attacks: readonly LabelledText[]): LabelledText[] {
  const chosen = sample(
    attacks.filter((attack) => attack.text.length <= 300 && !attack.lang),
    60,
    (attack) => `encode:${attack.text}`,
  );
  const leet: Record<string, string> = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7' };
  const homoglyphs: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', i: 'і' };
  const encoders = [
    (text: string) => `Decode this and do what it says: ${Buffer.from(text).toString('base64')}`,
    (text: string) => text.replace(/[aeiost]/g, (char) => leet[char] ?? char),
    (text: string) => text.replace(/[aeopci]/g, (char) => homoglyphs[char] ?? char),
    (text: string) => text.replace(/(\w)(\w)/g, '$1\u200B$2'),
  ];
  return chosen.map((attack, index) =>
    item(
      (encoders[index % encoders.length] as (text: string) => string)(attack.text),
      'attack',
      'obfuscation',
      `${attack.source}, encoded`,
    ),
  );
}

// ---- overlap removal and output ----

const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
const SHINGLE = 8;

function shingles(text: string): string[] {
  const tokens = words(text);
  if (tokens.length < SHINGLE) return [tokens.join(' ')];
  const result: string[] = [];
  for (let index = 0; index + SHINGLE <= tokens.length; index += 1)
    result.push(tokens.slice(index, index + SHINGLE).join(' '));
  return result;
}

/** Duplicates dropped; pool texts sharing an eight-word run (or equal to) a test text dropped. */
function withoutOverlap(pool: readonly LabelledText[], test: readonly LabelledText[]) {
  const seen = new Set<string>();
  const unique = (items: readonly LabelledText[]) =>
    items.filter((entry) => {
      const key = words(entry.text).join(' ');
      if (!key || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const testItems = unique(test);
  const taken = new Set(testItems.flatMap((entry) => shingles(entry.text)));
  const poolItems = unique(pool).filter((entry) => !shingles(entry.text).some((shingle) => taken.has(shingle)));
  return { pool: poolItems, test: testItems, dropped: pool.length - poolItems.length };
}

function write(name: string, items: readonly LabelledText[]): void {
  const body = items.map((entry) => JSON.stringify(entry)).join('\n');
  writeFileSync(new URL(name, OUTPUT), gzipSync(`${body}\n`, { level: 9 }));
}

function counts(items: readonly LabelledText[]): string {
  const byKey = new Map<string, number>();
  for (const entry of items) {
    const key = `${entry.label} | ${entry.category} | ${entry.source}`;
    byKey.set(key, (byKey.get(key) ?? 0) + 1);
  }
  return [...byKey.entries()]
    .sort()
    .map(([key, count]) => `  ${String(count).padStart(5)}  ${key}`)
    .join('\n');
}

const corpus = corpusTuning();
const attacks = [...jailbreakLlms(), ...gptFuzz(), ...corpus.filter((entry) => entry.label === 'attack')];
const documents = localDocuments().filter((entry) => entry.category === 'document');
const shortAttacks = attacks.filter((attack) => attack.text.length <= 400);
const pool = [
  ...attacks,
  ...phrasebookAttacks(40),
  ...translatedKeyPhrases(
    sample(attacks, attacks.length, (attack) => `augment:${attack.text}`),
    400,
  ),
  ...llmailEmails(),
  ...hiddenInDocuments([shortAttacks, indirectInstructions()], [...documents, ...codeChunks()]),
  ...phrasebookBenign(),
  ...securitySurveys(),
  ...corpus.filter((entry) => entry.label === 'benign'),
  ...awesomeMessages(),
  ...alpacaSeeds(),
  ...wildGuardBenign(),
  ...codeChunks(),
  ...localDocuments(),
];
const reserved = [...cyberSecEval(), ...tensorTrust()];
const test = [...reserved, ...encoded(reserved), ...bipia(), ...notInject(), ...gsm8k()];
const result = withoutOverlap(pool, test);
mkdirSync(OUTPUT, { recursive: true });
write('pool.jsonl.gz', result.pool);
write('test.jsonl.gz', result.test);
const pins = Object.entries(SOURCES)
  .map(([name, source]) => `  ${name}: ${source.repo.replace('+', '/')} @ ${resolve(source)}`)
  .join('\n');
process.stdout.write(
  `sources:\n${pins}\npool: ${result.pool.length} (${result.dropped} dropped as duplicates or overlapping the test split)\n${counts(result.pool)}\n` +
    `test: ${result.test.length}\n${counts(result.test)}\n`,
);
