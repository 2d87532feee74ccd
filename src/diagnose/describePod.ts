import type { V1Container, V1ContainerStatus, V1EnvVar, V1Pod, V1PodSecurityContext, V1Probe, V1SecurityContext } from '@kubernetes/client-node';
import { formatAge, toMillis } from './formatAge.js';
import { redactArgv } from './redact.js';

const quantities = (values: Record<string, string> | undefined): string =>
  Object.entries(values ?? {})
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');

function describeProbe(kind: string, probe: V1Probe | undefined): string | undefined {
  if (!probe) return undefined;
  const how = probe.httpGet
    ? `http-get ${probe.httpGet.scheme === 'HTTPS' ? 'https' : 'http'}://:${String(probe.httpGet.port)}${probe.httpGet.path ?? '/'}`
    : probe.tcpSocket
      ? `tcp-socket :${String(probe.tcpSocket.port)}`
      : probe.grpc
        ? `grpc :${probe.grpc.port}`
        : probe.exec
          ? `exec ${JSON.stringify(redactArgv(probe.exec.command ?? []))}`
          : 'unknown';
  return (
    `${kind}: ${how} delay=${probe.initialDelaySeconds ?? 0}s timeout=${probe.timeoutSeconds ?? 1}s ` +
    `period=${probe.periodSeconds ?? 10}s #failure=${probe.failureThreshold ?? 3}`
  );
}

/** Env vars by name only: a value is never shown, a reference says where it comes from. */
function describeEnv(env: readonly V1EnvVar[] | undefined): string | undefined {
  if (!env || env.length === 0) return undefined;
  const items = env.map((variable) => {
    const from = variable.valueFrom;
    if (from?.secretKeyRef) return `${variable.name} from secret ${from.secretKeyRef.name ?? ''}/${from.secretKeyRef.key}`;
    if (from?.configMapKeyRef) {
      return `${variable.name} from configmap ${from.configMapKeyRef.name ?? ''}/${from.configMapKeyRef.key}`;
    }
    if (from?.fieldRef) return `${variable.name} from field ${from.fieldRef.fieldPath}`;
    if (from?.resourceFieldRef) return `${variable.name} from resource ${from.resourceFieldRef.resource}`;
    return `${variable.name}=<redacted>`;
  });
  return `env: ${items.join(', ')}`;
}

/** The state of one container the way `kubectl describe` puts it, on one line. */
export function describeContainerState(status: V1ContainerStatus, now: number): string[] {
  const lines: string[] = [];
  const state = status.state;
  const current = state?.waiting
    ? `waiting ${state.waiting.reason ?? ''}${state.waiting.message ? ` (${state.waiting.message})` : ''}`
    : state?.terminated
      ? `terminated ${state.terminated.reason ?? ''} exit code ${state.terminated.exitCode}`
      : state?.running
        ? `running since ${formatAge(now - (toMillis(state.running.startedAt) ?? now))} ago`
        : 'state unknown';
  lines.push(`container "${status.name}": ${current}, ready=${String(status.ready)}, restarts ${status.restartCount}`);
  const last = status.lastState?.terminated ?? state?.terminated;
  if (last) {
    const finished = toMillis(last.finishedAt);
    lines.push(
      `  last terminated: reason ${last.reason ?? '-'}, exit code ${last.exitCode}, signal ${last.signal ?? '-'}` +
        (finished !== undefined ? `, finished ${formatAge(now - finished)} ago (${new Date(finished).toISOString()})` : '') +
        (last.message ? `, message: ${last.message.trim()}` : ''),
    );
  }
  return lines;
}

/** The spec side of a container: image, command, resources, probes, env names. */
export function describeContainerSpec(container: V1Container): string[] {
  const lines = [`container "${container.name}" image ${container.image ?? '-'}`];
  if (container.command) lines.push(`  command: ${JSON.stringify(redactArgv(container.command))}`);
  if (container.args) lines.push(`  args: ${JSON.stringify(redactArgv(container.args))}`);
  const requests = quantities(container.resources?.requests);
  const limits = quantities(container.resources?.limits);
  lines.push(`  requests: ${requests || '-'}; limits: ${limits || '-'}`);
  for (const line of [
    describeProbe('liveness', container.livenessProbe),
    describeProbe('readiness', container.readinessProbe),
    describeProbe('startup', container.startupProbe),
    describeEnv(container.env),
  ]) {
    if (line) lines.push(`  ${line}`);
  }
  const envFrom = (container.envFrom ?? []).map((source) =>
    source.secretRef ? `secret ${source.secretRef.name ?? ''}` : `configmap ${source.configMapRef?.name ?? ''}`,
  );
  if (envFrom.length > 0) lines.push(`  envFrom: ${envFrom.join(', ')}`);
  const security = describeSecurityContext(container.securityContext);
  if (security !== '') lines.push(`  securityContext: ${security}`);
  // A mount with subPath over a file, or a read-only mount where the app writes, explains many start failures.
  const mounts = (container.volumeMounts ?? []).map(
    (m) => `${m.mountPath} ← ${m.name}${m.subPath !== undefined ? ` (subPath ${m.subPath})` : ''}${m.readOnly === true ? ' ro' : ''}`,
  );
  if (mounts.length > 0) lines.push(`  volumeMounts: ${mounts.join(', ')}`);
  return lines;
}

/** The security settings that decide what a process may do: read-only root, user, privileges, capabilities. */
export function describeSecurityContext(sc: V1SecurityContext | V1PodSecurityContext | undefined): string {
  if (sc === undefined) return '';
  const parts: string[] = [];
  const flag = (name: string, value: unknown): void => {
    if (value !== undefined && value !== null) parts.push(`${name}=${String(value)}`);
  };
  if ('readOnlyRootFilesystem' in sc) flag('readOnlyRootFilesystem', sc.readOnlyRootFilesystem);
  flag('runAsUser', sc.runAsUser);
  flag('runAsGroup', sc.runAsGroup);
  flag('runAsNonRoot', sc.runAsNonRoot);
  if ('fsGroup' in sc) flag('fsGroup', sc.fsGroup);
  if ('privileged' in sc) flag('privileged', sc.privileged);
  if ('allowPrivilegeEscalation' in sc) flag('allowPrivilegeEscalation', sc.allowPrivilegeEscalation);
  if ('capabilities' in sc && sc.capabilities !== undefined) {
    const caps = [...(sc.capabilities.add ?? []).map((c) => `+${c}`), ...(sc.capabilities.drop ?? []).map((c) => `-${c}`)];
    if (caps.length > 0) parts.push(`capabilities ${caps.join(' ')}`);
  }
  if (sc.seccompProfile !== undefined) parts.push(`seccomp ${sc.seccompProfile.type}`);
  return parts.join(' ');
}

/** Phase, node, status reason and the conditions that are not True. */
export function describePodStatus(pod: V1Pod): string[] {
  const status = pod.status;
  const lines = [
    `pod ${pod.metadata?.name ?? ''}: phase ${status?.phase ?? 'Unknown'}, node ${pod.spec?.nodeName ?? '<none>'}` +
      (status?.qosClass ? `, QoS ${status.qosClass}` : '') +
      (status?.reason ? `, reason ${status.reason}` : '') +
      (status?.message ? `, message: ${status.message}` : ''),
  ];
  for (const condition of status?.conditions ?? []) {
    if (condition.status === 'True') continue;
    lines.push(
      `  condition ${condition.type}=${condition.status}${condition.reason ? ` ${condition.reason}` : ''}` +
        (condition.message ? `: ${condition.message}` : ''),
    );
  }
  return lines;
}

/** Where the pod may run: node selector, tolerations, affinity (short), for scheduling cases. */
export function describePlacement(pod: V1Pod): string[] {
  const spec = pod.spec;
  const lines: string[] = [];
  if (spec?.nodeSelector) lines.push(`nodeSelector: ${quantities(spec.nodeSelector)}`);
  if (spec?.tolerations?.length) {
    const tolerations = spec.tolerations.map(
      (t) => `${t.key ?? '*'}${t.operator === 'Exists' ? '' : `=${t.value ?? ''}`}:${t.effect ?? '*'}`,
    );
    lines.push(`tolerations: ${tolerations.join(', ')}`);
  }
  const required = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (required) {
    const terms = required.map((term) =>
      (term.matchExpressions ?? []).map((e) => `${e.key} ${e.operator} ${(e.values ?? []).join('|')}`).join(' and '),
    );
    lines.push(`required node affinity: ${terms.join(' or ')}`);
  }
  if (spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length) {
    lines.push('required pod anti-affinity: yes');
  }
  if (spec?.topologySpreadConstraints?.length) {
    const spread = spec.topologySpreadConstraints.map((c) => `${c.topologyKey} maxSkew=${c.maxSkew} ${c.whenUnsatisfiable}`);
    lines.push(`topology spread: ${spread.join(', ')}`);
  }
  return lines;
}
