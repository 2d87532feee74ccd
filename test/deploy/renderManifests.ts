import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/** One Kubernetes object as rendered; the tests read it loosely and assert what they need. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** How a kustomization was rendered: by kubectl's own kustomize, or by {@link renderFromFiles}. */
export type Renderer = 'kubectl' | 'files';

/** The kubectl binary when it works on this machine (it has kustomize built in), else undefined. */
export function findKubectl(): string | undefined {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return 'kubectl';
  } catch {
    return undefined;
  }
}

/** `kubectl kustomize DIR`, parsed. */
export function renderWithKubectl(dir: string, kubectl = 'kubectl'): Manifest[] {
  return parseManifests(execFileSync(kubectl, ['kustomize', dir], { encoding: 'utf8' }));
}

/**
 * Renders a kustomization by reading its YAML files, for machines without kubectl. It knows only
 * the fields our kustomizations use (resources, namespace, nameSuffix, labels, configMapGenerator
 * from env files, images, replicas, JSON 6902 patches) and fails loudly on any other, so a new
 * field in deploy/kubernetes cannot be silently ignored. Generated ConfigMaps get no hash suffix.
 */
export function renderFromFiles(dir: string): Manifest[] {
  const kustomization = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Kustomization;
  const unknown = Object.keys(kustomization).filter((field) => !KNOWN_FIELDS.has(field));
  if (unknown.length > 0) throw new Error(`${dir}: renderFromFiles does not know ${unknown.join(', ')}`);

  const objects: Manifest[] = [];
  for (const resource of kustomization.resources ?? []) {
    const path = join(dir, resource);
    objects.push(...(statSync(path).isDirectory() ? renderFromFiles(path) : parseManifests(readFileSync(path, 'utf8'))));
  }
  for (const generator of kustomization.configMapGenerator ?? []) objects.push(configMapFromEnvFiles(dir, generator));
  for (const patch of kustomization.patches ?? []) applyJsonPatch(objects, patch);
  for (const object of objects) {
    if (kustomization.nameSuffix !== undefined) object.metadata.name += kustomization.nameSuffix;
    for (const label of kustomization.labels ?? []) addLabels(object, label);
    if (kustomization.namespace !== undefined && !CLUSTER_SCOPED.has(object.kind)) {
      object.metadata.namespace = kustomization.namespace;
    }
  }
  for (const image of kustomization.images ?? []) setImage(objects, image);
  for (const replicas of kustomization.replicas ?? []) {
    const deployment = objects.find((object) => object.kind === 'Deployment' && object.metadata.name === replicas.name);
    if (deployment === undefined) throw new Error(`${dir}: replicas for unknown Deployment ${replicas.name}`);
    (deployment.spec as { replicas: number }).replicas = replicas.count;
  }
  return objects;
}

/** The kustomization rendered with kubectl where it exists, else from the files. */
export function renderManifests(dir: string, kubectl = findKubectl()): { manifests: Manifest[]; renderer: Renderer } {
  return kubectl === undefined
    ? { manifests: renderFromFiles(dir), renderer: 'files' }
    : { manifests: renderWithKubectl(dir, kubectl), renderer: 'kubectl' };
}

/** Every non-empty YAML document of a multi-document text. */
export function parseManifests(text: string): Manifest[] {
  return parseAllDocuments(text)
    .map((document) => document.toJS() as Manifest | null)
    .filter((object): object is Manifest => object !== null);
}

interface Kustomization {
  resources?: string[];
  namespace?: string;
  nameSuffix?: string;
  labels?: { pairs: Record<string, string>; includeSelectors?: boolean }[];
  configMapGenerator?: { name: string; envs: string[] }[];
  images?: { name: string; newName?: string; newTag?: string }[];
  replicas?: { name: string; count: number }[];
  patches?: { target: { kind: string; name?: string }; patch: string }[];
}

const KNOWN_FIELDS = new Set([
  'apiVersion',
  'kind',
  'resources',
  'namespace',
  'nameSuffix',
  'labels',
  'configMapGenerator',
  'images',
  'replicas',
  'patches',
]);

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass']);

function configMapFromEnvFiles(dir: string, generator: { name: string; envs: string[] }): Manifest {
  const data: Record<string, string> = {};
  for (const file of generator.envs) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
      if (match?.[1] !== undefined) data[match[1]] = match[2] ?? '';
    }
  }
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: generator.name }, data };
}

function applyJsonPatch(objects: Manifest[], { target, patch }: { target: { kind: string; name?: string }; patch: string }): void {
  const ops = parse(patch) as { op: string; path: string; value: unknown }[];
  const matches = objects.filter(
    (object) => object.kind === target.kind && (target.name === undefined || object.metadata.name === target.name),
  );
  if (matches.length === 0) throw new Error(`patch target ${target.kind}/${target.name ?? '*'} matches nothing`);
  for (const object of matches) {
    for (const { op, path, value } of ops) {
      if (op !== 'replace' && op !== 'add') throw new Error(`renderFromFiles does not know patch op ${op}`);
      const keys = path.split('/').slice(1).map((key) => key.replaceAll('~1', '/').replaceAll('~0', '~'));
      const last = keys.pop();
      if (last === undefined) throw new Error(`empty patch path in ${target.kind}`);
      let node = object as Record<string, unknown>;
      for (const key of keys) node = node[key] as Record<string, unknown>;
      node[last] = value;
    }
  }
}

function addLabels(object: Manifest, { pairs, includeSelectors }: { pairs: Record<string, string>; includeSelectors?: boolean }): void {
  object.metadata.labels = { ...object.metadata.labels, ...pairs };
  if (includeSelectors !== true) return;
  if (object.kind === 'Service') {
    const spec = object.spec as { selector?: Record<string, string> };
    spec.selector = { ...spec.selector, ...pairs };
  }
  if (object.kind === 'Deployment') {
    const spec = object.spec as {
      selector?: { matchLabels?: Record<string, string> };
      template?: { metadata?: { labels?: Record<string, string> } };
    };
    spec.selector = { ...spec.selector, matchLabels: { ...spec.selector?.matchLabels, ...pairs } };
    spec.template = { ...spec.template, metadata: { ...spec.template?.metadata, labels: { ...spec.template?.metadata?.labels, ...pairs } } };
  }
}

function setImage(objects: Manifest[], image: { name: string; newName?: string; newTag?: string }): void {
  for (const object of objects) {
    const pod = (object.spec as { template?: { spec?: { containers?: { image: string }[] } } } | undefined)?.template?.spec;
    for (const container of pod?.containers ?? []) {
      const [name] = container.image.split(':');
      if (name === image.name) container.image = `${image.newName ?? name}${image.newTag === undefined ? '' : `:${image.newTag}`}`;
    }
  }
}
