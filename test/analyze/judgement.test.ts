import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';
import { snapshotFromObjects } from '../../src/analyze/snapshotFromObjects.js';
import type { Finding } from '../../src/analyze/types.js';
import { crashLoop, event, NOW, pod, terminated } from './builders.js';

type Json = Record<string, unknown>;

function findings(items: Json[]): Finding[] {
  const { snapshot } = snapshotFromObjects([{ kind: 'List', items }]);
  return analyze(snapshot, { now: NOW });
}

const FIELD = { fieldPath: 'spec.containers{app}' };
const withReady = (p: Json, since: string): Json => ({ ...p, status: { ...(p['status'] as Json), conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: since }] } });

describe('sharper judgement', () => {
  it('a probe failure from before the pod became Ready again is history', () => {
    const healthy = withReady(pod({ name: 'web', containers: [{ name: 'app', ready: true, state: { running: { startedAt: '2024-05-01T10:00:00Z' } } }] }), '2024-05-01T11:25:00Z');
    const probe = (last: string) => event('Pod', 'web', 'Warning', 'Unhealthy', 'Liveness probe failed: HTTP probe failed with statuscode: 503', { count: 2, last, ...FIELD });
    expect(findings([healthy, probe('2024-05-01T11:20:00Z')])).toEqual([]);
    expect(findings([healthy, probe('2024-05-01T11:50:00Z')]).map((f) => f.category)).toEqual(['LivenessProbeFailure']);
  });

  it('a startup probe that kills its container is StartupProbeFailure, not the crash loop it causes', () => {
    const items = [
      pod({ name: 'jenkins-0', owner: { kind: 'StatefulSet', name: 'jenkins' }, containers: [{ name: 'app', state: crashLoop, last: terminated('Error', 143), restarts: 6 }] }),
      event('Pod', 'jenkins-0', 'Warning', 'Unhealthy', 'Startup probe failed: Get "http://10.244.2.9:8080/login": dial tcp 10.244.2.9:8080: connect: connection refused', { count: 30, ...FIELD }),
      event('Pod', 'jenkins-0', 'Normal', 'Killing', 'Container app failed startup probe, will be restarted', { count: 6, ...FIELD }),
      event('Pod', 'jenkins-0', 'Warning', 'BackOff', 'Back-off restarting failed container app in pod jenkins-0_default(uid-jenkins-0)', { count: 12, ...FIELD }),
    ];
    expect(findings(items).map((f) => f.category)).toEqual(['StartupProbeFailure']);
  });

  it('an OOM kill is one finding even when the container runs again, saying how long ago', () => {
    const items = [pod({ name: 'api', containers: [{ name: 'app', ready: true, restarts: 1, state: { running: { startedAt: '2024-05-01T11:49:00Z' } }, last: terminated('OOMKilled', 137, '2024-05-01T11:48:00Z') }] })];
    const [only, ...rest] = findings(items);
    expect(rest).toEqual([]);
    expect(only?.category).toBe('OOMKilled');
    expect(only?.summary).toContain('last killed 12 min ago, running again');
  });

  it('a registry that answers denied, forbidden or unauthorized is ImagePullAuth; a disk that says permission denied is not', () => {
    const pulling = (name: string, message: string): Json[] => [
      pod({ name, phase: 'Pending', containers: [{ name: 'app', image: 'ghcr.io/acme/app:1', state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "ghcr.io/acme/app:1"' } } }] }),
      event('Pod', name, 'Warning', 'Failed', `Failed to pull image "ghcr.io/acme/app:1": ${message}`, { count: 4, ...FIELD }),
    ];
    const categories = findings([
      ...pulling('ghcr', 'rpc error: code = Unknown desc = failed to pull and unpack image "ghcr.io/acme/app:1": failed to resolve reference "ghcr.io/acme/app:1": denied: denied'),
      ...pulling('gar', 'failed to authorize: failed to fetch oauth token: unexpected status from GET request to https://europe-docker.pkg.dev/v2/token: 403 Forbidden'),
      ...pulling('disk', 'failed to extract layer sha256:1a2b: mkdir /var/lib/containerd/tmpmounts: permission denied'),
    ]).map((f) => `${f.name} ${f.category}`);
    expect(categories.sort()).toEqual(['disk ImagePullBackOff', 'gar ImagePullAuth', 'ghcr ImagePullAuth']);
  });

  it('a kubelet Failed event that is the only trace of a container-creation error names the category', () => {
    const creating = (name: string, message: string): Json[] => [
      pod({ name, phase: 'Pending', containers: [{ name: 'app', state: { waiting: { reason: 'ContainerCreating' } } }] }),
      event('Pod', name, 'Warning', 'Failed', message, { count: 3, ...FIELD }),
    ];
    const result = findings([
      ...creating('run', 'Error: failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/app/run": permission denied: unknown'),
      ...creating('config', 'Error: secret "db-creds" not found'),
      ...creating('create', 'Error: failed to reserve container name "app_create_default": name "app_create_default" is reserved for "4b1f"'),
    ]);
    expect(result.map((f) => `${f.name} ${f.category}`).sort()).toEqual(['config CreateContainerConfigError', 'create CreateContainerError', 'run RunContainerError']);
    expect(result.find((f) => f.name === 'config')?.containers).toEqual(['app']);
  });
});
