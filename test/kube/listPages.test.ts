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

  it('keeps the first page\'s resourceVersion when objects change between pages, and refuses nothing it may read', async () => {
    const fake = await startFakeKube([pod('shop', 'web', 'a'), pod('shop', 'web', 'b'), pod('shop', 'web', 'c')]);
    kube = fake;
    const listedAt = String(fake.resourceVersion());
    let changed = false;
    const { items, resourceVersion } = await listPages(fake.kubeConfig(), pods, {
      pageSize: 2,
      namespace: 'shop',
      map: (p) => {
        // A change while the list is paged: the watch from the list's version will carry it.
        if (!changed) fake.upsert(pod('shop', 'web', 'd'));
        changed = true;
        return `${p.kind ?? ''}/${p.metadata?.name ?? ''}`;
      },
    });
    expect(resourceVersion).toBe(listedAt);
    expect(items.slice(0, 3)).toEqual(['Pod/a', 'Pod/b', 'Pod/c']);
    expect(fake.requests.filter((r) => !r.watch).every((r) => r.path === '/api/v1/namespaces/shop/pods')).toBe(true);
    fake.forbid('Pod');
    await expect(listPages(fake.kubeConfig(), pods)).rejects.toMatchObject({ statusCode: 403 });
  });

  it('reads every object of the snapshot when one is deleted between pages (the pages come from one list)', async () => {
    const fake = await startFakeKube([pod('shop', 'web', 'a'), pod('shop', 'web', 'b'), pod('shop', 'web', 'c')]);
    kube = fake;
    let deleted = false;
    const { items } = await listPages(fake.kubeConfig(), pods, {
      pageSize: 2,
      map: (p) => {
        // The watch from the list's version carries the deletion; the list must not lose 'c'.
        if (!deleted) fake.remove(pod('shop', 'web', 'a'));
        deleted = true;
        return p.metadata?.name ?? '';
      },
    });
    expect(items).toEqual(['a', 'b', 'c']);
  });
});
