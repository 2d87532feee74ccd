import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';
import { DEFAULT_THRESHOLDS } from '../../src/analyze/detectionThresholds.js';
import { isPastGracePeriod } from '../../src/analyze/isPastGracePeriod.js';
import { snapshotFromObjects } from '../../src/analyze/snapshotFromObjects.js';
import { NOW } from './builders.js';

type Json = Record<string, unknown>;
const ago = (s: number): string => new Date(NOW.getTime() - s * 1000).toISOString();

/** Which categories are reportable now, with the default thresholds (60 s). */
function reportable(items: Json[]): string[] {
  const { snapshot } = snapshotFromObjects([{ kind: 'List', items }]);
  return analyze(snapshot, { now: NOW })
    .filter((f) => isPastGracePeriod(f, snapshot, NOW.getTime(), DEFAULT_THRESHOLDS))
    .map((f) => f.category);
}

const service = (created?: string): Json[] => [
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', ...(created !== undefined ? { creationTimestamp: created } : {}) }, spec: { selector: { app: 'web' } } },
  { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-1', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } }, endpoints: [] },
];
const hpa = (since: string): Json => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', namespace: 'default', creationTimestamp: since },
  spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 3 },
  status: { conditions: [{ type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: 'no metrics returned from resource metrics API', lastTransitionTime: since }] },
});
const ingress = (created: string): Json => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'www', namespace: 'default', creationTimestamp: created },
  spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'gone', port: { number: 80 } } } }] } }] },
});

describe('grace periods of the categories beyond pods (shared by the watcher and analyze)', () => {
  it('a Service created 10 s ago has no endpoint yet; one created 5 min ago, or without a timestamp, is a failure', () => {
    expect(reportable(service(ago(10)))).toEqual([]);
    expect(reportable(service(ago(300)))).toEqual(['ServiceNoEndpoints']);
    expect(reportable(service())).toEqual(['ServiceNoEndpoints']);
  });

  it('an HPA waits a scrape interval for its first metrics', () => {
    expect(reportable([hpa(ago(20))])).toEqual([]);
    expect(reportable([hpa(ago(120))])).toEqual(['AutoscalerFailing']);
  });

  it('an Ingress applied seconds before its Service is not misconfigured yet', () => {
    const withServices = [...service(ago(300)).slice(0, 1)];
    // The Service alone (no EndpointSlice, no pod read) cannot be judged: only the Ingress is.
    expect(reportable([ingress(ago(5)), ...withServices])).toEqual([]);
    expect(reportable([ingress(ago(300)), ...withServices])).toEqual(['IngressMisconfigured']);
  });
});
