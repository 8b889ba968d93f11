/**
 * RFC 6902 JSON Patch, the `add`, `replace`, `remove` and `test` operations: what kustomize's
 * `patches` entries with a `target` apply to the resources they select. `move` and `copy` are
 * refused rather than half-implemented, so an overlay cannot use something the tests do not render.
 */

export interface JsonPatchOperation {
  readonly op: 'add' | 'replace' | 'remove' | 'test';
  readonly path: string;
  readonly value?: unknown;
}

type Container = Record<string, unknown> | unknown[];

export class JsonPatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPatchError';
  }
}

export function isJsonPatchError(error: unknown): error is JsonPatchError {
  return error instanceof JsonPatchError;
}

const OPS = new Set(['add', 'replace', 'remove', 'test']);

/** Reads a YAML/JSON list of operations, refusing anything but the four supported ones. */
export function toJsonPatchOperations(value: unknown): JsonPatchOperation[] {
  if (!Array.isArray(value)) throw new JsonPatchError('a JSON6902 patch is a list of operations');
  return value.map((item: unknown, index) => {
    if (typeof item !== 'object' || item === null) throw new JsonPatchError(`operation ${index} is not an object`);
    const { op, path } = item as Record<string, unknown>;
    if (typeof op !== 'string' || !OPS.has(op)) {
      throw new JsonPatchError(`operation ${index}: op "${String(op)}" is not supported (add, replace, remove, test)`);
    }
    if (typeof path !== 'string') throw new JsonPatchError(`operation ${index}: path must be a string`);
    if (op !== 'remove' && !('value' in item)) throw new JsonPatchError(`operation ${index}: ${op} needs a value`);
    return item as JsonPatchOperation;
  });
}

function toTokens(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new JsonPatchError(`path "${path}" must start with /`);
  return path
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function toIndex(token: string, length: number, path: string, allowEnd: boolean): number {
  if (allowEnd && token === '-') return length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw new JsonPatchError(`${path}: "${token}" is not an array index`);
  const index = Number(token);
  if (index > length || (!allowEnd && index === length))
    throw new JsonPatchError(`${path}: index ${index} is out of range`);
  return index;
}

function childOf(parent: Container, token: string, path: string): unknown {
  if (Array.isArray(parent)) return parent[toIndex(token, parent.length, path, false)];
  if (!Object.hasOwn(parent, token)) throw new JsonPatchError(`${path}: no such member "${token}"`);
  return parent[token];
}

function apply(document: unknown, operation: JsonPatchOperation): unknown {
  const tokens = toTokens(operation.path);
  const value: unknown = structuredClone(operation.value);
  if (tokens.length === 0) {
    if (operation.op === 'test') {
      if (JSON.stringify(document) !== JSON.stringify(value)) throw new JsonPatchError('test failed at the root');
      return document;
    }
    if (operation.op === 'remove') throw new JsonPatchError('cannot remove the root');
    return value;
  }
  let parent: unknown = document;
  for (const token of tokens.slice(0, -1)) {
    if (!isContainer(parent))
      throw new JsonPatchError(`${operation.path}: "${token}" is not inside an object or array`);
    parent = childOf(parent, token, operation.path);
  }
  if (!isContainer(parent)) throw new JsonPatchError(`${operation.path}: the parent is not an object or array`);
  const last = tokens.at(-1)!;
  switch (operation.op) {
    case 'test': {
      const actual = childOf(parent, last, operation.path);
      if (JSON.stringify(actual) !== JSON.stringify(value)) {
        throw new JsonPatchError(`${operation.path}: test failed (found ${JSON.stringify(actual)})`);
      }
      break;
    }
    case 'remove':
      childOf(parent, last, operation.path);
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
      break;
    case 'replace':
      childOf(parent, last, operation.path);
      if (Array.isArray(parent)) parent[Number(last)] = value;
      else parent[last] = value;
      break;
    case 'add':
      if (Array.isArray(parent)) parent.splice(toIndex(last, parent.length, operation.path, true), 0, value);
      else parent[last] = value;
      break;
  }
  return document;
}

/** Applies the operations in order to a copy of `document` and returns the copy. */
export function applyJsonPatch<T>(document: T, operations: readonly JsonPatchOperation[]): T {
  let result: unknown = structuredClone(document);
  for (const operation of operations) result = apply(result, operation);
  return result as T;
}
