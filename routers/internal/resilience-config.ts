import { z } from 'zod';
import {
  ConfigTemplateSchema,
  CurrentConfigResponseSchema,
  EnvironmentInputSchema,
  PresetDetailsSchema,
  PresetNameInputSchema,
  PresetRecommendationSchema,
  PresetSummarySchema,
  TemplateListResponseSchema,
  TemplateNameInputSchema,
  UpdateConfigRequestSchema,
  ValidationRequestSchema,
  ValidationResponseSchema,
} from '../../domain/resilience-schemas.js';
import { EmptyInputSchema } from '../../domain/schemas.js';
import { internalProcedure } from '../middleware.js';

const TAGS = ['Resilience configuration'];
const BASE = '/internal/resilience/config';

export const resilienceConfig = internalProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: BASE,
      tags: TAGS,
      summary: 'The effective resilience configuration',
      description: 'The preset, custom overrides and the exact numbers each operation runs with.',
      protect: true,
    },
  })
  .input(EmptyInputSchema)
  .output(CurrentConfigResponseSchema)
  .query(({ ctx }) => ctx.services.resilience.getConfig());

export const resilienceUpdateConfig = internalProcedure
  .meta({
    audit: true,
    openapi: {
      method: 'PUT',
      path: BASE,
      tags: TAGS,
      summary: 'Switch preset, apply a template or custom overrides at runtime',
      description:
        'Takes `preset`, `custom_config` (or `configuration`, the shape `POST …/config/validate` takes) and `template` (a name from `GET …/config/templates`, its config applied as the custom overrides, the given custom keys replacing its own). A preset given alone runs as it is: earlier custom overrides are dropped. Validates first: an unknown body key, an unknown template, an empty body or an invalid custom configuration is a 422 naming the problem, and the running configuration stays as it was. The next provider call runs with the new numbers; breakers keep their state.',
      protect: true,
    },
  })
  .input(UpdateConfigRequestSchema)
  .output(CurrentConfigResponseSchema)
  .mutation(({ ctx, input }) => ctx.services.resilience.updateConfig(input));

export const resiliencePresets = internalProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: `${BASE}/presets`,
      tags: TAGS,
      summary: 'The resilience presets',
      description:
        'The three presets (`simple`, `development`, `production`) with their retry attempts, breaker threshold, recovery timeout, default strategy and the environments each suits.',
      protect: true,
    },
  })
  .input(EmptyInputSchema)
  .output(z.array(PresetSummarySchema))
  .query(({ ctx }) => ctx.services.resilience.listPresets());

export const resiliencePreset = internalProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: `${BASE}/presets/{preset_name}`,
      tags: TAGS,
      summary: 'One preset in detail',
      description: "A preset's configuration with its per-operation strategy overrides; 404 for an unknown key.",
      protect: true,
    },
  })
  .input(PresetNameInputSchema)
  .output(PresetDetailsSchema)
  .query(({ ctx, input }) => ctx.services.resilience.getPreset(input.preset_name));

export const resilienceRecommendPreset = internalProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: `${BASE}/recommend-preset/{environment}`,
      tags: TAGS,
      summary: 'The preset for an environment name',
      description:
        'Maps an environment name (`prod`, `staging`, `feature-dev-3`...) to a preset, with a confidence and the reasoning; an unrecognised name gets `simple` with a low confidence (never 404).',
      protect: true,
    },
  })
  .input(EnvironmentInputSchema)
  .output(PresetRecommendationSchema)
  .query(({ ctx, input }) => ctx.services.resilience.recommendPreset(input.environment));

export const resilienceTemplates = internalProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: `${BASE}/templates`,
      tags: TAGS,
      summary: 'Custom configuration templates',
      description:
        'Named custom configurations (`fast_development`, `robust_production`...): apply one with `PUT …/config` and `{"template": "<name>"}`, or start a custom configuration from it.',
      protect: true,
    },
  })
  .input(EmptyInputSchema)
  .output(TemplateListResponseSchema)
  .query(({ ctx }) => ctx.services.resilience.listTemplates());

export const resilienceTemplate = internalProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: `${BASE}/templates/{template_name}`,
      tags: TAGS,
      summary: 'One template',
      description: "A template's name, description and custom configuration; 404 for an unknown name.",
      protect: true,
    },
  })
  .input(TemplateNameInputSchema)
  .output(ConfigTemplateSchema)
  .query(({ ctx, input }) => ctx.services.resilience.getTemplate(input.template_name));

export const resilienceValidateConfig = internalProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: `${BASE}/validate`,
      tags: TAGS,
      summary: 'Check a custom configuration',
      description: 'Reports errors, warnings and suggestions (always 200); nothing is applied.',
      protect: true,
    },
  })
  .input(ValidationRequestSchema)
  .output(ValidationResponseSchema)
  .mutation(({ ctx, input }) => ctx.services.resilience.validate(input.configuration));
