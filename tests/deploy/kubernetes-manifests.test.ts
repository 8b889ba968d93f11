/**
 * deploy/kubernetes, checked without a cluster: each overlay rendered as kustomize would, every
 * object validated against the Kubernetes schemas, and the manifests held to the server they run:
 * variables known to server/config.ts, the port and probe paths it serves, the drain it performs,
 * the metric it exports, the image tag it is released as.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../infra/metrics.js';
import { CONFIG_VARIABLES, isConfigError, loadConfig } from '../../server/config.js';
import { createTestApp, type TestApp } from '../http/test-app.js';
import { renderKustomization, type KubernetesObject } from './render-kustomization.js';
import { validateKubernetesObjects } from './validate-kubernetes-objects.js';

const ROOT = process.cwd();
const KUBERNETES = join(ROOT, 'deploy/kubernetes');
const NAME = 'ai-text-service';
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
/** Variables that carry credentials: they belong in the Secret, never in the ConfigMap. */
const SECRET_VARIABLES = new Set([
  'API_KEY',
  'ADDITIONAL_API_KEYS',
  'INTERNAL_API_KEYS',
  'REDIS_URL',
  'CACHE_REDIS_URL',
  'REDIS_CLUSTER_NODES',
  'REDIS_ENCRYPTION_KEY',
  'GEMINI_API_KEY',
  'OPENAI_API_KEY',
]);

/** secret.env is git-ignored: its committed example stands in for it. */
const readWithExample = (path: string) => readFileSync(path.endsWith('/secret.env') ? `${path}.example` : path, 'utf8');

const overlays = {
  base: renderKustomization(join(KUBERNETES, 'base')),
  dev: renderKustomization(join(KUBERNETES, 'overlays/dev')),
  production: renderKustomization(join(KUBERNETES, 'overlays/production'), { readFile: readWithExample }),
};
type Overlay = keyof typeof overlays;
const DEPLOYED: Overlay[] = ['dev', 'production'];

interface Container {
  name: string;
  image: string;
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
}
interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface PodSpec {
  containers: Container[];
  securityContext?: Record<string, unknown>;
  terminationGracePeriodSeconds?: number;
  automountServiceAccountToken?: boolean;
  enableServiceLinks?: boolean;
}
interface Deployment extends KubernetesObject {
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
}

function find<T extends KubernetesObject>(overlay: Overlay, kind: string, name = NAME): T {
  const found = overlays[overlay].find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`${overlay}: no ${kind}/${name}`);
  return found as T;
}

function apiContainer(overlay: Overlay): Container {
  return find<Deployment>(overlay, 'Deployment').spec.template.spec.containers[0]!;
}

/** The environment the api container gets: its ConfigMap and Secret, as the kubelet injects them. */
function podEnv(overlay: Overlay): Record<string, string> {
  const configMap = find<KubernetesObject & { data: Record<string, string> }>(overlay, 'ConfigMap');
  const secret = find<KubernetesObject & { data: Record<string, string> }>(overlay, 'Secret');
  const decoded = Object.fromEntries(
    Object.entries(secret.data).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]),
  );
  return { ...configMap.data, ...decoded };
}

function toNumber(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi)?$/.exec(quantity);
  if (!match) throw new Error(`quantity ${quantity} not understood`);
  const factor = { m: 0.001, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 }[match[2] ?? ''] ?? 1;
  return Number(match[1]) * factor;
}

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

describe('deploy/kubernetes', () => {
  it('renders every overlay and validates every object against the Kubernetes schemas, unknown fields included', async () => {
    const objects = Object.values(overlays).flat();
    expect(objects.length).toBeGreaterThan(15);
    expect(await validateKubernetesObjects(objects)).toEqual([]);
  }, 60_000);

  it('reports a misspelt field and a wrong type, so the validation above can fail', async () => {
    const misspelt = structuredClone(find<Deployment>('dev', 'Deployment'));
    misspelt.metadata.name = 'misspelt';
    const container = misspelt.spec.template.spec.containers[0]! as unknown as Record<string, unknown>;
    container.readinessProbes = container.readinessProbe;
    const mistyped = structuredClone(find<Deployment>('dev', 'Deployment'));
    mistyped.metadata.name = 'mistyped';
    (mistyped.spec.template.spec.containers[0]!.ports as unknown as { containerPort: unknown }[])[0]!.containerPort =
      'http';
    const problems = (await validateKubernetesObjects([misspelt, mistyped])).join('\n');
    expect(problems).toMatch(/Deployment\/misspelt: .*'"?readinessProbes"?' does not exist in type/);
    expect(problems).toMatch(/Deployment\/mistyped: .*containerPort must be integer/);
  }, 60_000);

  it.each(DEPLOYED)('%s: sets only variables server/config.ts reads, credentials in the Secret only', (overlay) => {
    const container = apiContainer(overlay);
    const configMap = find<KubernetesObject & { data: Record<string, string> }>(overlay, 'ConfigMap');
    const secret = find<KubernetesObject & { data: Record<string, string> }>(overlay, 'Secret');
    const names = [
      ...Object.keys(configMap.data),
      ...Object.keys(secret.data),
      ...(container.env ?? []).map((variable) => variable.name),
    ];
    expect(names.filter((name) => !CONFIG_VARIABLES.includes(name))).toEqual([]);
    expect(Object.keys(configMap.data).filter((name) => SECRET_VARIABLES.has(name))).toEqual([]);
    expect(Object.keys(secret.data).filter((name) => !SECRET_VARIABLES.has(name))).toEqual([]);
    expect(container.envFrom).toEqual([{ configMapRef: { name: NAME } }, { secretRef: { name: NAME } }]);
    // Service links would add <SERVICE>_PORT variables the schema does not know.
    expect(find<Deployment>(overlay, 'Deployment').spec.template.spec.enableServiceLinks).toBe(false);
  });

  it('loads the configuration each overlay gives the pod; production refuses to start until API_KEY is set', () => {
    expect(loadConfig(podEnv('dev'))).toMatchObject({
      environment: 'development',
      cache: { redisUrl: 'redis://redis:6379' },
    });
    let refusal: unknown;
    try {
      loadConfig(podEnv('production'));
    } catch (error) {
      refusal = error;
    }
    expect(isConfigError(refusal) && refusal.problems.join()).toMatch(/^API_KEY: production requires/);
    expect(loadConfig({ ...podEnv('production'), API_KEY: 'a-key' })).toMatchObject({
      environment: 'production',
      isProduction: true,
      log: { format: 'json' },
      server: { webConcurrency: 1 },
    });
  });

  it.each(DEPLOYED)('%s: the container port and probes are the ones the server serves', (overlay) => {
    const config = loadConfig({ ...podEnv(overlay), API_KEY: 'a-key' });
    const container = apiContainer(overlay);
    expect(container.ports).toEqual([{ name: 'http', containerPort: config.server.port, protocol: 'TCP' }]);
    expect(container.startupProbe?.httpGet).toEqual({ path: '/livez', port: 'http' });
    expect(container.livenessProbe?.httpGet).toEqual({ path: '/livez', port: 'http' });
    expect(container.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
    const service = find<KubernetesObject & { spec: { ports: { targetPort: unknown }[] } }>(overlay, 'Service');
    expect(service.spec.ports.map((port) => port.targetPort)).toEqual(['http']);
    const policy = find<KubernetesObject & { spec: { ingress: { ports: { port: unknown }[] }[] } }>(
      overlay,
      'NetworkPolicy',
    );
    expect(policy.spec.ingress.flatMap((rule) => rule.ports.map((port) => port.port))).toEqual(['http']);
  });

  describe('the probe paths on the real app, configured as in production', () => {
    let testApp: TestApp;
    beforeAll(async () => {
      // Without Redis: the probes do not depend on it (start-up never waits for Redis).
      const env: Record<string, string> = { ...podEnv('production'), API_KEY: 'a-key' };
      delete env.REDIS_URL;
      testApp = await createTestApp(env);
    });
    afterAll(async () => {
      await testApp.deps.close();
    });

    it('answers /livez always, and /readyz 200 only while ready (503 once draining)', async () => {
      const container = apiContainer('production');
      const live = container.livenessProbe!.httpGet!.path;
      const ready = container.readinessProbe!.httpGet!.path;
      await request(testApp.app).get(live).expect(200);
      await request(testApp.app).get(ready).expect(200);
      testApp.deps.lifecycle.ready = false;
      await request(testApp.app).get(ready).expect(503);
      await request(testApp.app).get(live).expect(200);
      testApp.deps.lifecycle.ready = true;
    });
  });

  it.each(DEPLOYED)('%s: preStop waits once, and the grace period covers preStop and the whole drain', (overlay) => {
    const config = loadConfig({ ...podEnv(overlay), API_KEY: 'a-key' });
    const pod = find<Deployment>(overlay, 'Deployment').spec.template.spec;
    const [sleep, seconds] = pod.containers[0]!.lifecycle?.preStop?.exec?.command ?? [];
    expect(sleep).toBe('sleep');
    const preStopSeconds = Number(seconds);
    expect(preStopSeconds).toBeGreaterThanOrEqual(5);
    // The pod is out of the endpoints before SIGTERM: a second delay in the server only slows rollouts.
    expect(config.server.shutdownDelayMs).toBe(0);
    // After the drain timeout, server/main.ts answers the stragglers, then closes Redis and agents.
    const main = readFileSync(join(ROOT, 'server/main.ts'), 'utf8');
    const constant = (name: string) =>
      Number(new RegExp(`const ${name} = ([\\d_]+);`).exec(main)?.[1]?.replaceAll('_', ''));
    const closingMs = constant('ANSWER_FLUSH_MS') + constant('CLOSE_BUDGET_MS');
    expect(closingMs).toBeGreaterThan(0);
    const drainSeconds = (config.server.shutdownDelayMs + config.server.shutdownTimeoutMs + closingMs) / 1000;
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(preStopSeconds + drainSeconds + 1);
  });

  it.each(DEPLOYED)("%s: the autoscaler, budget, Service and policy all select the Deployment's pods", (overlay) => {
    const deployment = find<Deployment>(overlay, 'Deployment');
    const labels = deployment.spec.template.metadata.labels;
    expect(selects(deployment.spec.selector.matchLabels, labels)).toBe(true);
    // The autoscaler owns the replica count; an apply must not reset it.
    expect(deployment.spec.replicas).toBeUndefined();
    const service = find<KubernetesObject & { spec: { selector: Record<string, string> } }>(overlay, 'Service');
    const budget = find<KubernetesObject & { spec: { selector: { matchLabels: Record<string, string> } } }>(
      overlay,
      'PodDisruptionBudget',
    );
    const policy = find<KubernetesObject & { spec: { podSelector: { matchLabels: Record<string, string> } } }>(
      overlay,
      'NetworkPolicy',
    );
    for (const selector of [
      service.spec.selector,
      budget.spec.selector.matchLabels,
      policy.spec.podSelector.matchLabels,
    ]) {
      expect(selects(selector, labels)).toBe(true);
    }
    const autoscaler = find<
      KubernetesObject & { spec: { scaleTargetRef: unknown; minReplicas: number; maxReplicas: number } }
    >(overlay, 'HorizontalPodAutoscaler');
    expect(autoscaler.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: NAME });
    expect(autoscaler.spec.minReplicas).toBeLessThanOrEqual(autoscaler.spec.maxReplicas);
  });

  it('scales production on CPU and on the in-flight metric the server exports, below its bulkhead', async () => {
    type Metric = {
      type: string;
      resource?: { name: string };
      pods?: { metric: { name: string }; target: { averageValue: string } };
    };
    const metricsOf = (overlay: Overlay) =>
      find<KubernetesObject & { spec: { metrics: Metric[] } }>(overlay, 'HorizontalPodAutoscaler').spec.metrics;
    const production = metricsOf('production');
    expect(production.filter((metric) => metric.type === 'Resource').map((metric) => metric.resource?.name)).toEqual([
      'cpu',
    ]);
    const inFlight = production.find((metric) => metric.type === 'Pods')!.pods!;
    const exported = await createMetrics({ runtime: false }).prometheus();
    expect(exported).toContain(`# TYPE ${inFlight.metric.name} gauge`);
    const config = loadConfig({ ...podEnv('production'), API_KEY: 'a-key' });
    expect(toNumber(inFlight.target.averageValue)).toBeLessThan(config.ai.maxConcurrency);
    // A dev cluster has no custom metrics API: CPU only.
    expect(metricsOf('dev').map((metric) => metric.type)).toEqual(['Resource']);
  });

  it.each(DEPLOYED)('%s: every container runs non-root, read-only, without capabilities, within limits', (overlay) => {
    const deployments = overlays[overlay].filter((object): object is Deployment => object.kind === 'Deployment');
    expect(deployments.length).toBeGreaterThan(0);
    for (const deployment of deployments) {
      const pod = deployment.spec.template.spec;
      const where = `${overlay} Deployment/${deployment.metadata.name}`;
      expect(pod.automountServiceAccountToken, where).toBe(false);
      expect(pod.securityContext, where).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.securityContext?.runAsUser, where).toBeGreaterThan(0);
      for (const container of pod.containers) {
        expect(container.securityContext, where).toEqual({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
          ...(container.securityContext?.privileged === undefined ? {} : { privileged: false }),
        });
        const { requests = {}, limits = {} } = container.resources ?? {};
        expect(requests.memory && limits.memory, `${where}: memory request and limit`).toBeTruthy();
        expect(requests.cpu, `${where}: cpu request`).toBeTruthy();
        for (const [resource, limit] of Object.entries(limits)) {
          expect(toNumber(limit), `${where}: ${resource}`).toBeGreaterThanOrEqual(toNumber(requests[resource] ?? '0'));
        }
      }
    }
  });

  it("runs the image ai-text-service at package.json's version, as compose.yaml and `make image` name it", () => {
    expect(apiContainer('dev').image).toBe(`${NAME}:${VERSION}`);
    expect(apiContainer('production').image).toMatch(
      new RegExp(`^[\\w.:-]+(/[\\w.-]+)*/${NAME}:${VERSION.replaceAll('.', '\\.')}$`),
    );
    const compose = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8')) as { services: { api: { image: string } } };
    expect(compose.services.api.image).toBe(`${NAME}:${VERSION}`);
    expect(readFileSync(join(ROOT, 'Makefile'), 'utf8')).toMatch(/^IMAGE \?= ai-text-service$/m);
  });

  it('lets the pods reach DNS and the Redis of REDIS_URL, and dev ships that Redis', () => {
    const redis = new URL(podEnv('dev').REDIS_URL!);
    const port = Number(redis.port || 6379);
    const policy = find<KubernetesObject & { spec: { egress: { ports: { protocol: string; port: number }[] }[] } }>(
      'dev',
      'NetworkPolicy',
    );
    const open = policy.spec.egress.flatMap((rule) => rule.ports);
    expect(open).toEqual(
      expect.arrayContaining([
        { protocol: 'UDP', port: 53 },
        { protocol: 'TCP', port },
      ]),
    );
    const service = find<KubernetesObject & { spec: { ports: { port: number }[] } }>('dev', 'Service', redis.hostname);
    expect(service.spec.ports.map((entry) => entry.port)).toContain(port);
  });

  it('generates the production Secret from secret.env, which git ignores', () => {
    const ignored = execFileSync('git', ['check-ignore', 'deploy/kubernetes/overlays/production/secret.env'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(ignored.trim()).toBe('deploy/kubernetes/overlays/production/secret.env');
  });
});
