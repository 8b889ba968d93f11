import { appRouter } from '../../routers/index.js';
import { sendRaw, toRequestBytes } from './raw-request.js';

/** The subset of JSON Schema (OpenAPI 3.1) that the documents use. */
export interface JsonSchema {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly default?: unknown;
}

interface OpenApiOperation {
  readonly operationId?: string;
  readonly security?: readonly unknown[];
  readonly parameters?: readonly { readonly in: string; readonly name: string; readonly schema?: JsonSchema }[];
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: JsonSchema }> };
}

export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
  readonly components?: { readonly schemas?: Record<string, JsonSchema> };
}

/** One operation of the published REST contract. */
export interface RestOperation {
  readonly document: 'public' | 'internal';
  /** Upper case. */
  readonly method: string;
  /** The OpenAPI template, `{name}` for parameters. */
  readonly path: string;
  readonly pathParameters: readonly { readonly name: string; readonly schema: JsonSchema }[];
  readonly queryParameters: readonly { readonly name: string; readonly schema: JsonSchema }[];
  readonly bodySchema: JsonSchema | undefined;
  /** The operation lists a security requirement (a key is needed, unless the service runs open). */
  readonly isProtected: boolean;
  /** The tRPC procedure behind it (from the operation id, `public-process` → `public.process`). */
  readonly procedure: string | undefined;
}

export interface TrpcProcedure {
  readonly name: string;
  readonly type: 'query' | 'mutation' | 'subscription';
  /** Its REST twin, when it has one: its schemas describe the procedure's input. */
  readonly rest: RestOperation | undefined;
}

/** What the running app publishes: both OpenAPI documents and the tRPC procedures. */
export interface ApiSurface {
  readonly documents: Readonly<Record<'public' | 'internal', OpenApiDocument>>;
  readonly operations: readonly RestOperation[];
  readonly procedures: readonly TrpcProcedure[];
  /** Follows `$ref`s into the document's components. */
  resolve(schema: JsonSchema): JsonSchema;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** GETs a JSON document from the server over a raw connection. */
export async function loadJson(port: number, path: string, headers: [string, string][] = []): Promise<unknown> {
  const outcome = await sendRaw({
    port,
    chunks: [toRequestBytes({ method: 'GET', target: path, headers: [['Host', 'localhost'], ...headers] })],
    deadlineMs: 15_000,
  });
  if (outcome.kind !== 'response' || outcome.response.status !== 200) {
    throw new Error(`GET ${path} did not answer 200: ${JSON.stringify(outcome).slice(0, 500)}`);
  }
  return JSON.parse(outcome.response.text) as unknown;
}

function toOperations(name: 'public' | 'internal', document: OpenApiDocument): RestOperation[] {
  const operations: RestOperation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const parameters = operation.parameters ?? [];
      const pick = (where: string) =>
        parameters
          .filter((parameter) => parameter.in === where)
          .map((parameter) => ({ name: parameter.name, schema: parameter.schema ?? {} }));
      operations.push({
        document: name,
        method: method.toUpperCase(),
        path,
        pathParameters: pick('path'),
        queryParameters: pick('query'),
        bodySchema: operation.requestBody?.content?.['application/json']?.schema,
        isProtected: (operation.security ?? []).length > 0,
        procedure: operation.operationId?.replace(/-/g, '.'),
      });
    }
  }
  return operations;
}

function listProcedures(operations: readonly RestOperation[]): TrpcProcedure[] {
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: TrpcProcedure['type'] } }>;
  return Object.entries(procedures).map(([name, procedure]) => ({
    name,
    type: procedure._def.type,
    rest: operations.find((operation) => operation.procedure === name),
  }));
}

/**
 * Reads the API surface from a running server. `internalDocumentFrom` lets a production server
 * (whose internal document is hidden) be described by a development twin's document.
 */
export async function loadApiSurface(port: number, internalDocumentFrom: number = port): Promise<ApiSurface> {
  const documents = {
    public: (await loadJson(port, '/openapi.json')) as OpenApiDocument,
    internal: (await loadJson(internalDocumentFrom, '/internal/openapi.json')) as OpenApiDocument,
  };
  const operations = [...toOperations('public', documents.public), ...toOperations('internal', documents.internal)];
  const schemas = { ...documents.internal.components?.schemas, ...documents.public.components?.schemas };
  const resolve = (schema: JsonSchema): JsonSchema => {
    let current = schema;
    for (let depth = 0; current.$ref !== undefined && depth < 10; depth += 1) {
      const name = current.$ref.slice(current.$ref.lastIndexOf('/') + 1);
      current = { ...schemas[name], ...Object.fromEntries(Object.entries(current).filter(([key]) => key !== '$ref')) };
    }
    return current;
  };
  return { documents, operations, procedures: listProcedures(operations), resolve };
}

const SAMPLE_TEXT =
  'The new library opened downtown last week. Visitors praised the bright reading rooms and the friendly staff.';

/** A deterministic, plausible value for a schema: every property, the first enum value, the minimum. */
export function exampleOf(surface: ApiSurface, schema: JsonSchema, depth = 0): unknown {
  const resolved = surface.resolve(schema);
  if (resolved.const !== undefined) return resolved.const;
  if (resolved.enum && resolved.enum.length > 0) return resolved.enum[0];
  const variants = resolved.anyOf ?? resolved.oneOf;
  if (variants) {
    const first = variants.find((variant) => surface.resolve(variant).type !== 'null') ?? variants[0];
    return first ? exampleOf(surface, first, depth + 1) : null;
  }
  const type = Array.isArray(resolved.type) ? resolved.type.find((name) => name !== 'null') : resolved.type;
  switch (type) {
    case 'string': {
      const min = resolved.minLength ?? 0;
      if (min >= 10) return SAMPLE_TEXT.slice(0, resolved.maxLength ?? SAMPLE_TEXT.length);
      return 'sample'.slice(0, resolved.maxLength ?? 6).padEnd(min, 'x');
    }
    case 'integer':
    case 'number':
      return resolved.minimum ?? 1;
    case 'boolean':
      return false;
    case 'null':
      return null;
    case 'array': {
      const count = resolved.minItems ?? 0;
      return Array.from({ length: count }, () => (resolved.items ? exampleOf(surface, resolved.items, depth + 1) : 1));
    }
    case 'object':
    default: {
      if (depth > 4 || !resolved.properties) return {};
      return Object.fromEntries(
        Object.entries(resolved.properties).map(([name, property]) => [name, exampleOf(surface, property, depth + 1)]),
      );
    }
  }
}

/** Fills a path template with values. */
export function fillPath(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => values[name] ?? 'x');
}
