import { Watch, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';

/** What a watch event becomes before the informer sees it. */
export type WatchEventMapper = (phase: string, object: KubernetesObject) => { phase: string; object: KubernetesObject };

/** The watch phases that carry an object of the watched kind (not BOOKMARK or ERROR). */
export const OBJECT_PHASES: ReadonlySet<string> = new Set(['ADDED', 'MODIFIED', 'DELETED']);

/**
 * client-node's Watch with every event mapped before the informer (`ListWatch`) stores it:
 * client-node 1.x informers have no transform hook like client-go's `SetTransform`, but they take
 * their Watch as an argument, so this is the seam. The parsed line is not passed on, so the full
 * object can be freed as soon as its lean copy exists.
 */
export class LeanWatch extends Watch {
  constructor(
    config: KubeConfig,
    private readonly mapEvent: WatchEventMapper,
  ) {
    super(config);
  }

  override watch(...[path, queryParams, callback, done]: Parameters<Watch['watch']>): ReturnType<Watch['watch']> {
    return super.watch(
      path,
      queryParams,
      (phase, object: KubernetesObject) => {
        const mapped = this.mapEvent(phase, object);
        callback(mapped.phase, mapped.object);
      },
      done,
    );
  }
}
