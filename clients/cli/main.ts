/** The `ai-text` process: the only CLI file that touches `process`. */
import { runCli } from './run-cli.js';

process.exitCode = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
