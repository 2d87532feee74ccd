import type { Alert } from './alertmanagerPayload.js';

/**
 * A job on the `alerts` queue: the alerts of one webhook call that are not ignored, as the
 * receiver validated them. The worker maps them to workloads; the receiver only enqueues.
 */
export interface AlertJobData {
  alerts: Alert[];
  /** Alertmanager's `externalURL`, for links back to it. */
  externalURL: string;
}

/** The BullMQ queue of webhook jobs (beside `QUEUES.incidents` and `QUEUES.followups`). */
export const ALERTS_QUEUE = 'alerts';

/** The category in the fingerprint of an incident opened by an alert. */
export const ALERT_CATEGORY = 'PrometheusAlert';
