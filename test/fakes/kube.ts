/**
 * A fake Kubernetes API server on loopback that speaks the real wire protocol for
 * `@kubernetes/client-node` 1.x: lists (paged with `limit`/`continue` when asked), single GETs, `/version`, pod logs and watch streams
 * (newline-delimited JSON with ADDED/MODIFIED/DELETED/BOOKMARK/ERROR), plus test controls to
 * change objects, expire or drop watches, forbid kinds and count requests.
 *
 * It also answers API discovery (`/api/v1`, `/apis/GROUP/VERSION`, for client-node's generic
 * `KubernetesObjectApi`) and equality field selectors (`spec.nodeName=n1`) on lists.
 *
 * Like the real API server, list items carry no `kind`/`apiVersion` (the list does), watch event
 * objects do, and every change gets a fresh, increasing `metadata.resourceVersion`.
 *
 * @example
 * const kube = await startFakeKube([pod, event]);
 * const kc = kube.kubeConfig();          // a KubeConfig pointing at it
 * kube.upsert({ ...pod, status: {...} }); // emits MODIFIED to open watches
 * await kube.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { writeFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';

/** Any Kubernetes object: `kind` and `metadata.name` are required by `upsert`. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** One resource type the fake serves. */
interface Resource {
  kind: string;
  apiVersion: string;
  /** URL prefix: `/api/v1` or `/apis/GROUP/VERSION`. */
  prefix: string;
  plural: string;
  namespaced: boolean;
}

const RESOURCES: Resource[] = [
  { kind: 'Pod', apiVersion: 'v1', prefix: '/api/v1', plural: 'pods', namespaced: true },
  { kind: 'Event', apiVersion: 'v1', prefix: '/api/v1', plural: 'events', namespaced: true },
  { kind: 'Node', apiVersion: 'v1', prefix: '/api/v1', plural: 'nodes', namespaced: false },
  { kind: 'Namespace', apiVersion: 'v1', prefix: '/api/v1', plural: 'namespaces', namespaced: false },
  { kind: 'PersistentVolumeClaim', apiVersion: 'v1', prefix: '/api/v1', plural: 'persistentvolumeclaims', namespaced: true },
  { kind: 'PersistentVolume', apiVersion: 'v1', prefix: '/api/v1', plural: 'persistentvolumes', namespaced: false },
  { kind: 'StorageClass', apiVersion: 'storage.k8s.io/v1', prefix: '/apis/storage.k8s.io/v1', plural: 'storageclasses', namespaced: false },
  { kind: 'Job', apiVersion: 'batch/v1', prefix: '/apis/batch/v1', plural: 'jobs', namespaced: true },
  { kind: 'ReplicaSet', apiVersion: 'apps/v1', prefix: '/apis/apps/v1', plural: 'replicasets', namespaced: true },
  { kind: 'Deployment', apiVersion: 'apps/v1', prefix: '/apis/apps/v1', plural: 'deployments', namespaced: true },
  { kind: 'StatefulSet', apiVersion: 'apps/v1', prefix: '/apis/apps/v1', plural: 'statefulsets', namespaced: true },
  { kind: 'DaemonSet', apiVersion: 'apps/v1', prefix: '/apis/apps/v1', plural: 'daemonsets', namespaced: true },
  { kind: 'ControllerRevision', apiVersion: 'apps/v1', prefix: '/apis/apps/v1', plural: 'controllerrevisions', namespaced: true },
  { kind: 'CronJob', apiVersion: 'batch/v1', prefix: '/apis/batch/v1', plural: 'cronjobs', namespaced: true },
  { kind: 'Service', apiVersion: 'v1', prefix: '/api/v1', plural: 'services', namespaced: true },
  { kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1', prefix: '/apis/discovery.k8s.io/v1', plural: 'endpointslices', namespaced: true },
  { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', prefix: '/apis/networking.k8s.io/v1', plural: 'ingresses', namespaced: true },
  { kind: 'IngressClass', apiVersion: 'networking.k8s.io/v1', prefix: '/apis/networking.k8s.io/v1', plural: 'ingressclasses', namespaced: false },
  { kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2', prefix: '/apis/autoscaling/v2', plural: 'horizontalpodautoscalers', namespaced: true },
  { kind: 'PodDisruptionBudget', apiVersion: 'policy/v1', prefix: '/apis/policy/v1', plural: 'poddisruptionbudgets', namespaced: true },
  { kind: 'ResourceQuota', apiVersion: 'v1', prefix: '/api/v1', plural: 'resourcequotas', namespaced: true },
  { kind: 'LimitRange', apiVersion: 'v1', prefix: '/api/v1', plural: 'limitranges', namespaced: true },
  {
    kind: 'ValidatingWebhookConfiguration',
    apiVersion: 'admissionregistration.k8s.io/v1',
    prefix: '/apis/admissionregistration.k8s.io/v1',
    plural: 'validatingwebhookconfigurations',
    namespaced: false,
  },
  {
    kind: 'MutatingWebhookConfiguration',
    apiVersion: 'admissionregistration.k8s.io/v1',
    prefix: '/apis/admissionregistration.k8s.io/v1',
    plural: 'mutatingwebhookconfigurations',
    namespaced: false,
  },
];
/** More kinds, served like the rest (the investigation tools read them); a kind already above is skipped. */
for (const more of [
  { kind: 'Service', apiVersion: 'v1', prefix: '/api/v1', plural: 'services', namespaced: true },
  { kind: 'ConfigMap', apiVersion: 'v1', prefix: '/api/v1', plural: 'configmaps', namespaced: true },
  { kind: 'Secret', apiVersion: 'v1', prefix: '/api/v1', plural: 'secrets', namespaced: true },
  { kind: 'ControllerRevision', apiVersion: 'apps/v1', prefix: '/apis/apps/v1', plural: 'controllerrevisions', namespaced: true },
  { kind: 'CronJob', apiVersion: 'batch/v1', prefix: '/apis/batch/v1', plural: 'cronjobs', namespaced: true },
  { kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1', prefix: '/apis/discovery.k8s.io/v1', plural: 'endpointslices', namespaced: true },
  { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', prefix: '/apis/networking.k8s.io/v1', plural: 'ingresses', namespaced: true },
  { kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2', prefix: '/apis/autoscaling/v2', plural: 'horizontalpodautoscalers', namespaced: true },
] satisfies Resource[]) {
  if (!RESOURCES.some((r) => r.kind === more.kind)) RESOURCES.push(more);
}
const BY_KIND = new Map(RESOURCES.map((r) => [r.kind, r]));

/** API discovery (`/api/v1`, `/apis/GROUP/VERSION`): how client-node's generic KubernetesObjectApi finds a kind's path. */
function discovery(path: string): object | undefined {
  const prefix = path.replace(/\/$/, '');
  const served = RESOURCES.filter((r) => r.prefix === prefix);
  if (served.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: served[0]?.apiVersion,
    resources: served.map((r) => ({ name: r.plural, singularName: r.kind.toLowerCase(), namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'list', 'watch'] })),
  };
}

type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

interface HistoryEntry {
  rv: number;
  type: WatchType;
  resource: Resource;
  object: KubeObject;
}

interface OpenWatch {
  resource: Resource;
  namespace: string | undefined;
  selector: (labels: Record<string, string> | undefined) => boolean;
  bookmarks: boolean;
  res: ServerResponse;
  /** Lines held back while watches are paused. */
  held: string[];
}

/** A request the fake received, for assertions (e.g. "no relist happened"). */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  watch: boolean;
}

/** The handle `startFakeKube` returns. */
export interface FakeKube {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** A fresh KubeConfig (context `fake`, cluster at `url`, TLS verification off, a dummy token). */
  kubeConfig(): KubeConfig;
  /** Writes an equivalent kubeconfig YAML/JSON file, for `KUBECONFIG=path` (CLI and e2e tests). */
  writeKubeconfig(path: string): void;
  /** Creates or replaces an object (by kind, namespace, name); emits ADDED or MODIFIED. Returns the stored copy. */
  upsert(obj: KubeObject): KubeObject;
  /** Deletes an object if present; emits DELETED. */
  remove(obj: KubeObject): void;
  /** The stored object, or undefined. */
  get(kind: string, namespace: string, name: string): KubeObject | undefined;
  /** The current (latest) resourceVersion as a number. */
  resourceVersion(): number;
  /**
   * Like etcd compaction: every open watch gets `ERROR 410 Expired` and is closed, and any later
   * watch from an older resourceVersion gets the same, forcing the client to relist.
   */
  expireWatches(): void;
  /** Destroys every open watch connection (a network blip); clients must resume by resourceVersion. */
  dropWatches(): void;
  /** Sends a BOOKMARK with the current resourceVersion to watches that asked for bookmarks. */
  bookmark(): void;
  /**
   * Holds watch events back (changes still apply and lists see them) until `resumeWatches()`,
   * which sends everything held at once: a burst as fast as the connection takes it.
   */
  pauseWatches(): void;
  resumeWatches(): void;
  /** Makes list/get/watch of a kind answer 403 Forbidden (RBAC) until called with false. */
  forbid(kind: string, forbidden?: boolean): void;
  /** Makes a kind answer 404 Not Found, like an API server without that API group/version (an older cluster). */
  unserve(kind: string): void;
  /** Sets the text of a container log; `previous` is the last terminated instance. */
  setLog(ref: { namespace: string; pod: string; container: string; previous?: boolean }, text: string): void;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** How many watch connections are open now. */
  openWatches(): number;
  close(): Promise<void>;
}

function status(code: number, reason: string, message: string): object {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

/** Supports the equality-based selector forms: `k=v`, `k==v`, `k!=v`, `k`, `!k`, comma-separated. */
function parseLabelSelector(selector: string | undefined): (labels: Record<string, string> | undefined) => boolean {
  if (!selector) return () => true;
  const terms = selector.split(',').map((t) => t.trim()).filter(Boolean);
  return (labels = {}) =>
    terms.every((term) => {
      const [key = '', value = ''] = term.split(/!=|==?/).map((part) => part.trim());
      if (term.includes('!=')) return labels[key] !== value;
      if (term.includes('=')) return labels[key] === value;
      if (term.startsWith('!')) return !(term.slice(1) in labels);
      return term in labels;
    });
}

/** Field selectors as the API server reads them: `a.b=v`, `a.b==v`, `a.b!=v`, comma-separated, on dotted paths. */
function parseFieldSelector(selector: string | undefined): (obj: KubeObject) => boolean {
  if (!selector) return () => true;
  const terms = selector.split(',').map((t) => t.trim()).filter(Boolean);
  const at = (obj: unknown, path: string): string => {
    const value = path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), obj);
    return value === undefined || value === null ? '' : String(value);
  };
  return (obj) =>
    terms.every((term) => {
      const [path = '', value = ''] = term.split(/!=|==?/).map((part) => part.trim());
      return term.includes('!=') ? at(obj, path) !== value : at(obj, path) === value;
    });
}

/** Starts the fake on 127.0.0.1 with a free port, pre-loaded with `initial` objects. */
export async function startFakeKube(initial: KubeObject[] = []): Promise<FakeKube> {
  const store = new Map<Resource, Map<string, KubeObject>>(RESOURCES.map((r) => [r, new Map()]));
  const objectsOf = (resource: Resource) => store.get(resource) ?? new Map<string, KubeObject>();
  const history: HistoryEntry[] = [];
  const HISTORY_LIMIT = 200_000;
  const watches = new Set<OpenWatch>();
  const forbidden = new Set<string>();
  const unserved = new Set<string>();
  const logs = new Map<string, string>();
  const sockets = new Set<Socket>();
  const requests: RecordedRequest[] = [];
  let rv = 1000;
  /** Watches from a resourceVersion below this get 410 Gone. */
  let oldestRv = rv;

  const keyOf = (ns: string | undefined, name: string) => `${ns ?? ''}/${name}`;
  const logKey = (ns: string, pod: string, container: string, previous: boolean) =>
    `${ns}/${pod}/${container}/${previous ? 'previous' : 'current'}`;

  /** Where an object lives: its resource, namespace (undefined when cluster-scoped) and store key. */
  function locate(obj: KubeObject): { resource: Resource; ns: string | undefined; key: string } {
    const resource = obj.kind ? BY_KIND.get(obj.kind) : undefined;
    if (!resource) throw new Error(`fake kube: unsupported kind ${String(obj.kind)}`);
    const name = obj.metadata?.name;
    if (!name) throw new Error(`fake kube: ${obj.kind} without metadata.name`);
    const ns = resource.namespaced ? (obj.metadata?.namespace ?? 'default') : undefined;
    return { resource, ns, key: keyOf(ns, name) };
  }

  let paused = false;
  function write(w: OpenWatch, line: string): void {
    if (paused) w.held.push(line);
    else w.res.write(line);
  }
  function send(w: OpenWatch, type: string, object: unknown): void {
    write(w, `${JSON.stringify({ type, object })}\n`);
  }

  function matches(w: OpenWatch, resource: Resource, obj: KubeObject): boolean {
    return (
      w.resource === resource &&
      (w.namespace === undefined || obj.metadata?.namespace === w.namespace) &&
      w.selector(obj.metadata?.labels)
    );
  }

  function emit(type: WatchType, resource: Resource, object: KubeObject): void {
    history.push({ rv, type, resource, object });
    if (history.length > HISTORY_LIMIT) {
      history.splice(0, history.length - HISTORY_LIMIT);
      oldestRv = history[0]?.rv ?? rv;
    }
    let line: string | undefined;
    for (const w of watches) {
      if (!matches(w, resource, object)) continue;
      line ??= `${JSON.stringify({ type, object })}\n`;
      write(w, line);
    }
  }

  function upsert(input: KubeObject): KubeObject {
    const { resource, ns, key } = locate(input);
    const objects = objectsOf(resource);
    const existed = objects.has(key);
    rv += 1;
    const previous = objects.get(key);
    // A deep copy, so later changes by the caller do not leak into the store (JSON: that is what it serves).
    const obj = JSON.parse(
      JSON.stringify({
      ...input,
      apiVersion: resource.apiVersion,
      kind: resource.kind,
      metadata: {
        ...input.metadata,
        ...(ns === undefined ? {} : { namespace: ns }),
        uid: input.metadata?.uid ?? previous?.metadata?.uid ?? `uid-${resource.plural}-${key}`,
        creationTimestamp:
          input.metadata?.creationTimestamp ?? previous?.metadata?.creationTimestamp ?? new Date().toISOString(),
        resourceVersion: String(rv),
      },
    }),
    ) as KubeObject;
    objects.set(key, obj);
    emit(existed ? 'MODIFIED' : 'ADDED', resource, obj);
    return obj;
  }

  function remove(input: KubeObject): void {
    const { resource, key } = locate(input);
    const objects = objectsOf(resource);
    const obj = objects.get(key);
    if (!obj) return;
    objects.delete(key);
    rv += 1;
    emit('DELETED', resource, { ...obj, metadata: { ...obj.metadata, resourceVersion: String(rv) } });
  }

  for (const obj of initial) upsert(obj);
  oldestRv = 1000;

  /** Parses `/api/v1[/namespaces/NS]/PLURAL[/NAME[/log]]` and the `/apis/...` equivalents. */
  function route(path: string):
    | { resource: Resource; namespace: string | undefined; name: string | undefined; sub: string | undefined }
    | undefined {
    for (const resource of RESOURCES) {
      if (!path.startsWith(`${resource.prefix}/`)) continue;
      const parts = path.slice(resource.prefix.length + 1).split('/').filter(Boolean).map(decodeURIComponent);
      let namespace: string | undefined;
      if (parts[0] === 'namespaces' && parts.length >= 3 && resource.plural !== 'namespaces') {
        namespace = parts[1];
        parts.splice(0, 2);
      }
      if (parts[0] !== resource.plural) continue;
      // `/api/v1/namespaces/NS/pods` belongs to pods, not to the namespace NS.
      if (resource.plural === 'namespaces' && parts.length > 2) continue;
      if (namespace !== undefined && !resource.namespaced) return undefined;
      return { resource, namespace, name: parts[1], sub: parts[2] };
    }
    return undefined;
  }

  function json(res: ServerResponse, code: number, body: unknown): void {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  /** Lists being paged through, by the id in their continue token (the oldest go first). */
  const pagedLists = new Map<number, KubeObject[]>();
  let nextListId = 0;

  function listOf(resource: Resource, namespace: string | undefined, selector: ReturnType<typeof parseLabelSelector>): KubeObject[] {
    const out: KubeObject[] = [];
    for (const obj of objectsOf(resource).values()) {
      if (namespace !== undefined && obj.metadata?.namespace !== namespace) continue;
      if (!selector(obj.metadata?.labels)) continue;
      out.push(obj);
    }
    return out;
  }

  /**
   * A list, or one page of it when `limit` is set: like the API server, `metadata.continue` asks
   * for the next page and every page carries the first page's resourceVersion; a token older than
   * the kept history is refused with 410 Expired.
   */
  function listPage(res: ServerResponse, resource: Resource, namespace: string | undefined, query: Record<string, string>): void {
    let start = 0;
    let listRv = rv;
    let listId = (nextListId += 1);
    let all: KubeObject[] | undefined;
    if (query.continue) {
      const token = JSON.parse(Buffer.from(query.continue, 'base64url').toString('utf8')) as { rv: number; offset: number; list: number };
      if (token.rv < oldestRv) {
        return json(res, 410, status(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result.'));
      }
      ({ offset: start, rv: listRv, list: listId } = token);
      all = pagedLists.get(listId);
    }
    all ??= listOf(resource, namespace, parseLabelSelector(query.labelSelector)).filter(parseFieldSelector(query.fieldSelector));
    const limit = Number(query.limit) > 0 ? Number(query.limit) : all.length;
    const end = Math.min(all.length, start + limit);
    const more = end < all.length;
    const next = more ? Buffer.from(JSON.stringify({ rv: listRv, offset: end, list: listId })).toString('base64url') : undefined;
    // Later pages come from the first page's list, as the API server serves them from one
    // snapshot (and a big list is not filtered again for every page).
    pagedLists.delete(listId);
    if (more) pagedLists.set(listId, all);
    if (pagedLists.size > 32) pagedLists.delete(pagedLists.keys().next().value as number);
    json(res, 200, {
      kind: `${resource.kind}List`,
      apiVersion: resource.apiVersion,
      metadata: { resourceVersion: String(listRv), ...(next === undefined ? {} : { continue: next, remainingItemCount: all.length - end }) },
      // The real API server omits kind/apiVersion on list items.
      items: all.slice(start, end).map(({ kind: _kind, apiVersion: _apiVersion, ...rest }) => rest),
    });
  }

  function startWatch(
    req: IncomingMessage,
    res: ServerResponse,
    resource: Resource,
    namespace: string | undefined,
    query: Record<string, string>,
  ): void {
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    // Headers now: the client's fetch resolves before the first event, as with the real server.
    res.flushHeaders();
    const w: OpenWatch = {
      resource,
      namespace,
      selector: parseLabelSelector(query.labelSelector),
      bookmarks: query.allowWatchBookmarks === 'true',
      res,
      held: [],
    };
    const from = query.resourceVersion;
    if (from && from !== '0' && Number(from) < oldestRv) {
      send(w, 'ERROR', status(410, 'Expired', `too old resource version: ${from} (${oldestRv})`));
      res.end();
      return;
    }
    if (!from || from === '0') {
      // Like the API server: a watch without a resourceVersion starts with the current state.
      for (const obj of listOf(resource, namespace, w.selector)) send(w, 'ADDED', obj);
    } else {
      const since = Number(from);
      for (const entry of history) {
        if (entry.rv > since && matches(w, entry.resource, entry.object)) send(w, entry.type, entry.object);
      }
    }
    watches.add(w);
    const forget = () => watches.delete(w);
    req.on('close', forget);
    res.on('close', forget);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(url.searchParams);
    const isWatch = query.watch === 'true' || query.watch === '1';
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query, watch: isWatch });
    if (req.method !== 'GET') return json(res, 405, status(405, 'MethodNotAllowed', 'the fake serves GET only'));
    if (url.pathname === '/version' || url.pathname === '/version/') {
      return json(res, 200, { major: '1', minor: '30', gitVersion: 'v1.30.0', platform: 'linux/amd64' });
    }
    const apiResources = discovery(url.pathname);
    if (apiResources) return json(res, 200, apiResources);
    const r = route(url.pathname);
    if (!r || unserved.has(r.resource.kind)) return json(res, 404, status(404, 'NotFound', `the server could not find the requested resource`));
    const { resource, namespace, name, sub } = r;
    if (forbidden.has(resource.kind)) {
      return json(
        res,
        403,
        status(403, 'Forbidden', `${resource.plural} is forbidden: User "fake" cannot list resource "${resource.plural}"`),
      );
    }
    if (name === undefined) {
      if (isWatch) return startWatch(req, res, resource, namespace, query);
      return listPage(res, resource, namespace, query);
    }
    const obj = objectsOf(resource).get(keyOf(resource.namespaced ? namespace : undefined, name));
    const notFound = () =>
      json(res, 404, status(404, 'NotFound', `${resource.plural} "${name}" not found`));
    if (!obj) return notFound();
    if (sub === undefined) return json(res, 200, obj);
    if (sub === 'log' && resource.kind === 'Pod') {
      const previous = query.previous === 'true';
      const container = query.container ?? '';
      const text = logs.get(logKey(namespace ?? '', name, container, previous));
      if (text === undefined) {
        if (previous) {
          return json(
            res,
            400,
            status(400, 'BadRequest', `previous terminated container "${container}" in pod "${name}" not found`),
          );
        }
        res.writeHead(200, { 'content-type': 'text/plain' });
        return void res.end('');
      }
      const tail = query.tailLines ? Number(query.tailLines) : undefined;
      const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
      const selected = tail === undefined ? lines : lines.slice(-tail);
      const body = Buffer.from(selected.length > 0 && text !== '' ? `${selected.join('\n')}\n` : '');
      // Like the kubelet: limitBytes counts from the first selected line and may cut a line.
      const limit = query.limitBytes ? Number(query.limitBytes) : undefined;
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end(limit === undefined ? body : body.subarray(0, limit));
    }
    return notFound();
  }

  const server = createServer(handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const configOptions = () => ({
    clusters: [{ name: 'fake', server: url, skipTLSVerify: true }],
    users: [{ name: 'fake', token: 'fake-token' }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'fake', namespace: 'default' }],
    currentContext: 'fake',
  });

  return {
    url,
    kubeConfig() {
      const kc = new KubeConfig();
      kc.loadFromOptions(configOptions());
      return kc;
    },
    writeKubeconfig(path) {
      const o = configOptions();
      // JSON is valid YAML, which is what kubeconfig loaders parse.
      const file = {
        apiVersion: 'v1',
        kind: 'Config',
        clusters: o.clusters.map((c) => ({ name: c.name, cluster: { server: c.server, 'insecure-skip-tls-verify': true } })),
        users: o.users.map((u) => ({ name: u.name, user: { token: u.token } })),
        contexts: o.contexts.map((c) => ({ name: c.name, context: { cluster: c.cluster, user: c.user, namespace: c.namespace } })),
        'current-context': o.currentContext,
      };
      writeFileSync(path, JSON.stringify(file, null, 2));
    },
    upsert,
    remove,
    get(kind, namespace, name) {
      const resource = BY_KIND.get(kind);
      if (!resource) return undefined;
      return objectsOf(resource).get(keyOf(resource.namespaced ? namespace : undefined, name));
    },
    resourceVersion: () => rv,
    expireWatches() {
      oldestRv = rv;
      for (const w of watches) {
        send(w, 'ERROR', status(410, 'Expired', 'The resourceVersion for the provided watch is too old.'));
        // What was held back goes first, like everything the server had sent before the error.
        w.res.end(w.held.join(''));
      }
      watches.clear();
    },
    dropWatches() {
      for (const w of watches) w.res.destroy();
      watches.clear();
    },
    bookmark() {
      for (const w of watches) {
        if (w.bookmarks) send(w, 'BOOKMARK', { kind: w.resource.kind, apiVersion: w.resource.apiVersion, metadata: { resourceVersion: String(rv) } });
      }
    },
    pauseWatches() {
      paused = true;
    },
    resumeWatches() {
      paused = false;
      for (const w of watches) {
        if (w.held.length > 0) w.res.write(w.held.join(''));
        w.held = [];
      }
    },
    forbid(kind, isForbidden = true) {
      if (isForbidden) forbidden.add(kind);
      else forbidden.delete(kind);
    },
    unserve(kind) {
      unserved.add(kind);
    },
    setLog(ref, text) {
      logs.set(logKey(ref.namespace, ref.pod, ref.container, ref.previous ?? false), text);
    },
    requests,
    openWatches: () => watches.size,
    async close() {
      for (const w of watches) w.res.destroy();
      watches.clear();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
