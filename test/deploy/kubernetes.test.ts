import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dumpYaml, loadYaml } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ROLES, SETTING_NAMES } from '../../src/config.js';
import { findKubectl, parseManifests, renderFromFiles, renderManifests, renderWithKubectl } from './renderManifests.js';
import type { Manifest } from './renderManifests.js';
import { KUBE_RESOURCES } from '../../src/kube/kubeResources.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BASE = join(ROOT, 'deploy', 'kubernetes');
const SPLIT = join(BASE, 'overlays', 'split');
const NAMESPACE = 'kube-diagnose-bot';
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const KUBECTL = findKubectl();

const READ_VERBS = new Set(['get', 'list', 'watch']);

interface Probe {
  httpGet?: { path: string; port: string | number };
  tcpSocket?: unknown;
  exec?: unknown;
}
interface Container {
  name: string;
  image: string;
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } } }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: SecurityContext;
}
interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
  seccompProfile?: { type: string };
}
interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  securityContext?: SecurityContext;
  containers: Container[];
  initContainers?: Container[];
}
interface Deployment extends Manifest {
  spec: {
    replicas: number;
    strategy?: { type: string };
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
}
interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

const ofKind = <T extends Manifest>(manifests: Manifest[], kind: string): T[] =>
  manifests.filter((object) => object.kind === kind) as T[];
const containersOf = (deployment: Deployment): Container[] => [
  ...deployment.spec.template.spec.containers,
  ...(deployment.spec.template.spec.initContainers ?? []),
];
const isBot = (deployment: Deployment): boolean =>
  deployment.spec.template.spec.containers.some((container) => container.image.split(':')[0] === 'kube-diagnose-bot');
/** The role a bot Deployment runs: `all` for plain `start`. */
const roleOf = (deployment: Deployment): string => {
  const args = deployment.spec.template.spec.containers[0]?.args ?? [];
  const at = args.indexOf('--role');
  return at < 0 ? 'all' : (args[at + 1] ?? '');
};
/** `[apiGroup, resource]` pairs a rule grants a verb on. */
const grants = (rules: Rule[], verb: string): string[] =>
  rules.flatMap((rule) =>
    rule.verbs.includes(verb) || rule.verbs.includes('*')
      ? rule.apiGroups.flatMap((group) => rule.resources.map((resource) => `${group}/${resource}`))
      : [],
  );

/** Whether a label selector selects an object with these labels. */
const matches = (selector: Record<string, string>, labels: Record<string, string>): boolean =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

/** ConfigMap names lose kustomize's hash suffix, so both renderers can be compared. */
const withoutHashes = (manifests: Manifest[]): unknown[] => {
  let text = JSON.stringify(manifests);
  for (const map of ofKind(manifests, 'ConfigMap')) {
    const plain = map.metadata.name.replace(/-[a-z0-9]{10}$/, '');
    text = text.replaceAll(`"${map.metadata.name}"`, `"${plain}"`);
  }
  const key = (object: Manifest): string => `${object.kind}/${object.metadata.name}`;
  return (JSON.parse(text) as Manifest[]).sort((a, b) => key(a).localeCompare(key(b)));
};

describe.each([
  { name: 'base (all roles in one pod)', dir: BASE },
  { name: 'overlays/split', dir: SPLIT },
])('deploy/kubernetes $name', ({ dir }) => {
  const { manifests, renderer } = renderManifests(dir);
  const deployments = ofKind<Deployment>(manifests, 'Deployment');
  const bots = deployments.filter(isBot);

  it.skipIf(KUBECTL === undefined)(
    `renders the same from the files as with kubectl kustomize${KUBECTL === undefined ? ' (skipped: no kubectl on this machine)' : ''}`,
    () => {
      expect(withoutHashes(renderFromFiles(dir))).toEqual(withoutHashes(renderWithKubectl(dir)));
    },
  );

  it('uses only fields of the Kubernetes API (the client drops a misspelt one on a round trip)', () => {
    for (const object of manifests) {
      const roundTrip = parse(dumpYaml(loadYaml(stringify(object)))) as unknown;
      expect(roundTrip, `${object.kind}/${object.metadata.name}`).toEqual(object);
    }
  });

  it(`renders (${renderer}) a namespace that enforces the restricted Pod Security Standard`, () => {
    const [namespace] = ofKind(manifests, 'Namespace');
    expect(namespace?.metadata.name).toBe(NAMESPACE);
    expect(namespace?.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const clusterScoped = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);
    for (const object of manifests.filter((o) => !clusterScoped.has(o.kind))) {
      expect(object.metadata.namespace, `${object.kind}/${object.metadata.name}`).toBe(NAMESPACE);
    }
  });

  it('grants only get/list/watch, never on Secrets or ConfigMaps, and binds it to the bot', () => {
    const roles = [...ofKind(manifests, 'ClusterRole'), ...ofKind(manifests, 'Role')];
    expect(roles.map((role) => role.metadata.name)).toEqual(['kube-diagnose-bot-read']);
    const rules = roles.flatMap((role) => role.rules as Rule[]);
    for (const rule of rules) {
      const verbs = rule.resources.includes('pods/log') ? ['get'] : [...READ_VERBS];
      expect(rule.verbs.every((verb) => verbs.includes(verb)), `verbs ${rule.verbs.join(',')}`).toBe(true);
      expect(rule.apiGroups).not.toContain('*');
      expect(rule.resources).not.toContain('*');
      expect(rule.resources).not.toContain('secrets');
      expect(rule.resources).not.toContain('configmaps');
    }
    for (const verb of ['get', 'list', 'watch']) {
      expect(grants(rules, verb)).toEqual(
        expect.arrayContaining([
          '/pods',
          '/events',
          'events.k8s.io/events',
          '/nodes',
          '/namespaces',
          '/persistentvolumeclaims',
          '/persistentvolumes',
          'storage.k8s.io/storageclasses',
          'batch/jobs',
          'batch/cronjobs',
          'apps/replicasets',
          'apps/deployments',
          'apps/statefulsets',
          'apps/daemonsets',
        ]),
      );
      // Every kind the analyzer reads (live and through the watcher's informers) is granted.
      const read = KUBE_RESOURCES.map((r) => `${r.apiVersion.includes('/') ? r.apiVersion.split('/')[0] ?? '' : ''}/${r.path().split('/').pop() ?? ''}`);
      expect(grants(rules, verb)).toEqual(expect.arrayContaining(read));
    }
    expect(grants(rules, 'get')).toContain('/pods/log');

    const [binding] = ofKind(manifests, 'ClusterRoleBinding');
    expect(binding?.roleRef).toMatchObject({ kind: 'ClusterRole', name: 'kube-diagnose-bot-read' });
    expect(binding?.subjects).toEqual([{ kind: 'ServiceAccount', name: 'kube-diagnose-bot', namespace: NAMESPACE }]);
    for (const bot of bots) expect(bot.spec.template.spec.serviceAccountName).toBe('kube-diagnose-bot');
  });

  it('runs every container non-root, read-only, unprivileged, with requests, limits and probes', () => {
    expect(deployments.length).toBeGreaterThan(1);
    for (const deployment of deployments) {
      const pod = deployment.spec.template.spec;
      for (const container of containersOf(deployment)) {
        const where = `${deployment.metadata.name}/${container.name}`;
        const security = { ...pod.securityContext, ...container.securityContext };
        expect(security.runAsNonRoot, where).toBe(true);
        expect(security.runAsUser, where).toBeGreaterThan(0);
        expect(security.readOnlyRootFilesystem, where).toBe(true);
        expect(security.allowPrivilegeEscalation, where).toBe(false);
        expect(security.capabilities?.drop, where).toContain('ALL');
        expect(security.capabilities?.add ?? [], where).toEqual([]);
        expect(security.seccompProfile?.type, where).toBe('RuntimeDefault');
        for (const resource of ['cpu', 'memory']) {
          expect(container.resources?.requests?.[resource], `${where} requests.${resource}`).toBeDefined();
          expect(container.resources?.limits?.[resource], `${where} limits.${resource}`).toBeDefined();
        }
        expect(container.livenessProbe, `${where} liveness`).toBeDefined();
        expect(container.readinessProbe, `${where} readiness`).toBeDefined();
      }
    }
  });

  it('probes the bot on /healthz and /readyz of the port it listens on, as uid 1000', () => {
    expect(bots.length).toBeGreaterThan(0);
    for (const bot of bots) {
      const [container] = bot.spec.template.spec.containers;
      const port = container?.ports?.find((p) => p.name === 'http');
      expect(port?.containerPort).toBe(3000);
      expect(container?.env?.find((e) => e.name === 'PORT')?.value).toBe(String(port?.containerPort));
      expect(container?.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(container?.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
      expect({ ...bot.spec.template.spec.securityContext, ...container?.securityContext }.runAsUser).toBe(1000);
    }
  });

  it('mounts a service account token only into the pods that read the cluster', () => {
    const [account] = ofKind(manifests, 'ServiceAccount');
    expect(account?.automountServiceAccountToken).toBe(false);
    for (const deployment of deployments) {
      // The Slack receiver only enqueues; the workers read the cluster for it.
      const readsCluster = isBot(deployment) && roleOf(deployment) !== 'slack';
      expect(deployment.spec.template.spec.automountServiceAccountToken, deployment.metadata.name).toBe(readsCluster);
    }
  });

  it('runs the image of this version with env names the config schema knows', () => {
    const known = new Set<string>(SETTING_NAMES);
    const configMaps = new Map(ofKind(manifests, 'ConfigMap').map((map) => [map.metadata.name, map.data as Record<string, string>]));
    for (const bot of bots) {
      const [container] = bot.spec.template.spec.containers;
      expect(container?.image).toBe(`kube-diagnose-bot:${VERSION}`);
      const fromMaps = (container?.envFrom ?? []).flatMap((source) => {
        expect(source.secretRef, 'envFrom a Secret would hide which keys the bot reads').toBeUndefined();
        const data = configMaps.get(source.configMapRef?.name ?? '');
        expect(data, `ConfigMap ${source.configMapRef?.name}`).toBeDefined();
        return Object.keys(data ?? {});
      });
      const names = [...fromMaps, ...(container?.env ?? []).map((e) => e.name)];
      expect(names.filter((name) => !known.has(name))).toEqual([]);
      for (const { name, valueFrom } of container?.env ?? []) {
        const ref = valueFrom?.secretKeyRef;
        if (ref !== undefined) expect(ref, name).toMatchObject({ name: 'kube-diagnose-bot', key: name });
      }
    }
    const settings = [...configMaps.values()][0];
    expect(settings?.REDIS_URL).toBe('redis://redis:6379');
    const redis = ofKind(manifests, 'Service').find((service) => service.metadata.name === 'redis');
    expect((redis?.spec as { ports: { port: number }[] }).ports[0]?.port).toBe(6379);
  });

  it('ships no Secret: tokens come from the one the user creates', () => {
    expect(ofKind(manifests, 'Secret')).toEqual([]);
    const example = parseManifests(readFileSync(join(BASE, 'secret.example.yaml'), 'utf8'));
    expect(example).toHaveLength(1);
    expect(example[0]?.metadata).toEqual({ name: 'kube-diagnose-bot', namespace: NAMESPACE });
    const keys = Object.keys(example[0]?.stringData as object);
    expect(keys.filter((key) => !(SETTING_NAMES as string[]).includes(key))).toEqual([]);
    const required = bots.flatMap((bot) =>
      (bot.spec.template.spec.containers[0]?.env ?? [])
        .filter((e) => e.valueFrom?.secretKeyRef !== undefined && e.valueFrom.secretKeyRef.optional !== true)
        .map((e) => e.name),
    );
    expect(required.length).toBeGreaterThan(0);
    expect(keys).toEqual(expect.arrayContaining(required));
  });

  it('never runs two watchers, and no two Deployments select the same pods', () => {
    const watchers = bots.filter((bot) => ['all', 'watcher'].includes(roleOf(bot)));
    expect(watchers).toHaveLength(1);
    expect(watchers[0]?.spec.replicas).toBe(1);
    expect(watchers[0]?.spec.strategy?.type).toBe('Recreate');
    const selectors = deployments.map((deployment) => JSON.stringify(deployment.spec.selector.matchLabels));
    expect(new Set(selectors).size).toBe(deployments.length);
    for (const deployment of deployments) {
      expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
    }
  });

  it('lets only the bot reach Redis', () => {
    const policies = ofKind(manifests, 'NetworkPolicy').map(
      (policy) => policy.spec as { podSelector: { matchLabels: Record<string, string> }; ingress: { from: { podSelector: { matchLabels: Record<string, string> } }[] }[] },
    );
    const redisPods = deployments.filter((deployment) => !isBot(deployment)).map((d) => d.spec.template.metadata.labels);
    const guarding = policies.filter((policy) => redisPods.every((labels) => matches(policy.podSelector.matchLabels, labels)));
    expect(guarding).toHaveLength(1);
    const sources = guarding[0]?.ingress.flatMap((rule) => rule.from.map((from) => from.podSelector.matchLabels)) ?? [];
    for (const deployment of deployments) {
      const allowed = sources.some((selector) => matches(selector, deployment.spec.template.metadata.labels));
      expect(allowed, deployment.metadata.name).toBe(isBot(deployment));
    }
  });

  it("sends the Service's traffic to the pods that receive Slack events", () => {
    const service = ofKind(manifests, 'Service').find((s) => s.metadata.name === 'kube-diagnose-bot');
    const selector = (service?.spec as { selector: Record<string, string> }).selector;
    const selected = bots.filter((bot) => matches(selector, bot.spec.template.metadata.labels));
    expect(selected.map(roleOf)).toEqual([dir === BASE ? 'all' : 'slack']);
  });
});

describe('the two deployments', () => {
  const roles = (dir: string): Record<string, number> =>
    Object.fromEntries(
      ofKind<Deployment>(renderManifests(dir).manifests, 'Deployment')
        .filter(isBot)
        .map((bot) => [roleOf(bot), bot.spec.replicas]),
    );

  it('base runs every role in one pod; split runs one watcher, three workers and a Slack receiver', () => {
    expect(Object.keys(roles(SPLIT)).every((role) => (ROLES as readonly string[]).includes(role))).toBe(true);
    expect(roles(BASE)).toEqual({ all: 1 });
    expect(roles(SPLIT)).toEqual({ watcher: 1, worker: 3, slack: 1 });
  });
});
