import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyJsonPatch, isJsonPatchError, toJsonPatchOperations } from './apply-json-patch.js';
import { isKustomizationError, renderKustomization } from './render-kustomization.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
        - name: init
          image: busybox:1.36
      containers:
        - name: web
          image: example/web:1.0.0
          resources:
            requests:
              cpu: 500m
`;

const directories: string[] = [];

afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** Writes `files` (relative path → content) into a fresh directory and returns it. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'kustomize-'));
  directories.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const KUSTOMIZATION = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n';

describe('applyJsonPatch', () => {
  const document = { a: { b: [1, 2, 3], 'c/d': 'x', 'e~f': 'y' } };

  it('adds, replaces, removes and tests as RFC 6902 says, on a copy', () => {
    const patched = applyJsonPatch(document, [
      { op: 'test', path: '/a/b/0', value: 1 },
      { op: 'add', path: '/a/b/1', value: 9 },
      { op: 'add', path: '/a/b/-', value: 4 },
      { op: 'replace', path: '/a/c~1d', value: 'z' },
      { op: 'remove', path: '/a/e~0f' },
      { op: 'add', path: '/a/new', value: { deep: true } },
    ]);
    expect(patched).toEqual({ a: { b: [1, 9, 2, 3, 4], 'c/d': 'z', new: { deep: true } } });
    expect(document.a.b).toEqual([1, 2, 3]);
  });

  it('refuses a replace or remove of what is not there, a failed test, and other ops', () => {
    const fails = (operations: unknown) => {
      try {
        applyJsonPatch(document, toJsonPatchOperations(operations));
        return undefined;
      } catch (error) {
        return isJsonPatchError(error) ? error.message : error;
      }
    };
    expect(fails([{ op: 'replace', path: '/a/missing', value: 1 }])).toMatch(/no such member "missing"/);
    expect(fails([{ op: 'remove', path: '/a/b/3' }])).toMatch(/index 3 is out of range/);
    expect(fails([{ op: 'test', path: '/a/b/0', value: 2 }])).toMatch(/test failed/);
    expect(fails([{ op: 'move', from: '/a', path: '/b' }])).toMatch(/"move" is not supported/);
    expect(fails({ op: 'add' })).toMatch(/list of operations/);
  });
});

describe('renderKustomization', () => {
  it('renders a base through an overlay: patches, images and a generated Secret', () => {
    const root = tree({
      'base/kustomization.yaml': `${KUSTOMIZATION}resources:\n  - deployment.yaml\n`,
      'base/deployment.yaml': DEPLOYMENT,
      'overlay/secret.env': '# comment\n\nTOKEN=a=b\nEMPTY=\n',
      'overlay/kustomization.yaml': `${KUSTOMIZATION}resources:
  - ../base
secretGenerator:
  - name: web
    literals:
      - MODE=dev
    envs:
      - secret.env
generatorOptions:
  disableNameSuffixHash: true
images:
  - name: example/web
    newName: registry.example.com/web
    newTag: '2.0.0'
  - name: busybox
    digest: sha256:abc
patches:
  - target:
      kind: Deployment
      name: web
    patch: |-
      - op: replace
        path: /spec/template/spec/containers/0/resources/requests/cpu
        value: 100m
`,
    });
    const [deployment, secret] = renderKustomization(join(root, 'overlay'));
    expect(deployment).toMatchObject({
      spec: {
        template: {
          spec: {
            initContainers: [{ image: 'busybox@sha256:abc' }],
            containers: [{ image: 'registry.example.com/web:2.0.0', resources: { requests: { cpu: '100m' } } }],
          },
        },
      },
    });
    expect(secret).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'web' },
      type: 'Opaque',
      data: {
        MODE: Buffer.from('dev').toString('base64'),
        TOKEN: Buffer.from('a=b').toString('base64'),
        EMPTY: '',
      },
    });
  });

  it('keeps the tag when an image rule only renames, registry port included', () => {
    const root = tree({
      'deployment.yaml': DEPLOYMENT,
      'kustomization.yaml': `${KUSTOMIZATION}resources:\n  - deployment.yaml\nimages:\n  - name: example/web\n    newName: r.example.com:5000/web\n`,
    });
    const [deployment] = renderKustomization(root);
    expect(JSON.stringify(deployment)).toContain('"image":"r.example.com:5000/web:1.0.0"');
  });

  it('reads files through the given reader (an example standing in for a git-ignored env file)', () => {
    const root = tree({
      'kustomization.yaml': `${KUSTOMIZATION}secretGenerator:\n  - name: s\n    envs: [secret.env]\ngeneratorOptions:\n  disableNameSuffixHash: true\n`,
      'secret.env.example': 'KEY=value\n',
    });
    const read = (path: string) => readFileSync(path.endsWith('secret.env') ? `${path}.example` : path, 'utf8');
    expect(renderKustomization(root, { readFile: read })).toMatchObject([
      { kind: 'Secret', data: { KEY: 'dmFsdWU=' } },
    ]);
  });

  const GENERATED = 'secretGenerator:\n  - name: s\n    literals: [A=b]\n';
  it.each([
    ['a field it does not render', 'resources: [deployment.yaml]\nnamePrefix: x-\n', /namePrefix not supported/],
    ['a strategic-merge patch', 'resources: [deployment.yaml]\npatches:\n  - path: patch.yaml\n', /path not supported/],
    [
      'a patch target that matches nothing',
      'resources: [deployment.yaml]\npatches:\n  - target: {kind: Service, name: web}\n    patch: "[]"\n',
      /matches nothing/,
    ],
    ['a generator with name hashes', GENERATED, /disableNameSuffixHash: true/],
    ['a resource defined twice', 'resources: [deployment.yaml, deployment.yaml]\n', /Deployment\/web is defined twice/],
    [
      'a file outside the root',
      'secretGenerator:\n  - name: s\n    envs: [../x.env]\ngeneratorOptions:\n  disableNameSuffixHash: true\n',
      /outside the kustomization root/,
    ],
  ])('refuses %s', (_what, body, message) => {
    const root = tree({ 'deployment.yaml': DEPLOYMENT, 'kustomization.yaml': `${KUSTOMIZATION}${body}` });
    let error: unknown;
    try {
      renderKustomization(root);
    } catch (caught) {
      error = caught;
    }
    expect(isKustomizationError(error)).toBe(true);
    expect(String(error)).toMatch(message);
  });
});
