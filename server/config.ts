/**
 * The one reader of the environment. `loadConfig()` validates every variable with one zod schema,
 * reports every bad one in a single error, and returns a frozen, nested, typed config.
 * Empty strings count as unset; numbers are coerced; lists accept JSON arrays or commas.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { parseCustomConfigJson } from '../infra/resilience/custom-config.js';
import {
  LEGACY_VARIABLES,
  readLegacyConfig,
  toLegacySettings,
  type LegacyVariable,
} from '../infra/resilience/legacy-config.js';
import type { ResilienceSettings } from '../infra/resilience/resilience-config.js';

const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

const bool = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined) return fallback;
      const normalised = value.trim().toLowerCase();
      if (TRUE.includes(normalised)) return true;
      if (FALSE.includes(normalised)) return false;
      context.addIssue({ code: 'custom', message: `must be true or false (got "${value}")` });
      return z.NEVER;
    });

const int = (fallback: number, min: number, max: number) =>
  z.coerce
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int(`must be a whole number from ${min} to ${max}`)
    .min(min, `must be a whole number from ${min} to ${max}`)
    .max(max, `must be a whole number from ${min} to ${max}`)
    .optional()
    .transform((value) => value ?? fallback);

const num = (fallback: number, min: number, max: number) =>
  z.coerce
    .number({ error: `must be a number from ${min} to ${max}` })
    .min(min, `must be a number from ${min} to ${max}`)
    .max(max, `must be a number from ${min} to ${max}`)
    .optional()
    .transform((value) => value ?? fallback);

const str = () => z.string().trim().optional();

const list = () =>
  z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined) return undefined;
      const trimmed = value.trim();
      if (trimmed.startsWith('[')) {
        try {
          const parsed: unknown = JSON.parse(trimmed);
          if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) {
            return parsed.map((item) => item.trim()).filter(Boolean);
          }
        } catch {
          // reported below
        }
        context.addIssue({ code: 'custom', message: 'must be a JSON array of strings or a comma-separated list' });
        return z.NEVER;
      }
      return trimmed
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
    });

const oneOf = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined) return fallback;
      const normalised = value.trim().toLowerCase();
      const match: T[number] | undefined = values.find((candidate) => candidate.toLowerCase() === normalised);
      if (match !== undefined) return match;
      context.addIssue({ code: 'custom', message: `must be one of ${values.join(', ')} (got "${value}")` });
      return z.NEVER;
    });

const url = () =>
  z
    .string()
    .trim()
    .optional()
    .refine((value) => value === undefined || URL.canParse(value), 'must be a URL');

/**
 * The reference's legacy resilience variables (`infra/resilience/legacy-config.ts` maps and checks
 * them): read only while neither `RESILIENCE_PRESET` nor `RESILIENCE_CUSTOM_CONFIG` is set.
 */
const LEGACY_SHAPE = Object.fromEntries(LEGACY_VARIABLES.map((name) => [name, str()])) as Record<
  LegacyVariable,
  ReturnType<typeof str>
>;

/** Variables of the reference this service does not read, with what to set instead (a start-up warning). */
const RETIRED_VARIABLES: Readonly<Record<string, string>> = {
  CACHE_PRESET:
    'the cache is sized by CACHE_MEMORY_MAX_ENTRIES / CACHE_MEMORY_MAX_BYTES, CACHE_DEFAULT_TTL, ' +
    'CACHE_COMPRESSION_THRESHOLD, and REDIS_URL for the shared tier',
};

const PROVIDER_NAMES = ['gemini', 'openai', 'local'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** Every environment variable the service reads, with its default. */
const EnvSchema = z.object({
  NODE_ENV: str(),
  ENVIRONMENT: str(),
  HOST: str(),
  BACKEND_HOST: str(),
  PORT: int(8000, 0, 65535).optional(),
  BACKEND_PORT: int(8000, 0, 65535).optional(),
  DEBUG: bool(false),
  LOG_LEVEL: oneOf(['DEBUG', 'INFO', 'WARNING', 'WARN', 'ERROR', 'CRITICAL'], 'INFO'),
  LOG_FORMAT: oneOf(['json', 'pretty'], 'pretty').optional(),
  REQUEST_LOGGING_ENABLED: bool(true),

  API_KEY: str(),
  ADDITIONAL_API_KEYS: list(),
  INTERNAL_API_KEYS: list(),
  INTERNAL_API_ENABLED: bool(true),
  DISABLE_INTERNAL_DOCS: bool(false).optional(),

  CORS_ORIGINS: list(),
  ALLOWED_ORIGINS: list(),
  SECURITY_HEADERS_ENABLED: bool(true),
  INJECTION_POLICY: oneOf(['block', 'flag', 'off'], 'flag'),
  INJECTION_THRESHOLD: num(0.5, 0, 1),
  INJECTION_CLASSIFIER: oneOf(['on', 'off'], 'on'),

  INPUT_MAX_LENGTH: int(10_000, 10, 100_000),
  MAX_BATCH_REQUESTS_PER_CALL: int(50, 1, 200),
  BATCH_AI_CONCURRENCY_LIMIT: int(5, 1, 100),
  BATCH_RESULT_TTL: int(3600, 1, 604_800),
  MAX_REQUEST_SIZE: int(10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),

  AI_PROVIDERS: list(),
  AI_LOCAL_FALLBACK: bool(true),
  AI_TEMPERATURE: num(0.7, 0, 2),
  AI_TIMEOUT_MS: int(30_000, 100, 600_000),
  AI_MAX_CONCURRENCY: int(32, 1, 10_000),
  AI_MAX_QUEUE: int(256, 0, 100_000),
  /** Streamed answers: longest wait for the provider's first text, and between two chunks, in ms. */
  STREAM_FIRST_BYTE_TIMEOUT_MS: int(30_000, 100, 600_000),
  STREAM_IDLE_TIMEOUT_MS: int(15_000, 100, 600_000),
  GEMINI_API_KEY: str(),
  GEMINI_BASE_URL: url(),
  AI_MODEL: str(),
  OPENAI_API_KEY: str(),
  OPENAI_BASE_URL: url(),
  OPENAI_MODEL: str(),

  REDIS_URL: url(),
  CACHE_REDIS_URL: url(),
  REDIS_CLUSTER_NODES: list(),
  REDIS_ENCRYPTION_KEY: str(),
  REDIS_COMMAND_TIMEOUT_MS: int(250, 10, 60_000),
  CACHE_DEFAULT_TTL: int(3600, 1, 604_800),
  CACHE_COMPRESSION_THRESHOLD: int(1000, 100, 10_000_000),
  CACHE_MEMORY_MAX_ENTRIES: int(10_000, 1, 10_000_000),
  CACHE_MEMORY_MAX_BYTES: int(64 * 1024 * 1024, 1024, 16 * 1024 * 1024 * 1024),

  RESILIENCE_PRESET: oneOf(['simple', 'development', 'production'], 'simple').optional(),
  RESILIENCE_CUSTOM_CONFIG: str(),
  ...LEGACY_SHAPE,

  RATE_LIMITING_ENABLED: bool(true),
  RATE_LIMITING_SKIP_HEALTH: bool(true),
  RATE_LIMIT_GLOBAL_PER_MINUTE: int(600, 1, 1_000_000),
  RATE_LIMIT_HEAVY_PER_MINUTE: int(60, 1, 1_000_000),
  RATE_LIMIT_STANDARD_PER_MINUTE: int(300, 1, 1_000_000),
  RATE_LIMIT_AUTH_PER_MINUTE: int(30, 1, 1_000_000),

  HEALTH_CHECK_TIMEOUT_MS: int(2000, 10, 60_000),
  SHUTDOWN_TIMEOUT_MS: int(10_000, 0, 600_000),
  SHUTDOWN_DELAY_MS: int(0, 0, 120_000),
  WEB_CONCURRENCY: int(1, 1, 256),
  HEADERS_TIMEOUT_MS: int(10_000, 100, 600_000),
  REQUEST_TIMEOUT_MS: int(120_000, 100, 3_600_000),
  KEEP_ALIVE_TIMEOUT_MS: int(5_000, 100, 600_000),
  MAX_HEADER_COUNT: int(100, 10, 2000),
  MAX_HEADER_BYTES: int(16_384, 1024, 1024 * 1024),
  TRUST_PROXY: str(),
  OTEL_EXPORTER_OTLP_ENDPOINT: url(),
});

export type Environment = 'development' | 'testing' | 'staging' | 'production';

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError;
}

function toEnvironment(value: string | undefined): Environment | undefined {
  switch (value?.toLowerCase()) {
    case 'production':
    case 'prod':
    case 'live':
      return 'production';
    case 'staging':
    case 'stage':
      return 'staging';
    case 'testing':
    case 'test':
      return 'testing';
    case 'development':
    case 'dev':
      return 'development';
    default:
      return undefined;
  }
}

function withoutEmpty(source: Record<string, string | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value !== undefined && value.trim() !== '') result[name] = value;
  }
  return result;
}

/**
 * express's `trust proxy`: unset or `false` → use the socket address; `true` → trust every hop;
 * a number → trust that many hops; otherwise a comma-separated list of addresses or subnets
 * (`loopback, 10.0.0.0/8`). Decides the client IP used by rate limiting.
 */
function toTrustProxy(value: string | undefined): boolean | number | string[] {
  if (value === undefined) return false;
  const normalised = value.trim().toLowerCase();
  if (/^\d+$/.test(normalised)) return Number(normalised);
  if (TRUE.includes(normalised)) return true;
  if (FALSE.includes(normalised)) return false;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

const LOG_LEVELS = {
  DEBUG: 'debug',
  INFO: 'info',
  WARNING: 'warn',
  WARN: 'warn',
  ERROR: 'error',
  CRITICAL: 'error',
} as const;

/**
 * `RESILIENCE_PRESET` and `RESILIENCE_CUSTOM_CONFIG` win; only without both are legacy variables
 * used (on the `simple` preset). Either way the legacy ones that are set are reported, for
 * `is_legacy_config`, the start-up warnings and `make migrate-config`.
 */
function toResilience(env: z.infer<typeof EnvSchema>) {
  const legacy = readLegacyConfig(env);
  const explicit = (['RESILIENCE_PRESET', 'RESILIENCE_CUSTOM_CONFIG'] as const).filter(
    (name) => env[name] !== undefined,
  );
  const legacyInUse = legacy !== null && explicit.length === 0;
  const customConfig = legacyInUse
    ? legacy.custom
    : env.RESILIENCE_CUSTOM_CONFIG === undefined
      ? null
      : parseCustomConfigJson(env.RESILIENCE_CUSTOM_CONFIG);
  const preset = env.RESILIENCE_PRESET ?? 'simple';
  const settings: ResilienceSettings = legacyInUse
    ? toLegacySettings(legacy)
    : { preset, customConfig: customConfig?.config ?? null };
  const warnings: string[] = [];
  if (legacy) {
    const names = legacy.variables.map((variable) => variable.name).join(', ');
    warnings.push(
      legacyInUse
        ? `Resilience comes from the deprecated legacy variables ${names}: \`make migrate-config\` prints the RESILIENCE_PRESET / RESILIENCE_CUSTOM_CONFIG that runs the same`
        : `Legacy resilience variables ignored because ${explicit.join(' and ')} ${explicit.length > 1 ? 'are' : 'is'} set: ${names} (remove them; \`make migrate-config\` shows what they amounted to)`,
    );
    if (legacyInUse) warnings.push(...legacy.warnings);
  }
  return {
    /** The preset that runs (`simple` under legacy variables). */
    preset: settings.preset,
    /** `RESILIENCE_CUSTOM_CONFIG` parsed, or the overrides the legacy variables amount to when they are used. */
    customConfig,
    /** The legacy variables that are set, used or not (`overriddenBy`: the variables that win over them). */
    legacy: legacy ? { ...legacy, inUse: legacyInUse, overriddenBy: explicit } : null,
    /** What `createResilienceConfig` runs. */
    settings,
    warnings,
  };
}

function build(env: z.infer<typeof EnvSchema>, retired: readonly string[]) {
  const environment = toEnvironment(env.ENVIRONMENT) ?? toEnvironment(env.NODE_ENV) ?? 'development';
  const isProduction = environment === 'production';
  const apiKeys = [env.API_KEY, ...(env.ADDITIONAL_API_KEYS ?? [])].filter((key): key is string => Boolean(key));
  const remoteProviders: ProviderName[] = [];
  if (env.GEMINI_API_KEY) remoteProviders.push('gemini');
  if (env.OPENAI_API_KEY) remoteProviders.push('openai');
  const providers = (env.AI_PROVIDERS as ProviderName[] | undefined) ?? [...remoteProviders, 'local'];
  const redisUrl = env.REDIS_URL ?? env.CACHE_REDIS_URL;
  const { warnings: resilienceWarnings, ...resilience } = toResilience(env);
  return {
    environment,
    isProduction,
    server: {
      host: env.HOST ?? env.BACKEND_HOST ?? '0.0.0.0',
      port: env.PORT ?? env.BACKEND_PORT ?? 8000,
      webConcurrency: env.WEB_CONCURRENCY,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
      shutdownDelayMs: env.SHUTDOWN_DELAY_MS,
      headersTimeoutMs: env.HEADERS_TIMEOUT_MS,
      requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: env.KEEP_ALIVE_TIMEOUT_MS,
      maxHeaderCount: env.MAX_HEADER_COUNT,
      maxHeaderBytes: env.MAX_HEADER_BYTES,
      trustProxy: toTrustProxy(env.TRUST_PROXY),
      maxRequestBytes: env.MAX_REQUEST_SIZE,
    },
    log: {
      level: env.DEBUG ? ('debug' as const) : LOG_LEVELS[env.LOG_LEVEL],
      format: env.LOG_FORMAT ?? (isProduction ? ('json' as const) : ('pretty' as const)),
      requests: env.REQUEST_LOGGING_ENABLED,
    },
    auth: { apiKeys, internalApiKeys: env.INTERNAL_API_KEYS ?? [] },
    internal: {
      enabled: env.INTERNAL_API_ENABLED,
      docsEnabled: !(env.DISABLE_INTERNAL_DOCS ?? isProduction),
    },
    cors: {
      origins:
        env.CORS_ORIGINS ??
        env.ALLOWED_ORIGINS ??
        (isProduction ? [] : ['http://localhost:8501', 'http://localhost:8000', 'http://127.0.0.1:8000']),
    },
    security: {
      headers: env.SECURITY_HEADERS_ENABLED,
      injectionPolicy: env.INJECTION_POLICY,
      injectionThreshold: env.INJECTION_THRESHOLD,
      /** Whether the learned classifier runs beside the rules (`INJECTION_CLASSIFIER`, default on); off: rules only. */
      injectionClassifier: env.INJECTION_CLASSIFIER === 'on',
    },
    limits: {
      inputMaxLength: env.INPUT_MAX_LENGTH,
      maxBatchItems: env.MAX_BATCH_REQUESTS_PER_CALL,
      batchConcurrency: env.BATCH_AI_CONCURRENCY_LIMIT,
      batchResultTtlSeconds: env.BATCH_RESULT_TTL,
    },
    ai: {
      providers,
      localFallback: env.AI_LOCAL_FALLBACK,
      temperature: env.AI_TEMPERATURE,
      timeoutMs: env.AI_TIMEOUT_MS,
      maxConcurrency: env.AI_MAX_CONCURRENCY,
      maxQueue: env.AI_MAX_QUEUE,
      /** Streams: first-byte and between-chunk timeouts in ms (defaults 30000 and 15000). */
      stream: { firstByteTimeoutMs: env.STREAM_FIRST_BYTE_TIMEOUT_MS, idleTimeoutMs: env.STREAM_IDLE_TIMEOUT_MS },
      gemini: env.GEMINI_API_KEY
        ? { apiKey: env.GEMINI_API_KEY, model: env.AI_MODEL ?? 'gemini-2.0-flash', baseUrl: env.GEMINI_BASE_URL }
        : undefined,
      openai: env.OPENAI_API_KEY
        ? { apiKey: env.OPENAI_API_KEY, model: env.OPENAI_MODEL ?? 'gpt-4o-mini', baseUrl: env.OPENAI_BASE_URL }
        : undefined,
    },
    cache: {
      redisUrl,
      clusterNodes: env.REDIS_CLUSTER_NODES ?? [],
      encryptionKey: env.REDIS_ENCRYPTION_KEY,
      commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
      defaultTtlSeconds: env.CACHE_DEFAULT_TTL,
      compressionThreshold: env.CACHE_COMPRESSION_THRESHOLD,
      memoryMaxEntries: env.CACHE_MEMORY_MAX_ENTRIES,
      memoryMaxBytes: env.CACHE_MEMORY_MAX_BYTES,
    },
    resilience,
    rateLimit: {
      enabled: env.RATE_LIMITING_ENABLED,
      skipHealth: env.RATE_LIMITING_SKIP_HEALTH,
      globalPerMinute: env.RATE_LIMIT_GLOBAL_PER_MINUTE,
      heavyPerMinute: env.RATE_LIMIT_HEAVY_PER_MINUTE,
      standardPerMinute: env.RATE_LIMIT_STANDARD_PER_MINUTE,
      authPerMinute: env.RATE_LIMIT_AUTH_PER_MINUTE,
    },
    health: { timeoutMs: env.HEALTH_CHECK_TIMEOUT_MS },
    telemetry: { otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT },
    /** Things worth an operator's attention that do not stop the start (logged by `main.ts`). */
    warnings: [
      ...resilienceWarnings,
      ...retired.map((name) => `${name} is set but not read: ${RETIRED_VARIABLES[name]}`),
    ],
  };
}

export type AppConfig = Readonly<ReturnType<typeof build>>;

function crossChecks(config: AppConfig): string[] {
  const problems: string[] = [];
  if (config.isProduction && config.auth.apiKeys.length === 0) {
    problems.push('API_KEY: production requires at least one API key (API_KEY or ADDITIONAL_API_KEYS)');
  }
  const unknown = config.ai.providers.filter((name) => !PROVIDER_NAMES.includes(name));
  if (unknown.length > 0) {
    problems.push(`AI_PROVIDERS: unknown provider(s) ${unknown.join(', ')}; allowed: ${PROVIDER_NAMES.join(', ')}`);
  }
  if (config.ai.providers.includes('gemini') && !config.ai.gemini) {
    problems.push('AI_PROVIDERS: gemini is listed but GEMINI_API_KEY is not set');
  }
  if (config.ai.providers.includes('openai') && !config.ai.openai) {
    problems.push('AI_PROVIDERS: openai is listed but OPENAI_API_KEY is not set');
  }
  if (config.server.headersTimeoutMs > config.server.requestTimeoutMs) {
    problems.push('HEADERS_TIMEOUT_MS: must not exceed REQUEST_TIMEOUT_MS');
  }
  const custom = config.resilience.customConfig;
  if (config.resilience.legacy?.inUse) problems.push(...config.resilience.legacy.problems);
  else if (custom && !custom.is_valid) problems.push(`RESILIENCE_CUSTOM_CONFIG: ${custom.errors.join('; ')}`);
  if (config.ai.providers.length === 0) problems.push('AI_PROVIDERS: must name at least one provider');
  if (config.cache.encryptionKey !== undefined && Buffer.from(config.cache.encryptionKey, 'base64').length !== 32) {
    problems.push('REDIS_ENCRYPTION_KEY: must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)');
  }
  return problems;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * Validates `env` (default `process.env`, after reading `.env` when present) and returns the
 * frozen config, or throws one `ConfigError` naming every bad variable.
 */
export function loadConfig(env: Record<string, string | undefined> = readProcessEnv()): AppConfig {
  const set = withoutEmpty(env);
  const parsed = EnvSchema.safeParse(set);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
    );
  }
  const config = build(
    parsed.data,
    Object.keys(RETIRED_VARIABLES).filter((name) => name in set),
  );
  const problems = crossChecks(config);
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

function readProcessEnv(): Record<string, string | undefined> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return process.env;
}

/** The name of every variable `loadConfig` reads (tests/deploy checks the manifests against it). */
export const CONFIG_VARIABLES: readonly string[] = Object.freeze(Object.keys(EnvSchema.shape));
