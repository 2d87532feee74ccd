import type {
  CoreV1Event,
  V1ConfigMap,
  V1CronJob,
  V1DaemonSet,
  V1Deployment,
  V1EndpointSlice,
  V1HorizontalPodAutoscaler,
  V1Ingress,
  V1Job,
  V1Node,
  V1PersistentVolume,
  V1PersistentVolumeClaim,
  V1Pod,
  V1ReplicaSet,
  V1Service,
  V1StatefulSet,
  V1StorageClass,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import type { PlainObject } from '../../kube/createObjectReader.js';

const falseConditions = (conditions: readonly { type: string; status: string; reason?: string }[] | undefined): string =>
  (conditions ?? [])
    .filter((c) => c.status !== 'True' && !['Progressing'].includes(c.type))
    .map((c) => `, ${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}`)
    .join('');

/** The one-line status `list` shows for an object, like a `kubectl get` row. Never a Secret or ConfigMap value. */
export function summarizeObject(object: PlainObject): string {
  const name = object.metadata?.name ?? '';
  const line = (status: string) => `${name}: ${status}`;
  switch (object.kind) {
    case 'Pod': {
      const pod = object as V1Pod;
      const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
      const main = pod.status?.containerStatuses ?? [];
      const restarts = statuses.reduce((sum, s) => sum + s.restartCount, 0);
      const reason = statuses.map((s) => s.state?.waiting?.reason ?? s.state?.terminated?.reason).find((r) => r !== undefined);
      return line(
        `${pod.status?.phase ?? 'Unknown'}${reason ? ` (${reason})` : ''}, ready ${main.filter((s) => s.ready).length}/${pod.spec?.containers.length ?? main.length}, ` +
          `restarts ${restarts}${pod.spec?.nodeName ? `, node ${pod.spec.nodeName}` : ''}`,
      );
    }
    case 'Deployment': {
      const d = object as V1Deployment;
      return line(`ready ${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}, updated ${d.status?.updatedReplicas ?? 0}, available ${d.status?.availableReplicas ?? 0}${falseConditions(d.status?.conditions)}`);
    }
    case 'StatefulSet': {
      const s = object as V1StatefulSet;
      return line(`ready ${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 1}, current revision ${s.status?.currentRevision ?? '-'}, update revision ${s.status?.updateRevision ?? '-'}`);
    }
    case 'DaemonSet': {
      const d = object as V1DaemonSet;
      return line(`ready ${d.status?.numberReady ?? 0}/${d.status?.desiredNumberScheduled ?? 0}, updated ${d.status?.updatedNumberScheduled ?? 0}, unavailable ${d.status?.numberUnavailable ?? 0}`);
    }
    case 'ReplicaSet': {
      const r = object as V1ReplicaSet;
      const revision = r.metadata?.annotations?.['deployment.kubernetes.io/revision'];
      return line(`ready ${r.status?.readyReplicas ?? 0}/${r.spec?.replicas ?? 0}${revision ? `, revision ${revision}` : ''}`);
    }
    case 'ControllerRevision':
      return line(`revision ${String(object.revision ?? '-')}`);
    case 'Job': {
      const j = object as V1Job;
      const states = (j.status?.conditions ?? []).filter((c) => c.status === 'True').map((c) => `, ${c.type}${c.reason ? ` (${c.reason})` : ''}`);
      return line(`active ${j.status?.active ?? 0}, succeeded ${j.status?.succeeded ?? 0}, failed ${j.status?.failed ?? 0}${states.join('')}`);
    }
    case 'CronJob': {
      const c = object as V1CronJob;
      return line(`schedule "${c.spec?.schedule ?? ''}"${c.spec?.suspend ? ', suspended' : ''}, active ${c.status?.active?.length ?? 0}, last schedule ${String(c.status?.lastScheduleTime ?? '-')}, last success ${String(c.status?.lastSuccessfulTime ?? '-')}`);
    }
    case 'Service': {
      const s = object as V1Service;
      const ports = (s.spec?.ports ?? []).map((p) => `${p.port}→${String(p.targetPort ?? p.port)}/${p.protocol ?? 'TCP'}`).join(',');
      const selector = Object.entries(s.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
      return line(`${s.spec?.type ?? 'ClusterIP'} ${s.spec?.clusterIP ?? ''} ports ${ports || '-'} selector ${selector || '(none)'}`);
    }
    case 'EndpointSlice': {
      const e = object as unknown as V1EndpointSlice;
      const endpoints = e.endpoints ?? [];
      return line(
        `service ${e.metadata?.labels?.['kubernetes.io/service-name'] ?? '-'}, endpoints ready ${endpoints.filter((p) => p.conditions?.ready !== false).length}/${endpoints.length}, ` +
          `ports ${(e.ports ?? []).map((p) => `${p.name ?? ''}:${p.port ?? ''}`).join(',') || '-'}`,
      );
    }
    case 'Ingress': {
      const i = object as V1Ingress;
      const rules = (i.spec?.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => `${r.host ?? '*'}${p.path ?? '/'}→${p.backend.service?.name ?? '?'}:${String(p.backend.service?.port?.number ?? p.backend.service?.port?.name ?? '?')}`));
      return line(`class ${i.spec?.ingressClassName ?? '-'}, ${rules.join(', ') || 'no rules'}`);
    }
    case 'HorizontalPodAutoscaler': {
      const h = object as V2HorizontalPodAutoscaler & V1HorizontalPodAutoscaler;
      return line(
        `${h.spec?.scaleTargetRef.kind ?? ''}/${h.spec?.scaleTargetRef.name ?? ''} replicas ${h.status?.currentReplicas ?? 0}→${h.status?.desiredReplicas ?? 0} (min ${h.spec?.minReplicas ?? 1}, max ${h.spec?.maxReplicas ?? '-'})` +
          falseConditions((h as V2HorizontalPodAutoscaler).status?.conditions),
      );
    }
    case 'ConfigMap': {
      const c = object as V1ConfigMap;
      return line(`keys ${[...Object.keys(c.data ?? {}), ...Object.keys(c.binaryData ?? {})].join(', ') || '(none)'}`);
    }
    case 'PersistentVolumeClaim': {
      const p = object as V1PersistentVolumeClaim;
      return line(`${p.status?.phase ?? 'Unknown'}, class ${p.spec?.storageClassName ?? '(default)'}, volume ${p.spec?.volumeName ?? '-'}, capacity ${p.status?.capacity?.storage ?? '-'}`);
    }
    case 'PersistentVolume': {
      const p = object as V1PersistentVolume;
      return line(`${p.status?.phase ?? 'Unknown'}, class ${p.spec?.storageClassName ?? '-'}, claim ${p.spec?.claimRef ? `${p.spec.claimRef.namespace ?? ''}/${p.spec.claimRef.name ?? ''}` : '-'}, capacity ${p.spec?.capacity?.storage ?? '-'}`);
    }
    case 'StorageClass': {
      const s = object as unknown as V1StorageClass;
      return line(`provisioner ${s.provisioner}, binding ${s.volumeBindingMode ?? 'Immediate'}${s.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true' ? ', default' : ''}`);
    }
    case 'Node': {
      const n = object as V1Node;
      const ready = n.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown';
      const pressure = (n.status?.conditions ?? []).filter((c) => c.type !== 'Ready' && c.status === 'True').map((c) => c.type);
      return line(`Ready=${ready}${n.spec?.unschedulable ? ', cordoned' : ''}${pressure.length > 0 ? `, ${pressure.join(', ')}` : ''}, kubelet ${n.status?.nodeInfo?.kubeletVersion ?? '-'}`);
    }
    case 'Event': {
      const e = object as unknown as CoreV1Event;
      return line(`${e.type ?? ''} ${e.reason ?? ''} ${(e.involvedObject.kind ?? '').toLowerCase()}/${e.involvedObject.name ?? ''} (x${e.count ?? 1}): ${e.message ?? ''}`);
    }
    default:
      return line(object.kind ?? 'object');
  }
}
