import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeConfigError, loadKubeConfig } from './loadKubeConfig.js';

/** One cluster the bot watches or reads: the name shown in messages and used in fingerprints. */
export interface ClusterConfig {
  name: string;
  kubeConfig: KubeConfig;
}

const CLUSTER_NAME = /^[\w.-]+$/;

/** The settings that say which clusters to read. */
export interface ClusterSettings {
  /** `CLUSTERS`: `name=context,...` (contexts of the one kubeconfig) or a folder of kubeconfig files. */
  clusters?: string;
  /** `CLUSTER_NAME`, for the single cluster of `KUBECONFIG`/`KUBE_CONTEXT`. */
  clusterName: string;
  kubeContext?: string;
  env?: NodeJS.ProcessEnv;
}

function checkName(name: string, where: string): string {
  if (!CLUSTER_NAME.test(name)) throw new KubeConfigError(`CLUSTERS: cluster name "${name}" (${where}) may hold only letters, digits, ".", "_" and "-"`);
  return name;
}

/**
 * The clusters of the settings. Without `CLUSTERS`: one, `CLUSTER_NAME`, from `KUBECONFIG` (or
 * ~/.kube/config, or the service account) as today. With `CLUSTERS=prod-tokyo=ctx-a,prod-osaka=ctx-b`:
 * those contexts of the one kubeconfig. With `CLUSTERS=/etc/kdb/clusters` (a folder): every file
 * in it is a kubeconfig, its current context read, the cluster named after the file
 * (`prod-tokyo.yaml` → `prod-tokyo`). Throws a `KubeConfigError` naming what is wrong.
 */
export function loadClusters(settings: ClusterSettings): ClusterConfig[] {
  const env = settings.env ?? process.env;
  const spec = settings.clusters?.trim() ?? '';
  if (spec === '') {
    return [{ name: settings.clusterName, kubeConfig: loadKubeConfig({ env, ...(settings.kubeContext === undefined ? {} : { context: settings.kubeContext }) }) }];
  }
  const clusters = spec.includes('=') ? fromContexts(spec, env) : fromFolder(spec);
  const seen = new Set<string>();
  for (const { name } of clusters) {
    if (seen.has(name)) throw new KubeConfigError(`CLUSTERS: cluster "${name}" is listed twice`);
    seen.add(name);
  }
  return clusters;
}

function fromContexts(spec: string, env: NodeJS.ProcessEnv): ClusterConfig[] {
  return spec
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      const at = item.indexOf('=');
      const name = item.slice(0, at).trim();
      const context = item.slice(at + 1).trim();
      if (at === -1 || name === '' || context === '') throw new KubeConfigError(`CLUSTERS: "${item}" is not name=context`);
      return { name: checkName(name, item), kubeConfig: loadKubeConfig({ env, context }) };
    });
}

function fromFolder(folder: string): ClusterConfig[] {
  let files: string[];
  try {
    if (!statSync(folder).isDirectory()) throw new Error('not a folder');
    files = readdirSync(folder).filter((file) => !file.startsWith('.')).sort();
  } catch {
    throw new KubeConfigError(`CLUSTERS: "${folder}" is neither name=context pairs nor a folder of kubeconfig files`);
  }
  if (files.length === 0) throw new KubeConfigError(`CLUSTERS: the folder ${folder} holds no kubeconfig file`);
  return files.map((file) => {
    const name = checkName(basename(file, extname(file)), join(folder, file));
    const kubeConfig = new KubeConfig();
    try {
      kubeConfig.loadFromFile(join(folder, file));
    } catch (error) {
      throw new KubeConfigError(`CLUSTERS: ${join(folder, file)} is not a kubeconfig (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    }
    if (!kubeConfig.getCurrentCluster()) throw new KubeConfigError(`CLUSTERS: ${join(folder, file)} has no current context with a cluster`);
    return { name, kubeConfig };
  });
}
