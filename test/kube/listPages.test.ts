import { afterEach, describe, expect, it } from 'vitest';
import { KUBE_RESOURCES } from '../../src/kube/kubeResources.js';
import { listPages } from '../../src/kube/listPages.js';
import { startFakeKube, type FakeKube } from '../fakes/kube.js';
import { pod } from '../watch/podFixtures.js';

let kube: FakeKube | undefined;
afterEach(async () => {
  await kube?.close();
  kube = undefined;
});

const pods = KUBE_RESOURCES.find((r) => r.kind === 'Pod');
if (pods === undefined) throw new Error('no Pod resource');

describe('listPages', () => {
  it('follows continue tokens until the last page and returns the first page\'s resourceVersion', async () => {
    kube = await startFakeKube(Array.from({ length: 7 }, (_, i) => pod('shop', 'web', `web-7d4b9c8f5d-${i}`)));
    const listedAt = String(kube.resourceVersion());
    const { items, resourceVersion } = await listPages(kube.kubeConfig(), pods, { pageSize: 3, map: (p) => p.metadata?.name ?? '' });
    expect(items).toEqual(Array.from({ length: 7 }, (_, i) => `web-7d4b9c8f5d-${i}`));
    expect(resourceVersion).toBe(listedAt);
    const lists = kube.requests.filter((r) => r.path === '/api/v1/pods' && !r.watch);
    expect(lists.map((r) => r.query.limit)).toEqual(['3', '3', '3']);
    expect(lists[0]?.query.continue).toBeUndefined();
    expect(lists.slice(1).every((r) => typeof r.query.continue === 'string' && r.query.continue !== '')).toBe(true);
  });

  it('keeps the snapshot\'s resourceVersion when objects change between pages', async () => {
    kube = await startFakeKube([pod('shop', 'web', 'a'), pod('shop', 'web', 'b'), pod('shop', 'web', 'c')]);
    const listedAt = String(kube.resourceVersion());
    const kc = kube.kubeConfig();
    const first = await pods.list(kc, { limit: 2 });
    kube.upsert(pod('shop', 'web', 'd'));
    const second = await pods.list(kc, { limit: 2, continue: first.metadata?._continue ?? '' });
    expect(first.metadata?.resourceVersion).toBe(listedAt);
    expect(second.metadata?.resourceVersion).toBe(listedAt);
  });
});
