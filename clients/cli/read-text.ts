/** Where `process` gets its text: `--text`, `--file` (`-` = stdin), or standard input. */
import { readFile } from 'node:fs/promises';
import type { CliIo } from './cli-context.js';
import { CliError, EXIT } from './cli-error.js';

async function readStream(stream: CliIo['stdin']): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

export async function readText(options: { text?: string; file?: string; io: CliIo }): Promise<string> {
  const { text, file, io } = options;
  if (text !== undefined && file !== undefined)
    throw new CliError('give either --text or --file, not both', EXIT.usage);
  let content: string;
  if (text !== undefined) content = text;
  else if (file === '-') content = await readStream(io.stdin);
  else if (file !== undefined) {
    try {
      content = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new CliError(`cannot read ${file}${code ? ` (${code})` : ''}`, EXIT.usage, { cause: error });
    }
  } else if (io.stdin.isTTY) {
    throw new CliError('no text: pass --text, --file, or pipe the text to standard input', EXIT.usage);
  } else content = await readStream(io.stdin);
  if (content.trim() === '') throw new CliError('the text is empty', EXIT.usage);
  return content;
}
