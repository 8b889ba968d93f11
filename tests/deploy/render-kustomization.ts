/**
 * Renders a kustomization the way `kubectl kustomize` does, for the subset deploy/kubernetes uses:
 * `resources` (files and kustomization directories), `secretGenerator` (literals and env files,
 * with `generatorOptions.disableNameSuffixHash: true`), `patches` (JSON6902 operations with a
 * kind/name `target`) and `images` (newName, newTag, digest). Anything else (strategic-merge
 * patches, name hashes, namespaces, labels, replicas...) is refused with an error, so an overlay
 * can only use what this renderer reproduces faithfully. Order as kustomize's: resources,
 * generators, then patches, then images.
 *
 *   node --import tsx tests/deploy/render-kustomization.ts deploy/kubernetes/overlays/production
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';
import { applyJsonPatch, toJsonPatchOperations } from './apply-json-patch.js';

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; [field: string]: unknown };
  [field: string]: unknown;
}

export interface RenderOptions {
  /** Reads a file by absolute path (default: from disk). Tests use it to stand a committed example
   * in for a git-ignored env file. */
  readonly readFile?: (path: string) => string;
}

export class KustomizationError extends Error {
  constructor(directory: string, message: string) {
    super(`${directory}: ${message}`);
    this.name = 'KustomizationError';
  }
}

export function isKustomizationError(error: unknown): error is KustomizationError {
  return error instanceof KustomizationError;
}

const SUPPORTED_FIELDS = new Set([
  'apiVersion',
  'kind',
  'resources',
  'secretGenerator',
  'generatorOptions',
  'patches',
  'images',
]);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listOf(value: unknown, what: string, directory: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new KustomizationError(directory, `${what} must be a list`);
  return value;
}

function onlyFields(entry: unknown, allowed: readonly string[], what: string, directory: string): Fields {
  if (!isFields(entry)) throw new KustomizationError(directory, `${what} must be a mapping`);
  const unknown = Object.keys(entry).filter((field) => !allowed.includes(field));
  if (unknown.length > 0) {
    throw new KustomizationError(directory, `${what}: ${unknown.join(', ')} not supported by this renderer`);
  }
  return entry;
}

function isKubernetesObject(value: Fields): value is KubernetesObject {
  return (
    typeof value.apiVersion === 'string' &&
    typeof value.kind === 'string' &&
    isFields(value.metadata) &&
    typeof value.metadata.name === 'string'
  );
}

/** Parses a YAML stream of Kubernetes objects (empty documents skipped). */
export function parseObjects(text: string, source: string): KubernetesObject[] {
  return parseAllDocuments(text).flatMap((document): KubernetesObject[] => {
    if (document.errors.length > 0) throw new Error(`${source}: ${document.errors[0]!.message}`);
    const value: unknown = document.toJS();
    if (value === null || value === undefined) return [];
    if (!isFields(value) || !isKubernetesObject(value)) {
      throw new Error(`${source}: every document needs apiVersion, kind and metadata.name`);
    }
    return [value];
  });
}

function inside(directory: string, path: string): string {
  const full = resolve(directory, path);
  const rest = relative(directory, full);
  if (rest.startsWith('..') || isAbsolute(rest)) {
    throw new KustomizationError(directory, `${path} is outside the kustomization root (kustomize refuses it)`);
  }
  return full;
}

/** Kustomize's env-file format: KEY=VALUE lines, `#` comments and blank lines skipped. */
function readEnvFile(text: string, source: string): [string, string][] {
  return text.split(/\r?\n/).flatMap((line, index): [string, string][] => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return [];
    const equals = line.indexOf('=');
    if (equals < 0) throw new Error(`${source}:${index + 1}: expected KEY=VALUE`);
    const key = line.slice(0, equals).trim();
    if (!ENV_NAME.test(key)) throw new Error(`${source}:${index + 1}: "${key}" is not a valid variable name`);
    return [[key, line.slice(equals + 1)]];
  });
}

function generateSecret(entry: unknown, directory: string, read: (path: string) => string): KubernetesObject {
  const fields = onlyFields(entry, ['name', 'type', 'literals', 'envs', 'behavior'], 'secretGenerator', directory);
  if (typeof fields.name !== 'string') throw new KustomizationError(directory, 'secretGenerator needs a name');
  if (fields.behavior !== undefined && fields.behavior !== 'create') {
    throw new KustomizationError(
      directory,
      `secretGenerator behavior ${JSON.stringify(fields.behavior)} not supported`,
    );
  }
  const pairs: [string, string][] = [];
  for (const literal of listOf(fields.literals, 'literals', directory)) {
    const text = String(literal);
    const equals = text.indexOf('=');
    if (equals <= 0) throw new KustomizationError(directory, `literal "${text}" is not KEY=VALUE`);
    pairs.push([text.slice(0, equals), text.slice(equals + 1)]);
  }
  for (const file of listOf(fields.envs, 'envs', directory)) {
    const path = inside(directory, String(file));
    pairs.push(...readEnvFile(read(path), path));
  }
  const data: Record<string, string> = {};
  for (const [key, value] of pairs) {
    if (key in data) throw new KustomizationError(directory, `secretGenerator ${fields.name}: ${key} given twice`);
    data[key] = Buffer.from(value, 'utf8').toString('base64');
  }
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: fields.name },
    type: typeof fields.type === 'string' ? fields.type : 'Opaque',
    data,
  };
}

function applyPatch(objects: KubernetesObject[], entry: unknown, directory: string): KubernetesObject[] {
  const fields = onlyFields(entry, ['target', 'patch'], 'patches entry', directory);
  const target = onlyFields(fields.target, ['kind', 'name'], 'patch target', directory);
  if (typeof target.kind !== 'string' || typeof target.name !== 'string') {
    throw new KustomizationError(directory, 'a patch target needs kind and name');
  }
  if (typeof fields.patch !== 'string') throw new KustomizationError(directory, 'inline JSON6902 patches only');
  const operations = toJsonPatchOperations(parseAllDocuments(fields.patch)[0]?.toJS());
  let matched = 0;
  const result = objects.map((object) => {
    if (object.kind !== target.kind || object.metadata.name !== target.name) return object;
    matched += 1;
    return applyJsonPatch(object, operations);
  });
  if (matched === 0)
    throw new KustomizationError(directory, `patch target ${target.kind}/${target.name} matches nothing`);
  return result;
}

/** `registry:5000/name:tag@sha256:...` → name, tag, digest. */
function splitImage(image: string): { name: string; tag?: string; digest?: string } {
  const [reference = '', digest] = image.split('@');
  const colon = reference.lastIndexOf(':');
  const hasTag = colon > reference.lastIndexOf('/');
  return {
    name: hasTag ? reference.slice(0, colon) : reference,
    ...(hasTag ? { tag: reference.slice(colon + 1) } : {}),
    ...(digest ? { digest } : {}),
  };
}

function setImages(value: unknown, rules: readonly Fields[]): void {
  if (Array.isArray(value)) {
    for (const item of value) setImages(item, rules);
    return;
  }
  if (!isFields(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if ((key === 'containers' || key === 'initContainers') && Array.isArray(child)) {
      for (const container of child) {
        if (!isFields(container) || typeof container.image !== 'string') continue;
        const current = splitImage(container.image);
        const rule = rules.find((candidate) => candidate.name === current.name);
        if (!rule) continue;
        const name = typeof rule.newName === 'string' ? rule.newName : current.name;
        if (typeof rule.digest === 'string') container.image = `${name}@${rule.digest}`;
        else if (typeof rule.newTag === 'string' || typeof rule.newTag === 'number')
          container.image = `${name}:${rule.newTag}`;
        else
          container.image = `${name}${current.tag ? `:${current.tag}` : ''}${current.digest ? `@${current.digest}` : ''}`;
      }
    } else {
      setImages(child, rules);
    }
  }
}

/** The rendered objects of the kustomization in `directory`. */
export function renderKustomization(directory: string, options: RenderOptions = {}): KubernetesObject[] {
  const read = options.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const root = resolve(directory);
  const file = join(root, 'kustomization.yaml');
  const [document] = parseAllDocuments(read(file));
  const kustomization: unknown = document?.toJS();
  if (!isFields(kustomization)) throw new KustomizationError(root, 'kustomization.yaml is not a mapping');
  const unsupported = Object.keys(kustomization).filter((field) => !SUPPORTED_FIELDS.has(field));
  if (unsupported.length > 0) {
    throw new KustomizationError(root, `${unsupported.join(', ')} not supported by this renderer`);
  }
  if (kustomization.kind !== 'Kustomization') throw new KustomizationError(root, 'kind must be Kustomization');

  let objects: KubernetesObject[] = [];
  for (const entry of listOf(kustomization.resources, 'resources', root)) {
    const path = resolve(root, String(entry));
    if (statSync(path).isDirectory()) objects.push(...renderKustomization(path, options));
    else objects.push(...parseObjects(read(inside(root, String(entry))), path));
  }

  const generated = listOf(kustomization.secretGenerator, 'secretGenerator', root);
  if (generated.length > 0) {
    const generatorOptions = onlyFields(
      kustomization.generatorOptions ?? {},
      ['disableNameSuffixHash'],
      'generatorOptions',
      root,
    );
    if (generatorOptions.disableNameSuffixHash !== true) {
      throw new KustomizationError(
        root,
        'generators need generatorOptions.disableNameSuffixHash: true (no name hashes)',
      );
    }
    for (const entry of generated) objects.push(generateSecret(entry, root, read));
  }

  const seen = new Set<string>();
  for (const object of objects) {
    const id = `${object.apiVersion}/${object.kind}/${object.metadata.name}`;
    if (seen.has(id)) throw new KustomizationError(root, `${id} is defined twice`);
    seen.add(id);
  }

  for (const patch of listOf(kustomization.patches, 'patches', root)) objects = applyPatch(objects, patch, root);

  const images = listOf(kustomization.images, 'images', root).map((entry) =>
    onlyFields(entry, ['name', 'newName', 'newTag', 'digest'], 'images entry', root),
  );
  if (images.length > 0) {
    objects = structuredClone(objects);
    setImages(objects, images);
  }
  return objects;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const directory = process.argv[2];
  if (!directory) {
    process.stderr.write('usage: render-kustomization.ts <kustomization directory>\n');
    process.exit(2);
  }
  process.stdout.write(
    renderKustomization(directory)
      .map((object) => stringify(object))
      .join('---\n'),
  );
}
