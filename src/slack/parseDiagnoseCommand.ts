/** Resource kinds `/k8s-diagnose` understands, by their canonical (kubectl) name. */
export const DIAGNOSE_KINDS = ['deployment', 'statefulset', 'daemonset', 'job', 'pod', 'pvc', 'node'] as const;
export type DiagnoseKind = (typeof DIAGNOSE_KINDS)[number];

/** kubectl's names, plurals and short names for each kind. */
const KIND_ALIASES: Readonly<Record<string, DiagnoseKind>> = {
  deployment: 'deployment', deployments: 'deployment', deploy: 'deployment',
  statefulset: 'statefulset', statefulsets: 'statefulset', sts: 'statefulset',
  daemonset: 'daemonset', daemonsets: 'daemonset', ds: 'daemonset',
  job: 'job', jobs: 'job',
  pod: 'pod', pods: 'pod', po: 'pod',
  pvc: 'pvc', pvcs: 'pvc', persistentvolumeclaim: 'pvc', persistentvolumeclaims: 'pvc',
  node: 'node', nodes: 'node', no: 'node',
};

/** A parsed `/k8s-diagnose`. `namespace` is '' for nodes. */
export type ParsedDiagnoseCommand =
  | { type: 'help' }
  | { type: 'namespace'; namespace: string; cluster?: string }
  | { type: 'resource'; kind: DiagnoseKind; name: string; namespace: string; cluster?: string };

export type ParseDiagnoseResult = { ok: true; command: ParsedDiagnoseCommand } | { ok: false; error: string };

/** What `help` and every usage error show. */
export const DIAGNOSE_USAGE = [
  'Usage:',
  '• `/k8s-diagnose <pod> [-n <namespace>]`',
  '• `/k8s-diagnose <kind>/<name> [-n <namespace>]`, kind: deployment (deploy), statefulset (sts), daemonset (ds), job, pod (po), pvc, node (no)',
  '• `/k8s-diagnose namespace <namespace>`: every failure in a namespace',
  '• add `--cluster <name>` for another cluster than the first one (`CLUSTERS`)',
  '• `/k8s-diagnose help`',
].join('\n');

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CLUSTER = /^[\w.-]+$/;

/**
 * Parses the text of `/k8s-diagnose` (what follows the command). Pure; every mistake gets a
 * specific message followed by the usage. `defaultNamespace` applies when no `-n` is given.
 */
export function parseDiagnoseCommand(text: string, options: { defaultNamespace?: string } = {}): ParseDiagnoseResult {
  const fail = (error: string): ParseDiagnoseResult => ({ ok: false, error: `${error}\n${DIAGNOSE_USAGE}` });
  const words: string[] = [];
  let namespace: string | undefined;
  let cluster: string | undefined;
  const tokens = text.trim().split(/\s+/).filter((t) => t !== '');
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] ?? '';
    const inlineCluster = /^--cluster=(.*)$/.exec(token);
    if (token === '--cluster' || inlineCluster !== null) {
      const value = inlineCluster?.[1] ?? tokens[(i += 1)];
      if (value === undefined || value === '') return fail('`--cluster` needs a cluster name.');
      if (cluster !== undefined) return fail('Give the cluster only once.');
      if (!CLUSTER.test(value)) return fail(`\`${value}\` is not a valid cluster name.`);
      cluster = value;
      continue;
    }
    const inline = /^(?:-n|--namespace)=(.*)$/.exec(token);
    if (token === '-n' || token === '--namespace' || inline !== null) {
      const value = inline?.[1] ?? tokens[(i += 1)];
      if (value === undefined || value === '') return fail(`\`${token}\` needs a namespace.`);
      if (namespace !== undefined) return fail('Give the namespace only once.');
      namespace = value;
    } else if (token.startsWith('-')) {
      return fail(`Unknown option \`${token}\`.`);
    } else {
      words.push(token);
    }
  }
  if (namespace !== undefined && !NAMESPACE.test(namespace)) return fail(`\`${namespace}\` is not a valid namespace name.`);

  const [first, second, ...rest] = words;
  if (first === undefined || (first.toLowerCase() === 'help' && words.length === 1 && namespace === undefined)) return { ok: true, command: { type: 'help' } };
  const inCluster = cluster === undefined ? {} : { cluster };
  if (first.toLowerCase() === 'namespace' || first.toLowerCase() === 'ns') {
    const target = second ?? namespace;
    if (target === undefined) return fail('Which namespace? e.g. `/k8s-diagnose namespace prod`.');
    if (rest.length > 0 || (second !== undefined && namespace !== undefined)) return fail('`namespace` takes exactly one namespace.');
    if (!NAMESPACE.test(target)) return fail(`\`${target}\` is not a valid namespace name.`);
    return { ok: true, command: { type: 'namespace', namespace: target, ...inCluster } };
  }
  if (second !== undefined) return fail(`Unexpected \`${second}\`: give one resource, e.g. \`deployment/web\`.`);

  const slash = first.indexOf('/');
  const kindWord = slash === -1 ? 'pod' : first.slice(0, slash).toLowerCase();
  const name = slash === -1 ? first : first.slice(slash + 1);
  const kind = KIND_ALIASES[kindWord];
  if (kind === undefined) return fail(`Unknown kind \`${kindWord}\`.`);
  if (name === '') return fail(`\`${first}\` needs a name after the \`/\`.`);
  if (!NAME.test(name) || name.length > 253) return fail(`\`${name}\` is not a valid ${kind} name.`);
  if (kind === 'node') {
    if (namespace !== undefined) return fail('Nodes are not namespaced: drop `-n`.');
    return { ok: true, command: { type: 'resource', kind, name, namespace: '', ...inCluster } };
  }
  return { ok: true, command: { type: 'resource', kind, name, namespace: namespace ?? options.defaultNamespace ?? 'default', ...inCluster } };
}

/** "deployment/web in prod", "node/n1", "namespace prod": how replies name the target. */
export function describeTarget(command: Exclude<ParsedDiagnoseCommand, { type: 'help' }>): string {
  const where = command.cluster === undefined ? '' : ` (cluster ${command.cluster})`;
  if (command.type === 'namespace') return `namespace ${command.namespace}${where}`;
  return `${command.kind === 'node' ? `node/${command.name}` : `${command.kind}/${command.name} in ${command.namespace}`}${where}`;
}
