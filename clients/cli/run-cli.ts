/**
 * The `ai-text` CLI as a function: parses the command line, builds the REST client from flags or
 * `AI_TEXT_URL` / `AI_TEXT_API_KEY`, runs the command and returns the exit code. Every failure
 * ends as one line on stderr.
 */
import { createRestClient } from '../rest/rest-client.js';
import { runBatchCommand } from './batch-command.js';
import type { CliIo, CommandContext } from './cli-context.js';
import { EXIT, toCliError, type ExitCode } from './cli-error.js';
import { helpText } from './cli-help.js';
import { parseCommandLine, readInteger, type CommandName } from './cli-options.js';
import { runHealthCommand } from './health-command.js';
import { runPresetsCommand } from './presets-command.js';
import { runProcessCommand } from './process-command.js';

export const DEFAULT_URL = 'http://localhost:8000';
const DEFAULT_TIMEOUT_SECONDS = 60;

const COMMANDS: Record<CommandName, (context: CommandContext) => Promise<ExitCode>> = {
  process: runProcessCommand,
  batch: runBatchCommand,
  health: runHealthCommand,
  presets: runPresetsCommand,
};

export async function runCli(io: CliIo): Promise<ExitCode> {
  let url = io.env.AI_TEXT_URL || DEFAULT_URL;
  try {
    const { command, values, operands } = parseCommandLine(io.argv);
    if (values.help) {
      io.stdout.write(helpText(command));
      return EXIT.ok;
    }
    if (command === undefined) {
      io.stderr.write(helpText(undefined));
      return EXIT.usage;
    }
    url = values.url ?? url;
    const apiKey = values['api-key'] ?? (io.env.AI_TEXT_API_KEY || undefined);
    const timeoutMs = (readInteger(values, 'timeout', { min: 1, max: 3600 }) ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
    const client = createRestClient({ url, ...(apiKey ? { apiKey } : {}), ...(io.fetch ? { fetch: io.fetch } : {}) });
    return await COMMANDS[command]({
      io,
      values,
      operands,
      client,
      url,
      requestSignal: () => AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cliError = toCliError(error, url);
    io.stderr.write(`ai-text: ${cliError.message}\n`);
    return cliError.exitCode;
  }
}
