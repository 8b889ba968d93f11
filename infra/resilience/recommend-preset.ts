import { PRESET_NAMES, type PresetName, type PresetRecommendation } from '../../domain/resilience-schemas.js';

interface Match {
  readonly preset: PresetName;
  readonly confidence: number;
  readonly reasoning: string;
}

/** Exact environment names (lower-cased, trimmed) and what they get (seed contract §5.6). */
const EXACT_MATCHES: Readonly<Record<string, Match>> = {
  development: { preset: 'development', confidence: 0.95, reasoning: 'Exact match for development environment' },
  dev: { preset: 'development', confidence: 0.9, reasoning: 'Standard abbreviation for development' },
  testing: { preset: 'development', confidence: 0.85, reasoning: 'Testing typically uses development-like settings' },
  test: { preset: 'development', confidence: 0.85, reasoning: 'Test environment should fail fast' },
  staging: { preset: 'production', confidence: 0.9, reasoning: 'Staging should mirror production settings' },
  stage: { preset: 'production', confidence: 0.85, reasoning: 'Stage environment abbreviation' },
  production: { preset: 'production', confidence: 0.95, reasoning: 'Exact match for production environment' },
  prod: { preset: 'production', confidence: 0.9, reasoning: 'Standard abbreviation for production' },
  live: { preset: 'production', confidence: 0.85, reasoning: 'Live environment implies production' },
};

const STAGING_PATTERNS = [/stag/i, /pre-?prod/i, /preprod/i, /uat/i, /integration/i];
const DEVELOPMENT_PATTERNS = [/dev/i, /local/i, /test/i, /sandbox/i, /demo/i];
const PRODUCTION_PATTERNS = [/prod/i, /live/i, /release/i, /stable/i, /main/i, /master/i];

/** Patterns for names like `staging-eu` or `feature-dev-3`, checked staging, then dev, then prod. */
function matchPattern(environment: string): Match {
  if (STAGING_PATTERNS.some((pattern) => pattern.test(environment))) {
    return {
      preset: 'production',
      confidence: 0.7,
      reasoning: `Environment name '${environment}' matches staging pattern, using production preset`,
    };
  }
  if (DEVELOPMENT_PATTERNS.some((pattern) => pattern.test(environment))) {
    return {
      preset: 'development',
      confidence: 0.75,
      reasoning: `Environment name '${environment}' matches development pattern`,
    };
  }
  if (PRODUCTION_PATTERNS.some((pattern) => pattern.test(environment))) {
    return {
      preset: 'production',
      confidence: 0.75,
      reasoning: `Environment name '${environment}' matches production pattern`,
    };
  }
  return {
    preset: 'simple',
    confidence: 0.4,
    reasoning: `Unknown environment pattern '${environment}', defaulting to simple preset`,
  };
}

/**
 * The preset for a named environment (reference `recommend_preset_with_details`): the exact table
 * first, then the name patterns, else `simple` with confidence 0.4.
 */
export function recommendPreset(environment: string): PresetRecommendation {
  const normalized = environment.toLowerCase().trim();
  const match = Object.hasOwn(EXACT_MATCHES, normalized) ? EXACT_MATCHES[normalized] : undefined;
  const { preset, confidence, reasoning } = match ?? matchPattern(normalized);
  return {
    environment_detected: environment,
    recommended_preset: preset,
    confidence,
    reasoning,
    available_presets: [...PRESET_NAMES],
    auto_detected: false,
  };
}
