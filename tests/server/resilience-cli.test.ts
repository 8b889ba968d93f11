import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'server/resilience-cli.ts');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI as `make` does, in `cwd`, with only `env` (and PATH) in its environment. */
function runCli(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Promise<Run> {
  return new Promise((done) => {
    execFile(
      TSX,
      [CLI, ...args],
      { cwd: options.cwd, env: { PATH: process.env['PATH'] ?? '', ...options.env }, timeout: 45_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

// Each run starts tsx afresh (about a second, more on a busy machine).
describe('resilience CLI (make targets)', { timeout: 60_000 }, () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'resilience-cli-'));
  });
  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('list-resil-presets: prints the three presets with their numbers', async () => {
    const run = await runCli(['list'], { cwd });
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^key\s+name\s+retries\s+breaker/);
    expect(lines.find((line) => line.startsWith('simple'))).toMatch(/Simple\s+3\s+5\s+60\s+balanced/);
    expect(lines.find((line) => line.startsWith('development'))).toMatch(/Development\s+2\s+3\s+30\s+aggressive/);
    expect(lines.find((line) => line.startsWith('production'))).toMatch(/Production\s+5\s+10\s+120\s+conservative/);
  });

  it('show-resil-preset: prints the preset as JSON and what each operation runs with', async () => {
    const run = await runCli(['show', 'production'], { cwd });
    expect(run.code).toBe(0);
    const json = run.stdout.slice(0, run.stdout.indexOf('\n}\n') + 2);
    expect(JSON.parse(json)).toMatchObject({
      name: 'Production',
      configuration: { retry_attempts: 5, default_strategy: 'conservative', operation_overrides: { qa: 'critical' } },
    });
    expect(run.stdout).toMatch(/answer_question\s+critical\s+7\s/);
    expect(run.stdout).toMatch(/analyze_sentiment\s+aggressive\s+2\s/);
  });

  it('show-resil-preset: an unknown preset exits 1 naming the available ones', async () => {
    const run = await runCli(['show', 'turbo'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Unknown preset 'turbo'. Available presets: simple, development, production");
  });

  it('exits 2 with the usage for a missing argument or an unknown command', async () => {
    const missing = await runCli(['show', ''], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Usage: resilience-cli');
    const unknown = await runCli(['frobnicate'], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command: frobnicate');
  });

  it('recommend-resil-preset: applies the exact table, then the name patterns', async () => {
    const staging = await runCli(['recommend', 'staging'], { cwd });
    expect(staging.code).toBe(0);
    expect(staging.stdout).toMatch(/staging\s+production\s+0\.90\s+Staging should mirror production settings/);
    const feature = await runCli(['recommend', 'feature-dev-3'], { cwd });
    expect(feature.stdout).toMatch(/feature-dev-3\s+development\s+0\.75/);
    expect(feature.stdout).toContain('RESILIENCE_PRESET=development');
  });

  it('validate-resil-config: accepts a valid preset and custom JSON and shows the effective numbers', async () => {
    const run = await runCli(['validate'], {
      cwd,
      env: {
        RESILIENCE_PRESET: 'development',
        RESILIENCE_CUSTOM_CONFIG: '{"retry_attempts": 4, "circuit_breaker_threshold": 2}',
      },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('preset: development');
    expect(run.stdout).toContain('warning: Very low circuit breaker threshold');
    expect(run.stdout).toMatch(/summarize_text\s+aggressive\s+4\s.*\s2\s+30$/m);
  });

  it('validate-resil-config: an invalid custom JSON exits 1 with every error', async () => {
    const run = await runCli(['validate'], {
      cwd,
      env: { RESILIENCE_CUSTOM_CONFIG: '{"retry_attempts": 50, "exponential_min": 8, "exponential_max": 6}' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('RESILIENCE_CUSTOM_CONFIG');
    expect(run.stderr).toContain('retry_attempts must be at most 10 (got 50)');
    expect(run.stderr).toContain('exponential_min must be less than exponential_max');
    expect(run.stdout).toBe('');
  });

  it('migrate-config: prints the equivalent preset and custom JSON, what differs, and what to remove', async () => {
    const run = await runCli(['migrate'], {
      cwd,
      env: {
        RETRY_MAX_ATTEMPTS: '5',
        CIRCUIT_BREAKER_FAILURE_THRESHOLD: '10',
        CIRCUIT_BREAKER_RECOVERY_TIMEOUT: '120',
        DEFAULT_RESILIENCE_STRATEGY: 'conservative',
        QA_RESILIENCE_STRATEGY: 'critical',
        RETRY_JITTER_ENABLED: 'true',
      },
    });
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines).toContain('  QA_RESILIENCE_STRATEGY=critical           -> operation_overrides.qa');
    expect(lines).toContain('They are in use: neither RESILIENCE_PRESET nor RESILIENCE_CUSTOM_CONFIG is set.');
    expect(lines).toContain('RESILIENCE_PRESET=production');
    expect(lines).toContain(
      `RESILIENCE_CUSTOM_CONFIG='{"retry_attempts":5,"recovery_timeout":120,"operation_overrides":{"sentiment":"conservative","key_points":"conservative","questions":"conservative"}}'`,
    );
    expect(lines).toContain('What differs from the production preset:');
    expect(run.stdout).toMatch(
      /^ {2}operation_overrides\.sentiment +aggressive +conservative +DEFAULT_RESILIENCE_STRATEGY$/m,
    );
    expect(run.stdout).toMatch(
      /^ {2}retry_attempts +5 \(sentiment 2, key_points 3, questions 3, qa 7\) +5 +RETRY_MAX_ATTEMPTS$/m,
    );
    expect(lines).toContain(
      "Already the preset's values, no line needed: RETRY_JITTER_ENABLED, CIRCUIT_BREAKER_FAILURE_THRESHOLD, QA_RESILIENCE_STRATEGY",
    );
    expect(lines.at(-2)).toMatch(/^Then remove RETRY_MAX_ATTEMPTS, RETRY_JITTER_ENABLED, .*QA_RESILIENCE_STRATEGY\.$/);
  });

  it('migrate-config: reads .env, and says when the legacy variables are ignored or cannot be expressed', async () => {
    const withEnvFile = await mkdtemp(join(tmpdir(), 'resilience-cli-migrate-'));
    try {
      await writeFile(join(withEnvFile, '.env'), 'RETRY_MAX_DELAY=90\nCIRCUIT_BREAKER_ENABLED=false\n');
      const run = await runCli(['migrate'], { cwd: withEnvFile, env: { RESILIENCE_PRESET: 'development' } });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('They are ignored today (RESILIENCE_PRESET set); below is what they would run.');
      expect(run.stdout).toContain(`RESILIENCE_PRESET=simple\nRESILIENCE_CUSTOM_CONFIG='{"max_delay_seconds":90}'`);
      expect(run.stdout).toContain(
        'Not expressible: CIRCUIT_BREAKER_ENABLED=false: RESILIENCE_CUSTOM_CONFIG cannot switch circuit breakers off',
      );
    } finally {
      await rm(withEnvFile, { recursive: true, force: true });
    }
  });

  it('migrate-config: nothing to migrate without legacy variables; bad values exit 1 naming them', async () => {
    const none = await runCli(['migrate'], { cwd, env: { RESILIENCE_PRESET: 'production' } });
    expect(none.code).toBe(0);
    expect(none.stdout).toBe(
      'No legacy resilience variables are set: nothing to migrate.\nCurrent: RESILIENCE_PRESET=production\n',
    );
    const bad = await runCli(['migrate'], { cwd, env: { RETRY_MAX_ATTEMPTS: 'three' } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('RETRY_MAX_ATTEMPTS: must be a number (got "three")');
    expect(bad.stdout).toBe('');
  });

  it('validate-resil-config: shows legacy variables in use and breakers switched off', async () => {
    const run = await runCli(['validate'], { cwd, env: { RETRY_ENABLED: 'false', CIRCUIT_BREAKER_ENABLED: 'false' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('from legacy variables: RETRY_ENABLED, CIRCUIT_BREAKER_ENABLED');
    expect(run.stdout).toMatch(/^summarize_text\s+balanced\s+1\s.*\soff\s+60$/m);
  });

  it('validate-resil-config: reads .env as start-up does', async () => {
    const withEnvFile = await mkdtemp(join(tmpdir(), 'resilience-cli-env-'));
    try {
      await writeFile(join(withEnvFile, '.env'), 'RESILIENCE_PRESET=turbo\n');
      const run = await runCli(['validate'], { cwd: withEnvFile });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('RESILIENCE_PRESET: must be one of simple, development, production (got "turbo")');
    } finally {
      await rm(withEnvFile, { recursive: true, force: true });
    }
  });
});
