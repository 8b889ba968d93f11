/** `ai-text process`: one operation on one text. */
import { expectData } from '../rest/rest-api-error.js';
import type { CommandContext } from './cli-context.js';
import { CliError, EXIT, type ExitCode } from './cli-error.js';
import { toMetadataLine, toReadableResult } from './format-response.js';
import { readProcessingFlags } from './processing-flags.js';
import { readText } from './read-text.js';
import { printStreamedAnswer } from './stream-output.js';

export async function runProcessCommand(context: CommandContext): Promise<ExitCode> {
  const { values, io, client } = context;
  const { operation, question, options } = readProcessingFlags(values);
  if (!operation) throw new CliError('--op is required (summarize, sentiment, key_points, questions, qa)', EXIT.usage);
  if (operation === 'qa' && !question?.trim()) throw new CliError('--question is required for qa', EXIT.usage);
  const text = await readText({ text: values.text, file: values.file, io });
  const body = { text, operation, ...(question ? { question } : {}), ...(options ? { options } : {}) };
  if (values.stream) return printStreamedAnswer(context, body);
  const response = await expectData(
    client.POST('/v1/text_processing/process', {
      body,
      headers: values['no-cache'] ? { 'Cache-Control': 'no-cache' } : {},
      signal: context.requestSignal(),
    }),
  );
  if (values.json) {
    io.stdout.write(`${JSON.stringify(response, null, 2)}\n`);
  } else {
    io.stdout.write(toReadableResult(response));
    io.stderr.write(toMetadataLine(response));
  }
  return EXIT.ok;
}
