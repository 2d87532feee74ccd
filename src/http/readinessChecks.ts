import { VersionApi, type KubeConfig } from '@kubernetes/client-node';
import type { Redis } from 'ioredis';
import type { ReadinessCheck } from './healthRoutes.js';

/** Redis answers PING. */
export function redisCheck(redis: Pick<Redis, 'ping'>): ReadinessCheck {
  return () => redis.ping();
}

/** The Kubernetes API server answers `/version` with our credentials. */
export function kubeCheck(kc: KubeConfig): ReadinessCheck {
  const api = kc.makeApiClient(VersionApi);
  return () => api.getCode();
}
