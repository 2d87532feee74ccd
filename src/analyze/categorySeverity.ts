import type { Category, Severity } from './types.js';

/**
 * The usual severity of each category: a node down hurts many workloads (critical); a workload
 * that cannot run is high; a degraded one (probes, evictions that get rescheduled) is medium.
 */
export const CATEGORY_SEVERITY: Readonly<Record<Category, Severity>> = {
  NodeNotReady: 'critical',
  CrashLoopBackOff: 'high',
  OOMKilled: 'high',
  ImagePullBackOff: 'high',
  ImagePullAuth: 'high',
  CreateContainerConfigError: 'high',
  CreateContainerError: 'high',
  RunContainerError: 'high',
  InsufficientResources: 'high',
  UnschedulableConstraints: 'high',
  PVCUnbound: 'high',
  VolumeMountFailure: 'high',
  SandboxCreationFailure: 'high',
  QuotaExceeded: 'high',
  AdmissionDenied: 'high',
  JobFailed: 'high',
  InitContainerFailure: 'high',
  ServiceNoEndpoints: 'high',
  IngressMisconfigured: 'high',
  AutoscalerFailing: 'high',
  RolloutStuck: 'high',
  CronJobFailing: 'high',
  WebhookUnavailable: 'high',
  DisruptionBlocked: 'medium',
  LivenessProbeFailure: 'medium',
  StartupProbeFailure: 'medium',
  ReadinessProbeFailure: 'medium',
  Evicted: 'medium',
  Other: 'low',
};
