import { z } from 'zod';

const labels = z.record(z.string(), z.string());
/** RFC 3339; Alertmanager sends `0001-01-01T00:00:00Z` as the zero `endsAt` of a firing alert. */
const timestamp = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'not an RFC 3339 timestamp');

/** One alert of a webhook, as Alertmanager's `notify/webhook` sends it. */
export const alertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: labels.refine((l) => typeof l.alertname === 'string' && l.alertname !== '', 'labels.alertname is required'),
  annotations: labels.default({}),
  startsAt: timestamp,
  endsAt: timestamp,
  generatorURL: z.string().default(''),
  /** Alertmanager's hash of the labels: the alert's identity across notifications. */
  fingerprint: z.string().min(1),
});

/** Alertmanager's webhook payload, version 4 (the only version it has sent since 0.x). */
export const alertmanagerPayloadSchema = z.object({
  version: z.literal('4'),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().min(0).default(0),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: labels,
  commonLabels: labels,
  commonAnnotations: labels,
  externalURL: z.string(),
  alerts: z.array(alertSchema),
});

export type Alert = z.infer<typeof alertSchema>;
export type AlertmanagerPayload = z.infer<typeof alertmanagerPayloadSchema>;
