import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

/** No usable kubeconfig: neither KUBECONFIG, ~/.kube/config nor an in-cluster service account. */
export class KubeConfigError extends Error {
  readonly code = 'KUBECONFIG_MISSING';
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
    kc.loadFromFile(first);
    for (const file of rest) {
      const more = new KubeConfig();
      more.loadFromFile(file);
      kc.mergeConfig(more);
    }
  } else if (existsSync(defaultFile)) {
    kc.loadFromFile(defaultFile);
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
    throw new KubeConfigError('the kubeconfig has no current context with a cluster (set current-context or KUBE_CONTEXT)');
  }
  return kc;
}
