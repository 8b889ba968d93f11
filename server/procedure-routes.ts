/**
 * The REST routes of the procedures, read from the OpenAPI document that trpc-to-openapi
 * generates (its public API): method, path, the procedure each one calls, where its input comes
 * from, and how query-string values are typed. The document is the published contract, so the
 * routes served and the routes documented cannot drift apart.
 */
import { generateOpenApiDocument, type OpenApiRouter } from 'trpc-to-openapi';

export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The JSON type a query-string value is converted to before validation. */
export type QueryValueType = 'number' | 'boolean' | 'array' | 'string';

export interface ProcedureRoute {
  readonly method: RouteMethod;
  /** As documented: `/v1/text_processing/batch_status/{batch_id}`. */
  readonly openapiPath: string;
  /** As a router pattern: `/v1/text_processing/batch_status/:batch_id`. */
  readonly routerPath: string;
  /** The dotted procedure path: `public.batchStatus`. */
  readonly procedurePath: string;
  /** `none` for procedures without input; `query` takes query and path parameters; `body` a JSON object too. */
  readonly input: 'none' | 'query' | 'body';
  /** Types of the input's top-level fields, for converting query-string text. */
  readonly fieldTypes: ReadonlyMap<string, QueryValueType>;
}

const METHODS: readonly RouteMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

type JsonSchema = {
  readonly type?: string | readonly string[];
  readonly $ref?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
};

interface Operation {
  readonly operationId?: string;
  readonly parameters?: readonly { readonly in?: string; readonly name?: string; readonly schema?: JsonSchema }[];
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: JsonSchema }> };
}

function resolve(schema: JsonSchema | undefined, components: Record<string, JsonSchema>, depth = 0): JsonSchema {
  if (!schema || depth > 8) return {};
  if (schema.$ref?.startsWith('#/components/schemas/')) {
    return resolve(components[schema.$ref.slice('#/components/schemas/'.length)], components, depth + 1);
  }
  return schema;
}

function valueType(schema: JsonSchema, components: Record<string, JsonSchema>, depth = 0): QueryValueType {
  const resolved = resolve(schema, components);
  const types = resolved.type === undefined ? [] : Array.isArray(resolved.type) ? resolved.type : [resolved.type];
  if (types.includes('integer') || types.includes('number')) return 'number';
  if (types.includes('boolean')) return 'boolean';
  if (types.includes('array')) return 'array';
  for (const variant of [...(resolved.anyOf ?? []), ...(resolved.oneOf ?? []), ...(resolved.allOf ?? [])]) {
    if (depth > 4) break;
    const inner = valueType(variant, components, depth + 1);
    if (inner !== 'string') return inner;
  }
  return 'string';
}

/** Every procedure published at a REST path, in document order. */
export function listProcedureRoutes(router: OpenApiRouter): ProcedureRoute[] {
  const document = generateOpenApiDocument(router, { title: 'routes', version: '0', baseUrl: '/' });
  const components = (document.components?.schemas ?? {}) as Record<string, JsonSchema>;
  const routes: ProcedureRoute[] = [];
  for (const [openapiPath, pathItem] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = (pathItem as Record<string, Operation | undefined>)[method.toLowerCase()];
      if (!operation?.operationId) continue;
      const fieldTypes = new Map<string, QueryValueType>();
      for (const parameter of operation.parameters ?? []) {
        if (parameter.name) fieldTypes.set(parameter.name, valueType(parameter.schema ?? {}, components));
      }
      const bodySchema = resolve(operation.requestBody?.content?.['application/json']?.schema, components);
      for (const [name, schema] of Object.entries(bodySchema.properties ?? {})) {
        fieldTypes.set(name, valueType(schema, components));
      }
      routes.push({
        method,
        openapiPath,
        routerPath: openapiPath.replace(/\{(\w+)\}/g, ':$1'),
        // trpc-to-openapi's default operation id is the procedure path with `-` for `.`.
        procedurePath: operation.operationId.replace(/-/g, '.'),
        input: operation.requestBody ? 'body' : (operation.parameters?.length ?? 0) > 0 ? 'query' : 'none',
        fieldTypes,
      });
    }
  }
  return routes;
}

/**
 * Query-string text converted to the field's type where it reads as one (`"5"` → 5, `"true"` →
 * true, a lone value of an array field → `[value]`); anything else is left as text for the
 * schema to refuse with a clear message.
 */
export function toFieldValue(type: QueryValueType | undefined, value: string | string[]): unknown {
  if (type === 'array') return Array.isArray(value) ? value : [value];
  if (Array.isArray(value)) return value;
  if (type === 'number') {
    const trimmed = value.trim();
    return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : value;
  }
  if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}
