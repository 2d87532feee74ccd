import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { LogReader } from './types.js';
import { httpStatusOf } from './readClusterSnapshot.js';

/**
 * A `LogReader` over the API server's pod log endpoint. A missing pod, container or previous
 * instance (400/404) reads as ''; other failures (auth, network) throw so the caller can retry.
 */
export function createLogReader(kc: KubeConfig): LogReader {
  const core = kc.makeApiClient(CoreV1Api);
  return {
    async readLog({ namespace, pod, container, previous, tailLines, limitBytes }) {
      try {
        return await core.readNamespacedPodLog({ name: pod, namespace, container, previous, tailLines, limitBytes });
      } catch (error) {
        const status = httpStatusOf(error);
        if (status === 400 || status === 404) return '';
        throw error;
      }
    },
  };
}
