import { describe, expect, it } from 'vitest';
import { emptySnapshot } from '../../src/analyze/emptySnapshot.js';
import { snapshotFromObjects } from '../../src/analyze/snapshotFromObjects.js';
import { snapshotTime } from '../../src/analyze/snapshotTime.js';

const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', creationTimestamp: '2024-05-01T10:00:00Z' } });

describe('snapshotFromObjects', () => {
  it('reads kubectl List JSON, nested lists and plain arrays', () => {
    const { snapshot, skipped } = snapshotFromObjects([
      { apiVersion: 'v1', kind: 'List', items: [pod('a'), { kind: 'List', items: [pod('b')] }] },
      [pod('c'), { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } }],
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-5d8f9c7b6d', namespace: 'default' } },
    ]);
    expect(skipped).toEqual([]);
    expect(snapshot.pods.map((p) => p.metadata?.name)).toEqual(['a', 'b', 'c']);
    expect(snapshot.nodes).toHaveLength(1);
    expect(snapshot.replicaSets).toHaveLength(1);
  });

  it('fills in the item kind of a typed list (the API answers PodList without item kinds)', () => {
    const { snapshot } = snapshotFromObjects([{ kind: 'PodList', apiVersion: 'v1', items: [{ metadata: { name: 'x', namespace: 'ns' } }] }]);
    expect(snapshot.pods[0]?.kind).toBe('Pod');
  });

  it('turns timestamps into Dates like the client library does, without touching the input', () => {
    const input = pod('a');
    const { snapshot } = snapshotFromObjects([input]);
    expect(snapshot.pods[0]?.metadata?.creationTimestamp).toBeInstanceOf(Date);
    expect(input.metadata.creationTimestamp).toBe('2024-05-01T10:00:00Z');
  });

  it('skips unknown kinds and objects without kind or name, saying why', () => {
    const { snapshot, skipped } = snapshotFromObjects([
      { kind: 'List', items: [
        { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'i1', namespace: 'default' } },
        { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'i2', namespace: 'default' } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'quiet', namespace: 'default' } },
        { metadata: { name: 'nokind', namespace: 'default' } },
        { kind: 'Pod', metadata: { namespace: 'default' } },
        { kind: 'Event', metadata: { name: 'e1', namespace: 'default' }, reason: 'BackOff' },
        42,
        pod('ok'),
      ] },
    ]);
    expect(snapshot.pods.map((p) => p.metadata?.name)).toEqual(['ok']);
    expect(snapshot.events).toEqual([]);
    expect(skipped).toEqual([
      'object default/nokind: no "kind"',
      'Pod at [0].items[4]: no "metadata.name"',
      'Event default/e1: no "involvedObject"',
      '[0].items[6]: not an object',
      '2 NetworkPolicy objects: kind NetworkPolicy is not analysed',
    ]);
  });

  it('maps events.k8s.io/v1 Events onto core/v1 fields', () => {
    const { snapshot } = snapshotFromObjects([
      {
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        metadata: { name: 'web-1.17', namespace: 'default' },
        regarding: { kind: 'Pod', namespace: 'default', name: 'web-1', uid: 'u1' },
        reason: 'BackOff',
        note: 'Back-off restarting failed container app in pod web-1_default(u1)',
        type: 'Warning',
        series: { count: 12, lastObservedTime: '2024-05-01T11:59:00.000000Z' },
        eventTime: '2024-05-01T11:00:00.000000Z',
        reportingController: 'kubelet',
      },
    ]);
    expect(snapshot.events[0]).toMatchObject({
      involvedObject: { kind: 'Pod', name: 'web-1', uid: 'u1' },
      message: 'Back-off restarting failed container app in pod web-1_default(u1)',
      count: 12,
    });
    expect(snapshot.events[0]?.lastTimestamp).toEqual(new Date('2024-05-01T11:59:00Z'));
  });

  it('reads lists nested 50,000 deep without exhausting the stack, and says where a skip was', () => {
    let nested: unknown = [pod('deep'), 7];
    for (let i = 0; i < 50_000; i += 1) nested = { kind: 'List', items: [nested] };
    const { snapshot, skipped } = snapshotFromObjects([nested]);
    expect(snapshot.pods.map((p) => p.metadata?.name)).toEqual(['deep']);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatch(/^\[0\](\.items\[0\]){50000}\[1\]: not an object$/);
  });

  it('returns an empty snapshot for nothing', () => {
    expect(snapshotFromObjects([])).toEqual({ snapshot: emptySnapshot(), skipped: [] });
  });
});

describe('snapshotTime', () => {
  it('is the newest event or node heartbeat, or undefined for a dump without either', () => {
    const { snapshot } = snapshotFromObjects([
      { kind: 'Event', metadata: { name: 'e1', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'a' }, lastTimestamp: '2024-05-01T11:00:00Z' },
      { kind: 'Node', metadata: { name: 'n1' }, status: { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2024-05-01T11:30:00Z' }] } },
      { kind: 'Event', metadata: { name: 'e2', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'b' }, lastTimestamp: '2024-05-01T10:00:00Z' },
    ]);
    expect(snapshotTime(snapshot)).toEqual(new Date('2024-05-01T11:30:00Z'));
    expect(snapshotTime(snapshotFromObjects([pod('a')]).snapshot)).toBeUndefined();
  });
});
