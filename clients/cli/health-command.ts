/** `ai-text health`: the service's health and its components; exit 1 when degraded. */
import { expectData } from '../rest/rest-api-error.js';
import type { CommandContext } from './cli-context.js';
import { EXIT, type ExitCode } from './cli-error.js';

export async function runHealthCommand(context: CommandContext): Promise<ExitCode> {
  const { io, client, values } = context;
  const health = await expectData(client.GET('/v1/health', { signal: context.requestSignal() }));
  if (values.json) {
    io.stdout.write(`${JSON.stringify(health, null, 2)}\n`);
  } else {
    const lines = [`${health.status} (version ${health.version}) at ${context.url}`];
    const components = Object.entries(health.components);
    const width = Math.max(0, ...components.map(([name]) => name.length));
    for (const [name, component] of components) {
      lines.push(`  ${name.padEnd(width)}  ${component.status.padEnd(9)}  ${component.message}`);
    }
    io.stdout.write(`${lines.join('\n')}\n`);
  }
  return health.status === 'healthy' ? EXIT.ok : EXIT.failed;
}
