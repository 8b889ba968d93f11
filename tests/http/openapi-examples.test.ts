import Ajv2020Module from '@redocly/ajv/dist/2020.js';
import request from 'supertest';
import { forEachOpenApiProcedure, type OpenAPIObject, type OpenApiRouter } from 'trpc-to-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { ErrorResponseSchema } from '../../domain/schemas.js';
import { HTTP_STATUS } from '../../routers/errors.js';
import { appRouter } from '../../routers/index.js';
import { createOpenApiDocuments, type DocumentName } from '../../server/docs.js';
import { createTestApp, type TestApp } from './test-app.js';

// @redocly/ajv (Ajv 8, installed with @redocly/cli): OpenAPI 3.1 schemas are JSON Schema 2020-12.
// A CommonJS module: its class is the `default` export of the namespace.
const Ajv2020 = Ajv2020Module.default;

const documents = createOpenApiDocuments({ router: appRouter, version: '1.0.0', internalDocs: true });

type Schema = Record<string, unknown>;

interface Example {
  readonly name: string;
  readonly value: unknown;
}

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly schema: Schema;
  readonly example?: unknown;
}

interface MediaType {
  readonly schema: Schema;
  readonly example?: unknown;
  readonly examples?: Record<string, { value: unknown }>;
}

interface OperationCase {
  readonly document: DocumentName;
  readonly method: string;
  readonly path: string;
  readonly operationId: string;
  readonly parameters: readonly Parameter[];
  readonly body: MediaType | undefined;
  readonly responses: Readonly<Record<string, MediaType>>;
}

function operationsOf(name: DocumentName): OperationCase[] {
  const document = documents[name];
  const cases: OperationCase[] = [];
  for (const [path, pathItem] of Object.entries(document.paths ?? {})) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = pathItem[method];
      if (!operation) continue;
      const responses: Record<string, MediaType> = {};
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        responses[status] = (response as { content: Record<string, MediaType> }).content['application/json']!;
      }
      const requestBody = operation.requestBody as { content: Record<string, MediaType> } | undefined;
      cases.push({
        document: name,
        method,
        path,
        operationId: operation.operationId ?? `${method} ${path}`,
        parameters: (operation.parameters ?? []) as unknown as Parameter[],
        body: requestBody?.content['application/json'],
        responses,
      });
    }
  }
  return cases;
}

const OPERATIONS = [...operationsOf('public'), ...operationsOf('internal')];

function examplesOf(media: MediaType): Example[] {
  if (media.examples) return Object.entries(media.examples).map(([name, { value }]) => ({ name, value }));
  return media.example === undefined ? [] : [{ name: 'example', value: media.example }];
}

/** Path parameters and body of an example request, as trpc-to-openapi merges them into the input. */
function requestsOf(operation: OperationCase): { name: string; parameters: Record<string, unknown>; body?: unknown }[] {
  const parameters = Object.fromEntries(operation.parameters.map((parameter) => [parameter.name, parameter.example]));
  if (!operation.body) return [{ name: 'example', parameters }];
  return examplesOf(operation.body).map(({ name, value }) => ({ name, parameters, body: value }));
}

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
const validators = new Map<string, ReturnType<typeof ajv.compile>>();

/** Errors of `value` against an OpenAPI schema of `document` (its `$ref`s resolved in the document). */
function schemaErrors(document: OpenAPIObject, schema: Schema, value: unknown): string {
  const key = `${document.info.title}\n${JSON.stringify(schema)}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile({ ...schema, components: document.components });
    validators.set(key, validate);
  }
  return validate(value) ? '' : ajv.errorsText(validate.errors);
}

interface ProcedureSchemas {
  readonly input: ZodType | undefined;
  readonly output: ZodType;
}

function procedureSchemas(): Map<string, ProcedureSchemas> {
  const byOperation = new Map<string, ProcedureSchemas>();
  forEachOpenApiProcedure((appRouter as unknown as OpenApiRouter)._def.procedures, ({ meta, procedure }) => {
    const definition = (procedure as unknown as { _def: { inputs: ZodType[]; output: ZodType } })._def;
    byOperation.set(`${meta.openapi.method.toLowerCase()} ${meta.openapi.path}`, {
      input: definition.inputs[0],
      output: definition.output,
    });
  });
  return byOperation;
}

describe('OpenAPI examples', () => {
  it('covers all 33 operations of both documents', () => {
    expect(OPERATIONS.filter((operation) => operation.document === 'public')).toHaveLength(7);
    expect(OPERATIONS.filter((operation) => operation.document === 'internal')).toHaveLength(26);
  });

  it('gives every operation its parameters, body, 200 and each documented error an example', () => {
    for (const operation of OPERATIONS) {
      for (const parameter of operation.parameters) {
        expect(parameter.example, `${operation.operationId} parameter ${parameter.name}`).toBeDefined();
      }
      if (operation.body) {
        expect(examplesOf(operation.body).length, `${operation.operationId} request body`).toBeGreaterThan(0);
      }
      expect(Object.keys(operation.responses)).toContain('200');
      for (const [status, media] of Object.entries(operation.responses)) {
        expect(examplesOf(media), `${operation.operationId} ${status}`).toHaveLength(1);
      }
    }
  });

  it('validates every example against its own schemas in the document', () => {
    for (const operation of OPERATIONS) {
      const document = documents[operation.document];
      for (const parameter of operation.parameters) {
        const label = `${operation.operationId} parameter ${parameter.name}`;
        expect(schemaErrors(document, parameter.schema, parameter.example), label).toBe('');
      }
      for (const { name, value } of operation.body ? examplesOf(operation.body) : []) {
        expect(schemaErrors(document, operation.body!.schema, value), `${operation.operationId} ${name}`).toBe('');
      }
      for (const [status, media] of Object.entries(operation.responses)) {
        for (const { value } of examplesOf(media)) {
          expect(schemaErrors(document, media.schema, value), `${operation.operationId} ${status}`).toBe('');
        }
      }
    }
  });

  it("parses every example with its procedure's zod schemas, error codes matching their status", () => {
    const schemas = procedureSchemas();
    for (const operation of OPERATIONS) {
      const procedure = schemas.get(`${operation.method} ${operation.path}`);
      expect(procedure, operation.operationId).toBeDefined();
      for (const { name, parameters, body } of requestsOf(operation)) {
        const input = operation.body ? { ...(body as object), ...parameters } : parameters;
        if (procedure?.input) {
          const parsed = procedure.input.safeParse(Object.keys(input).length > 0 ? input : undefined);
          expect(parsed.error, `${operation.operationId} ${name}`).toBeUndefined();
        }
      }
      for (const [status, media] of Object.entries(operation.responses)) {
        for (const { value } of examplesOf(media)) {
          const label = `${operation.operationId} ${status}`;
          if (status === '200') {
            expect(procedure?.output.safeParse(value).error, label).toBeUndefined();
            continue;
          }
          const error = ErrorResponseSchema.parse(value);
          const code = error.error_code as keyof typeof HTTP_STATUS;
          const expected = code === 'VALIDATION_ERROR' && status === '400' ? 400 : HTTP_STATUS[code];
          expect(expected, `${label} has error_code ${code}`).toBe(Number(status));
          expect(error.request_id, label).toMatch(/^[0-9a-f-]{36}$/);
          expect(Number.isNaN(Date.parse(error.timestamp)), label).toBe(false);
        }
      }
    }
  });

  it('shows no unbounded-integer placeholder (2^53 - 1) anywhere', () => {
    for (const document of Object.values(documents)) {
      expect(JSON.stringify(document)).not.toContain(String(Number.MAX_SAFE_INTEGER));
    }
  });
});

describe("'Try it out' with the examples, on the zero-config server", () => {
  /** Operations whose example names state the zero-config server does not have (a batch, a breaker). */
  const NEEDS_STATE = new Set([
    'public-batchStatus',
    'internal-resilienceCircuitBreaker',
    'internal-resilienceResetCircuitBreaker',
  ]);
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(async () => testApp.deps.close());

  it('answers every example request 200 with a body its schema accepts, or a documented 404 when it needs state', async () => {
    for (const operation of OPERATIONS) {
      for (const { name, parameters, body } of requestsOf(operation)) {
        const url = operation.path.replace(/\{(\w+)\}/g, (_match, key: string) =>
          encodeURIComponent(String(parameters[key])),
        );
        const call = request(testApp.app)[operation.method as 'get' | 'post' | 'put'](url);
        const response = await (body === undefined ? call : call.send(body as object));
        const label = `${operation.operationId} ${name}: ${JSON.stringify(response.body).slice(0, 300)}`;
        const expected = NEEDS_STATE.has(operation.operationId) ? 404 : 200;
        expect(response.status, label).toBe(expected);
        expect(Object.keys(operation.responses), label).toContain(String(expected));
        const schema = operation.responses[String(expected)]!.schema;
        expect(schemaErrors(documents[operation.document], schema, response.body), label).toBe('');
      }
    }
  });
});
