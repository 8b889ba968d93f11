/**
 * The resilience make targets (`list-resil-presets`, `show-resil-preset`, `validate-resil-config`,
 * `recommend-resil-preset`, `migrate-config`) on the code the server runs: the presets, the
 * recommendation rules, the configuration computation, the legacy-variable mapping, and
 * `loadConfig` for the environment exactly as start-up reads it.
 *
 *   tsx server/resilience-cli.ts list | show <preset> | validate | recommend <environment> | migrate
 *
 * Exit codes: 0 ok, 1 invalid configuration or unknown preset, 2 usage error.
 */
import { pathToFileURL } from 'node:url';
import { PRESET_NAMES, type CurrentConfigResponse } from '../domain/resilience-schemas.js';
import { getPreset, toPresetDetails, toPresetSummary, unknownPresetMessage } from '../infra/resilience/presets.js';
import { recommendPreset } from '../infra/resilience/recommend-preset.js';
import { describeLegacyTarget, toLegacyMigration } from '../infra/resilience/legacy-config.js';
import { createResilienceConfig, toCurrentConfigResponse } from '../infra/resilience/resilience-config.js';
import { isConfigError, loadConfig, type AppConfig } from './config.js';

export interface ResilienceCliOptions {
  /** The environment `validate` and `migrate` read; `process.env` after `.env` (as start-up) when omitted. */
  readonly env?: Record<string, string | undefined>;
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
}

const USAGE = `Usage: resilience-cli <command>
  list                     the resilience presets
  show <preset>            one preset and what each operation runs with (${PRESET_NAMES.join(', ')})
  validate                 RESILIENCE_PRESET / RESILIENCE_CUSTOM_CONFIG (environment and .env), as start-up does
  recommend <environment>  the preset for an environment name (e.g. staging, feature-dev-3)
  migrate                  the RESILIENCE_PRESET / RESILIENCE_CUSTOM_CONFIG equivalent to the legacy variables`;

/** Rows as aligned columns, the first row a header underlined with dashes. */
export function toTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd();
  const [header, ...body] = rows;
  if (!header) return '';
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join('\n');
}

function operationsTable(config: CurrentConfigResponse): string {
  const rows = [
    ['operation', 'strategy', 'attempts', 'backoff (s)', 'budget (s)', 'jitter (s)', 'breaker', 'recovery (s)'],
  ];
  for (const [operation, strategyConfig] of Object.entries(config.operations)) {
    const retry = strategyConfig.retry_config;
    const breaker = strategyConfig.circuit_breaker_config;
    rows.push([
      operation,
      strategyConfig.strategy,
      String(retry.max_attempts),
      `${retry.exponential_min}-${retry.exponential_max} x${retry.exponential_multiplier}`,
      String(retry.max_delay_seconds),
      retry.jitter ? String(retry.jitter_max) : 'off',
      strategyConfig.enable_circuit_breaker ? String(breaker.failure_threshold) : 'off',
      String(breaker.recovery_timeout),
    ]);
  }
  return toTable(rows);
}

function list(out: (text: string) => void): number {
  const rows = [['key', 'name', 'retries', 'breaker', 'recovery (s)', 'strategy', 'environments']];
  for (const key of PRESET_NAMES) {
    const preset = toPresetSummary(key);
    rows.push([
      key,
      preset.name,
      String(preset.retry_attempts),
      String(preset.circuit_breaker_threshold),
      String(preset.recovery_timeout),
      preset.default_strategy,
      preset.environment_contexts.join(', '),
    ]);
  }
  out(toTable(rows));
  out('\nShow one with: make show-resil-preset PRESET=<key>');
  return 0;
}

function show(name: string, out: (text: string) => void, err: (text: string) => void): number {
  const preset = getPreset(name);
  if (!preset) {
    err(unknownPresetMessage(name));
    return 1;
  }
  const key = name as (typeof PRESET_NAMES)[number];
  out(JSON.stringify(toPresetDetails(preset), null, 2));
  out(`\nWhat each operation runs with (RESILIENCE_PRESET=${key}):`);
  out(operationsTable(toCurrentConfigResponse(createResilienceConfig({ preset: key }))));
  return 0;
}

/** The config as start-up loads it, or undefined after printing why the server would refuse it. */
function readConfig(options: ResilienceCliOptions, err: (text: string) => void): AppConfig | undefined {
  try {
    return options.env ? loadConfig(options.env) : loadConfig();
  } catch (error) {
    if (!isConfigError(error)) throw error;
    err('Invalid configuration: the server would refuse to start.');
    for (const problem of error.problems) err(`  - ${problem}`);
    if (error.problems.some((problem) => problem.startsWith('RESILIENCE_'))) {
      err(
        'Presets: `make list-resil-presets`; custom JSON keys and ranges: `POST /internal/resilience/config/validate`.',
      );
    }
    return undefined;
  }
}

function validate(options: ResilienceCliOptions, out: (text: string) => void, err: (text: string) => void): number {
  const config = readConfig(options, err);
  if (!config) return 1;
  const custom = config.resilience.customConfig;
  const legacy = config.resilience.legacy;
  const effective = createResilienceConfig(config.resilience.settings);
  out(`Resilience configuration is valid.`);
  out(`  preset: ${config.resilience.preset}`);
  if (legacy?.inUse) {
    out(`  from legacy variables: ${legacy.variables.map((variable) => variable.name).join(', ')}`);
    if (!legacy.circuitBreaker) out('  circuit breakers: off');
  }
  out(`  custom overrides: ${custom?.config ? JSON.stringify(custom.config) : 'none'}`);
  for (const warning of custom?.warnings ?? []) out(`  warning: ${warning}`);
  if (legacy && !legacy.inUse) out(`  warning: ${config.warnings[0] ?? 'legacy variables ignored'}`);
  out('');
  out(operationsTable(toCurrentConfigResponse(effective)));
  return 0;
}

/** The `make migrate-config` report of legacy variables that are set and valid. */
export function toMigrationReport(legacy: NonNullable<AppConfig['resilience']['legacy']>): string[] {
  const migration = toLegacyMigration(legacy);
  const lines = ['Legacy resilience variables (environment and .env):'];
  const width = Math.max(...legacy.variables.map(({ name, value }) => name.length + value.length + 1));
  for (const { name, value } of legacy.variables) {
    lines.push(`  ${`${name}=${value}`.padEnd(width)}  -> ${describeLegacyTarget(name)}`);
  }
  lines.push(
    legacy.inUse
      ? 'They are in use: neither RESILIENCE_PRESET nor RESILIENCE_CUSTOM_CONFIG is set.'
      : `They are ignored today (${legacy.overriddenBy.join(' and ')} set); below is what they would run.`,
    '',
    'Equivalent configuration (every operation runs the same strategy, retries, backoff, time budget and breaker):',
    '',
    `RESILIENCE_PRESET=${migration.preset}`,
  );
  if (migration.customConfig) lines.push(`RESILIENCE_CUSTOM_CONFIG='${JSON.stringify(migration.customConfig)}'`);
  lines.push('');
  if (migration.differences.length === 0) {
    lines.push(`Nothing differs from the ${migration.preset} preset: no RESILIENCE_CUSTOM_CONFIG needed.`);
  } else {
    lines.push(`What differs from the ${migration.preset} preset:`);
    const rows = [['setting', 'preset', 'migrated', 'from']];
    for (const difference of migration.differences) {
      const from = difference.variables.length > 0 ? difference.variables.join(', ') : '(legacy default)';
      rows.push([difference.key, difference.preset, difference.value, from]);
    }
    lines.push(
      ...toTable(rows)
        .split('\n')
        .map((line) => `  ${line}`),
    );
  }
  if (migration.redundant.length > 0) {
    lines.push(`Already the preset's values, no line needed: ${migration.redundant.join(', ')}`);
  }
  for (const note of migration.unsupported) lines.push(`Not expressible: ${note}`);
  for (const warning of legacy.warnings) lines.push(`Warning: ${warning}`);
  lines.push('', `Then remove ${legacy.variables.map((variable) => variable.name).join(', ')}.`);
  return lines;
}

function migrate(options: ResilienceCliOptions, out: (text: string) => void, err: (text: string) => void): number {
  const config = readConfig(options, err);
  if (!config) return 1;
  const legacy = config.resilience.legacy;
  if (!legacy) {
    out('No legacy resilience variables are set: nothing to migrate.');
    const custom = config.resilience.customConfig?.config;
    out(`Current: RESILIENCE_PRESET=${config.resilience.preset}${custom ? ` with RESILIENCE_CUSTOM_CONFIG` : ''}`);
    return 0;
  }
  if (legacy.problems.length > 0) {
    err('The legacy resilience variables have bad values; fix or remove them first:');
    for (const problem of legacy.problems) err(`  - ${problem}`);
    return 1;
  }
  for (const line of toMigrationReport(legacy)) out(line);
  return 0;
}

function recommend(environment: string, out: (text: string) => void): number {
  const recommendation = recommendPreset(environment);
  out(
    toTable([
      ['environment', 'preset', 'confidence', 'reasoning'],
      [
        recommendation.environment_detected,
        recommendation.recommended_preset,
        recommendation.confidence.toFixed(2),
        recommendation.reasoning,
      ],
    ]),
  );
  out(`\nUse it with: RESILIENCE_PRESET=${recommendation.recommended_preset}`);
  return 0;
}

/** Runs one command and returns the process exit code. */
export function runResilienceCli(args: readonly string[], options: ResilienceCliOptions = {}): number {
  const out = options.stdout ?? ((text: string) => process.stdout.write(`${text}\n`));
  const err = options.stderr ?? ((text: string) => process.stderr.write(`${text}\n`));
  const [command, argument = ''] = args;
  const usage = (message: string) => {
    err(message);
    err(USAGE);
    return 2;
  };
  switch (command) {
    case 'list':
      return list(out);
    case 'show':
      return argument.trim() ? show(argument.trim(), out, err) : usage('show needs a preset (PRESET=<key>).');
    case 'validate':
      return validate(options, out, err);
    case 'recommend':
      return argument.trim() ? recommend(argument, out) : usage('recommend needs an environment (ENV=<name>).');
    case 'migrate':
      return migrate(options, out, err);
    default:
      return usage(command ? `Unknown command: ${command}` : 'No command given.');
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `... | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  process.exitCode = runResilienceCli(process.argv.slice(2));
}
