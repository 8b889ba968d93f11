/** The text of `ai-text --help` and of each command's `--help`. */
import type { CommandName } from './cli-options.js';

const CONNECTION = `Connection:
  --url URL          Service URL (default: $AI_TEXT_URL or http://localhost:8000)
  --api-key KEY      API key, sent as a Bearer token (default: $AI_TEXT_API_KEY)
  --timeout SECONDS  Time allowed per request (default 60)`;

const EXIT_CODES = `Exit codes: 0 done, 1 request or items failed, 2 usage error, 3 authentication or
permission refused, 4 service unreachable or too slow.`;

const PROCESSING = `  --op OPERATION       summarize | sentiment | key_points | questions | qa
  -q, --question TEXT  The question (required for qa)
  --max-length N       Summary length in words (summarize)
  --max-points N       Number of key points (key_points)
  --num-questions N    Number of questions (questions)`;

const HELP: Record<CommandName | 'main', string> = {
  main: `ai-text: process texts with the AI Text Processing API.

Usage:
  ai-text process --op OPERATION [--text TEXT | --file FILE | < stdin]
  ai-text batch FILE --op OPERATION [--output results.jsonl]
  ai-text health
  ai-text presets

Run "ai-text COMMAND --help" for a command's options.

${CONNECTION}

${EXIT_CODES}
`,
  process: `ai-text process: apply one operation to one text and print the result.

Usage:
  ai-text process --op summarize --file article.txt
  echo "I love this product, it works great." | ai-text process --op sentiment

${PROCESSING}
  -t, --text TEXT      The text (otherwise --file, or standard input)
  -f, --file FILE      Read the text from FILE ("-" for standard input)
  --json               Print the full JSON response (with --stream: one JSON line per event)
  --no-cache           Ask the service not to answer from its cache
  --stream             Print the answer as it arrives (Server-Sent Events)

${CONNECTION}
`,
  batch: `ai-text batch: process every item of a file through batch_process, in chunks, and write
one JSON line per item. Re-running with the same output skips items already written.

Usage:
  ai-text batch reviews.jsonl --op sentiment --output sentiments.jsonl

Input (by extension, or --format):
  .jsonl  one JSON object per line: {"text": "...", "operation"?, "question"?, "options"?, "id"?}
          (or a JSON string per line)
  .csv    a header row with a "text" column; optional "operation", "question", "id" columns
  other   plain text, one text per non-empty line

${PROCESSING}
  -f, --file FILE      The input file (or give it as the argument)
  --format FORMAT      jsonl | csv | text
  -o, --output FILE    Results, JSON lines (default: FILE.results.jsonl)
  --chunk-size N       Items per request (default 50; lowered to the server's limit)
  --concurrency N      Chunks in flight at once (default 2)
  --retry-failed       Process again the items recorded as failed
  --no-progress        No progress bar

${CONNECTION}

${EXIT_CODES}
`,
  health: `ai-text health: show the service's health (exit 1 when degraded).

Usage:
  ai-text health [--json]

${CONNECTION}
`,
  presets: `ai-text presets: list the resilience presets (internal API: needs an operator key).

Usage:
  ai-text presets [--json]

${CONNECTION}
`,
};

export function helpText(command: CommandName | undefined): string {
  return HELP[command ?? 'main'];
}
