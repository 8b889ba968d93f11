/** `ai-text presets`: the resilience presets, the active one marked (internal API). */
import { expectData } from '../rest/rest-api-error.js';
import type { CommandContext } from './cli-context.js';
import { EXIT, type ExitCode } from './cli-error.js';

export async function runPresetsCommand(context: CommandContext): Promise<ExitCode> {
  const { io, client, values } = context;
  const [presets, current] = await Promise.all([
    expectData(client.GET('/internal/resilience/config/presets', { signal: context.requestSignal() })),
    expectData(client.GET('/internal/resilience/config', { signal: context.requestSignal() })),
  ]);
  if (values.json) {
    io.stdout.write(`${JSON.stringify(presets, null, 2)}\n`);
    return EXIT.ok;
  }
  const rows = [
    ['', 'KEY', 'RETRIES', 'BREAKER AT', 'RECOVERY', 'STRATEGY', 'DESCRIPTION'],
    ...presets.map((preset) => [
      preset.key === current.preset_name ? '*' : '',
      preset.key,
      String(preset.retry_attempts),
      `${preset.circuit_breaker_threshold} failures`,
      `${preset.recovery_timeout} s`,
      preset.default_strategy,
      preset.description,
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const table = rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd(),
  );
  io.stdout.write(`${table.join('\n')}\n* active preset: ${current.preset_name}\n`);
  return EXIT.ok;
}
