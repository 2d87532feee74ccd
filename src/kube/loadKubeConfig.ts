import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

/** No usable kubeconfig: neither KUBECONFIG, ~/.kube/config nor an in-cluster service account. */
export class KubeConfigError extends Error {
  readonly code = 'KUBECONFIG_MISSING';
}

/** Reads one kubeconfig file; one that does not parse is a `KubeConfigError` naming the file. */
function loadFile(kc: KubeConfig, file: string): void {
  try {
    kc.loadFromFile(file);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n', 1)[0] ?? '';
    throw new KubeConfigError(`kubeconfig ${file} is not valid YAML (${reason}): check KUBECONFIG`, { cause: error });
  }
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * Loads the Kubernetes client configuration the way kubectl does: `KUBECONFIG` (colon-separated
 * files), then `~/.kube/config`, then the in-cluster service account. `context` selects a
 * context other than the current one. Throws a `KubeConfigError` naming what was tried.
 */
export function loadKubeConfig(
  options: { context?: string; env?: NodeJS.ProcessEnv; home?: string } = {},
): KubeConfig {
  const env = options.env ?? process.env;
  const kc = new KubeConfig();
  const files = (env.KUBECONFIG ?? '').split(':').filter((file) => file.length > 0);
  const defaultFile = join(options.home ?? homedir(), '.kube', 'config');
  const inCluster = env.KUBERNETES_SERVICE_HOST !== undefined && existsSync(SERVICE_ACCOUNT_TOKEN);

  if (files.length > 0) {
    const [first, ...rest] = files.filter((file) => existsSync(file));
    if (first === undefined) throw new KubeConfigError(`KUBECONFIG points to no existing file: ${files.join(', ')}`);
    // Like kubectl: the first file wins on conflicts, later ones add clusters, users and contexts.
    loadFile(kc, first);
    for (const file of rest) {
      const more = new KubeConfig();
      loadFile(more, file);
      kc.mergeConfig(more);
    }
  } else if (existsSync(defaultFile)) {
    loadFile(kc, defaultFile);
  } else if (inCluster) {
    kc.loadFromCluster();
  } else {
    throw new KubeConfigError(
      `no Kubernetes configuration: set KUBECONFIG, create ${defaultFile}, or run in a pod with a service account`,
    );
  }

  if (options.context !== undefined) {
    if (!kc.getContexts().some((context) => context.name === options.context)) {
      const known = kc.getContexts().map((context) => context.name).join(', ') || 'none';
      throw new KubeConfigError(`kubeconfig context "${options.context}" not found (known: ${known})`);
    }
    kc.setCurrentContext(options.context);
  }
  if (!kc.getCurrentCluster()) {
    const where = files.length > 0 ? files.join(', ') : existsSync(defaultFile) ? defaultFile : 'the in-cluster service account';
    throw new KubeConfigError(`the Kubernetes configuration (${where}) has no current context with a cluster (set current-context in it, or KUBE_CONTEXT)`);
  }
  return kc;
}
