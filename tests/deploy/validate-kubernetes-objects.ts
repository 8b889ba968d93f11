/**
 * Validates rendered Kubernetes objects offline with `kubernetes-models`, twice:
 *  - against the OpenAPI schemas of the Kubernetes API (the package's precompiled validators:
 *    types, required fields, enums, formats such as quantities and int-or-string);
 *  - as object literals typed with the package's interfaces, through the TypeScript compiler,
 *    because the schemas allow unknown fields (as the API server does unless asked to be strict)
 *    and a misspelt field (`readinessProbes`) would otherwise pass and be dropped silently.
 * A kind the package does not model (a CRD) is reported, not skipped.
 */
import { join } from 'node:path';
import ts from 'typescript';
import type { KubernetesObject } from './render-kustomization.js';

interface ModelClass {
  new (data: unknown): { validate(): void };
}

function modulePath(object: KubernetesObject): string {
  return `kubernetes-models/${object.apiVersion}/${object.kind}`;
}

function describe(object: KubernetesObject): string {
  return `${object.kind}/${object.metadata.name}`;
}

async function schemaProblems(object: KubernetesObject): Promise<string[]> {
  let Model: ModelClass | undefined;
  try {
    const loaded = (await import(modulePath(object))) as Record<string, ModelClass | undefined>;
    Model = loaded[object.kind];
  } catch {
    Model = undefined;
  }
  if (!Model) return [`${describe(object)}: ${object.apiVersion} ${object.kind} is not a Kubernetes API kind`];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [`${describe(object)}: ${error instanceof Error ? error.message : String(error)}`];
  }
}

function typeProblems(objects: readonly KubernetesObject[]): string[] {
  const file = join(process.cwd(), '__kubernetes_objects__.ts');
  const imports = new Map<string, string>();
  const declarations: string[] = [];
  for (const [index, object] of objects.entries()) {
    const type = `I${object.kind}_${imports.size}`;
    const known = imports.get(modulePath(object));
    const alias = known ?? type;
    if (!known) imports.set(modulePath(object), alias);
    declarations.push(`export const object${index}: ${alias} = ${JSON.stringify(object, null, 2)};`);
  }
  const header = [...imports].map(
    ([path, alias]) => `import type { I${path.split('/').at(-1)} as ${alias} } from '${path}';`,
  );
  const source = [...header, ...declarations].join('\n');
  const starts = declarations.map((declaration) => source.indexOf(declaration));

  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts'],
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === file ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    if (diagnostic.file?.fileName !== file || diagnostic.start === undefined) return `TypeScript: ${message}`;
    const index = starts.findLastIndex((start) => start <= diagnostic.start!);
    const object = objects[index];
    return `${object ? describe(object) : 'imports'}: ${message}`;
  });
}

/** Every problem found, each starting with `Kind/name:`; empty when all objects are valid. */
export async function validateKubernetesObjects(objects: readonly KubernetesObject[]): Promise<string[]> {
  const problems = (await Promise.all(objects.map(schemaProblems))).flat();
  return [...problems, ...typeProblems(objects)];
}
