import { describe, expect, it } from 'vitest';
import { describeTarget, parseDiagnoseCommand } from '../../src/slack/parseDiagnoseCommand.js';

const ok = (text: string) => {
  const result = parseDiagnoseCommand(text, { defaultNamespace: 'default' });
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.error}`);
  return result.command;
};
const error = (text: string) => {
  const result = parseDiagnoseCommand(text);
  if (result.ok) throw new Error(`expected ${text} to fail`);
  return result.error;
};

describe('parseDiagnoseCommand', () => {
  it('reads a bare pod, with and without a namespace', () => {
    expect(ok('web-7d9c-x2k4p')).toEqual({ type: 'resource', kind: 'pod', name: 'web-7d9c-x2k4p', namespace: 'default' });
    expect(ok('web-7d9c-x2k4p -n prod')).toEqual({ type: 'resource', kind: 'pod', name: 'web-7d9c-x2k4p', namespace: 'prod' });
    expect(ok('-n prod web-1')).toEqual({ type: 'resource', kind: 'pod', name: 'web-1', namespace: 'prod' });
    expect(ok('web-1 --namespace=prod')).toEqual({ type: 'resource', kind: 'pod', name: 'web-1', namespace: 'prod' });
    expect(ok('  web-1   --namespace  prod ')).toEqual({ type: 'resource', kind: 'pod', name: 'web-1', namespace: 'prod' });
  });

  it.each([
    ['deployment/web', 'deployment'], ['deploy/web', 'deployment'], ['deployments/web', 'deployment'], ['Deployment/web', 'deployment'],
    ['statefulset/web', 'statefulset'], ['sts/web', 'statefulset'],
    ['daemonset/web', 'daemonset'], ['ds/web', 'daemonset'],
    ['job/web', 'job'], ['jobs/web', 'job'],
    ['pod/web', 'pod'], ['po/web', 'pod'],
    ['pvc/web', 'pvc'], ['persistentvolumeclaim/web', 'pvc'],
  ])('reads %s as a %s', (text, kind) => {
    expect(ok(`${text} -n prod`)).toEqual({ type: 'resource', kind, name: 'web', namespace: 'prod' });
  });

  it('reads --cluster, for a bot with several clusters', () => {
    expect(ok('deploy/web -n prod --cluster prod-osaka')).toEqual({ type: 'resource', kind: 'deployment', name: 'web', namespace: 'prod', cluster: 'prod-osaka' });
    expect(ok('--cluster=prod-osaka namespace prod')).toEqual({ type: 'namespace', namespace: 'prod', cluster: 'prod-osaka' });
    expect(ok('node/n1 --cluster tokyo')).toEqual({ type: 'resource', kind: 'node', name: 'n1', namespace: '', cluster: 'tokyo' });
    expect(error('web --cluster')).toMatch(/^`--cluster` needs a cluster name\./);
    expect(error('web --cluster a --cluster b')).toMatch(/^Give the cluster only once\./);
    expect(error('web --cluster a/b')).toMatch(/^`a\/b` is not a valid cluster name\./);
    expect(describeTarget({ type: 'resource', kind: 'deployment', name: 'web', namespace: 'prod', cluster: 'prod-osaka' })).toBe('deployment/web in prod (cluster prod-osaka)');
  });

  it('reads nodes without a namespace', () => {
    expect(ok('node/worker-1')).toEqual({ type: 'resource', kind: 'node', name: 'worker-1', namespace: '' });
    expect(ok('no/worker-1.example.com')).toEqual({ type: 'resource', kind: 'node', name: 'worker-1.example.com', namespace: '' });
    expect(error('node/worker-1 -n prod')).toMatch(/^Nodes are not namespaced/);
  });

  it('reads namespace and help', () => {
    expect(ok('namespace prod')).toEqual({ type: 'namespace', namespace: 'prod' });
    expect(ok('ns prod')).toEqual({ type: 'namespace', namespace: 'prod' });
    expect(ok('namespace -n prod')).toEqual({ type: 'namespace', namespace: 'prod' });
    expect(ok('help')).toEqual({ type: 'help' });
    expect(ok('')).toEqual({ type: 'help' });
  });

  it.each([
    ['deployment/', /needs a name/],
    ['cronjob/nightly', /Unknown kind `cronjob`/],
    ['web -n', /`-n` needs a namespace/],
    ['web -n prod -n dev', /only once/],
    ['web --force', /Unknown option `--force`/],
    ['web api', /Unexpected `api`/],
    ['namespace', /Which namespace\?/],
    ['namespace a b', /exactly one namespace/],
    ['namespace Prod_1', /not a valid namespace name/],
    ['web -n Prod', /not a valid namespace name/],
    ['deployment/Web_App', /not a valid deployment name/],
  ])('explains %s', (text, message) => {
    const e = error(text);
    expect(e).toMatch(message);
    expect(e).toContain('Usage:');
  });

  it('describes targets the way the ack says them', () => {
    expect(describeTarget({ type: 'resource', kind: 'deployment', name: 'web', namespace: 'prod' })).toBe('deployment/web in prod');
    expect(describeTarget({ type: 'resource', kind: 'node', name: 'n1', namespace: '' })).toBe('node/n1');
    expect(describeTarget({ type: 'namespace', namespace: 'prod' })).toBe('namespace prod');
  });
});
