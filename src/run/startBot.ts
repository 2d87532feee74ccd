import type { KubeConfig } from '@kubernetes/client-node';
import type { Redis } from 'ioredis';
import { alertmanagerRoute } from '../alerts/alertmanagerRoute.js';
import { createAlertQueue } from '../alerts/createAlertQueue.js';
import { createAlertStateStore } from '../alerts/createAlertStateStore.js';
import { isIgnoredAlert } from '../alerts/isIgnoredAlert.js';
import { ALERTS_QUEUE, type AlertJobData } from '../alerts/types.js';
import type { Config, Role } from '../config.js';
import { checkLlmReachable } from '../diagnose/checkLlmReachable.js';
import { createHttpServer, type HttpRoute } from '../http/createHttpServer.js';
import { healthRoutes, type ReadinessCheck } from '../http/healthRoutes.js';
import { kubeCheck, redisCheck } from '../http/readinessChecks.js';
import { loadClusters, type ClusterConfig } from '../kube/loadClusters.js';
import { createObjectReader } from '../kube/createObjectReader.js';
import { createLogReader } from '../kube/podLogs.js';
import { readClusterSnapshot } from '../kube/readClusterSnapshot.js';
import type { Logger } from '../logger.js';
import { createMetrics, type Metrics } from '../metrics.js';
import { connectRedis } from '../queue/connectRedis.js';
import { createQueueWorker } from '../queue/createQueueWorker.js';
import { createQueues, type Queues } from '../queue/createQueues.js';
import { createWindowLimiter } from '../queue/createWindowLimiter.js';
import { QUEUES, type IncidentJobData } from '../queue/types.js';
import { updateQueueDepth } from '../queue/updateQueueDepth.js';
import { llmDeferral } from '../diagnose/withRateLimit.js';
import { createAlertHandler } from '../worker/createAlertHandler.js';
import { createFollowupHandler } from '../worker/createFollowupHandler.js';
import { createFloodGate, type FloodGate } from '../worker/createFloodGate.js';
import { createIncidentHandler } from '../worker/createIncidentHandler.js';
import { createNamespaceGuard } from '../slack/createNamespaceGuard.js';
import { createSlackApp } from '../slack/createSlackApp.js';
import { createSlackClient } from '../slack/createSlackClient.js';
import { createSlackPoster } from '../slack/createSlackPoster.js';
import { createThreadStore, type ThreadStore } from '../slack/createThreadStore.js';
import { parseRouteRules } from '../slack/parseRouteRules.js';
import { parseRunbookUrls } from '../slack/parseRunbookUrls.js';
import { allowedLinkHosts } from './allowedLinkHosts.js';
import type { FollowupJobData } from '../slack/types.js';
import { createIncidentPublisher } from '../watch/createIncidentPublisher.js';
import { createIncidentStore } from '../watch/createIncidentStore.js';
import { checkSlackToken } from '../slack/checkSlackToken.js';
import { StartError } from '../StartError.js';
import { createToolContext } from '../diagnose/tools/createToolContext.js';
import { createWatcher } from '../watch/createWatcher.js';
import { withTimeout } from '../withTimeout.js';
import { diagnoserFromConfig } from './diagnoserFromConfig.js';
import { detectionThresholds } from '../analyze/detectionThresholds.js';

/** A running bot: the roles asked for, sharing one Redis connection, one logger and one registry. */
export interface RunningBot {
  /** The HTTP port (`/slack/events`, `/metrics`, `/healthz`, `/readyz`); undefined when none listens. */
  port: number | undefined;
  /** Stops taking work, lets the jobs in hand finish (or return to the queue), closes Redis. */
  stop(): Promise<void>;
}

export interface StartBotOptions {
  config: Config;
  role: Role;
  logger: Logger;
  metrics?: Metrics;
}

/** Longest wait for Redis while a Slack request waits for its ack. */
const ENQUEUE_TIMEOUT_MS = 1500;

const runs = (role: Role, part: Exclude<Role, 'all'>): boolean => role === 'all' || role === part;

/** Listens on PORT; a port someone else holds is a `StartError` naming PORT. */
async function listening<T>(port: number, listen: () => Promise<T>): Promise<T> {
  try {
    return await listen();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE') throw new StartError('PORT', `port ${port} is already in use`, { cause: error });
    if (code === 'EACCES') throw new StartError('PORT', `port ${port} needs privileges this process does not have`, { cause: error });
    throw error;
  }
}

/**
 * What must work before anything starts, checked at once: the Slack token (roles that call
 * Slack) must be accepted. The LLM endpoint is only warned about: the answers are rule-based
 * until it can be reached.
 */
async function checkEndpoints(config: Config, role: Role, logger: Logger): Promise<void> {
  const callsSlack = role !== 'watcher';
  const asksLlm = runs(role, 'worker') && config.OPENAI_API_KEY !== undefined && config.OPENAI_BASE_URL !== undefined;
  const [, llmProblem] = await Promise.all([
    callsSlack
      ? checkSlackToken(required(config.SLACK_BOT_TOKEN, 'SLACK_BOT_TOKEN'), {
          ...(config.SLACK_API_URL === undefined ? {} : { slackApiUrl: config.SLACK_API_URL }),
          logger,
        })
      : undefined,
    asksLlm ? checkLlmReachable({ baseURL: config.OPENAI_BASE_URL ?? '', apiKey: config.OPENAI_API_KEY ?? '' }) : undefined,
  ]);
  if (llmProblem !== undefined) logger.warn(`${llmProblem}; answers are rule-based until it can be reached`);
}

/** A required setting that `readConfig` already checked for this role. */
function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
}

/**
 * The one place that wires configuration to the stages: watcher → `incidents` queue → worker
 * (diagnose, post to Slack) and the Slack app → `followups` queue → worker. Each role starts only
 * its own parts; resources are stopped in the reverse order they were started.
 */
export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  const { config, role, logger } = options;
  const metrics = options.metrics ?? createMetrics({ defaultMetrics: true });
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (error) {
        logger.warn({ err: error }, 'error while stopping');
      }
    }
  };

  try {
    // Settings first, then connections, each failing with the setting to fix, before any
    // server or BullMQ worker exists.
    // The Slack role reads no cluster. The validated KUBECONFIG setting, not the process's:
    // startBot's config is its one input.
    const clusters: ClusterConfig[] =
      role === 'slack'
        ? []
        : loadClusters({
            ...(config.CLUSTERS === undefined ? {} : { clusters: config.CLUSTERS }),
            clusterName: config.CLUSTER_NAME,
            ...(config.KUBE_CONTEXT === undefined ? {} : { kubeContext: config.KUBE_CONTEXT }),
            env: { ...process.env, KUBECONFIG: config.KUBECONFIG },
          });
    // BullMQ's workers need maxRetriesPerRequest: null; the same connection serves our own keys.
    const redis = await connectRedis(config, logger);
    stops.push(async () => {
      await redis.quit().catch(() => redis.disconnect());
    });
    await checkEndpoints(config, role, logger);

    const prefix = config.REDIS_PREFIX;
    const queues: Queues<FollowupJobData> = createQueues<FollowupJobData>({ connection: redis, prefix });
    stops.push(() => queues.close());
    // A Redis outage is logged by the connection above; the queues would repeat it unheard.
    for (const queue of [queues.incidents, queues.followups]) queue.on('error', () => undefined);
    const checks: Record<string, ReadinessCheck> = { redis: redisCheck(redis) };
    for (const cluster of clusters) checks[config.CLUSTERS === undefined ? 'kube' : `kube:${cluster.name}`] = kubeCheck(cluster.kubeConfig);
    const health = { metrics, checks, onScrape: () => updateQueueDepth(queues, metrics) };

    const threadStore: ThreadStore = createThreadStore({ redis, prefix });
    const floodGate = createFloodGate({ redis, prefix, threshold: config.SLACK_FLOOD_THRESHOLD });

    let port: number | undefined;
    if (runs(role, 'slack')) {
      // Alertmanager's webhooks, enqueued here and handled by the workers. Off without a token:
      // an open route would let anyone post to the ops channel.
      const alertRoutes: HttpRoute[] = [];
      if (config.ALERTMANAGER_TOKEN !== undefined) {
        const alerts = createAlertQueue(redis, prefix);
        stops.push(() => alerts.close());
        alertRoutes.push(
          alertmanagerRoute({
            token: config.ALERTMANAGER_TOKEN,
            isIgnored: isIgnoredAlert(config.ALERTMANAGER_IGNORE),
            // Alertmanager waits for the answer: with Redis down, say so rather than hang.
            enqueue: async (job, jobId) => {
              await withTimeout(() => alerts.queue.add('alerts', job, { jobId }), ENQUEUE_TIMEOUT_MS);
            },
            logger: logger.child({ role: 'slack', receiver: 'alertmanager' }),
            metrics,
          }),
        );
      }
      const slack = createSlackApp({
        botToken: required(config.SLACK_BOT_TOKEN, 'SLACK_BOT_TOKEN'),
        ...(config.SLACK_SIGNING_SECRET === undefined ? {} : { signingSecret: config.SLACK_SIGNING_SECRET }),
        ...(config.SLACK_APP_TOKEN === undefined ? {} : { appToken: config.SLACK_APP_TOKEN }),
        ...(config.SLACK_API_URL === undefined ? {} : { slackApiUrl: config.SLACK_API_URL }),
        port: config.PORT,
        logger: logger.child({ role: 'slack' }),
        metrics,
        store: threadStore,
        // Slack wants its ack within 3 s: with Redis down, say so rather than hang past it.
        enqueueFollowup: async (job, jobId) => {
          await withTimeout(() => queues.followups.add(job.type, job, { jobId }), ENQUEUE_TIMEOUT_MS);
        },
        diagnoseOnDemand: async (key) => {
          const job = await floodGate.job(key);
          if (job === undefined) return undefined;
          await withTimeout(() => queues.incidents.add('new', { ...job, type: 'new', onDemand: true }, { jobId: `ondemand-${key}` }), ENQUEUE_TIMEOUT_MS);
          return `${job.finding.workload} (${job.finding.category})`;
        },
        allowedNamespaces: config.ALLOWED_NAMESPACES,
        allowedChannels: config.SLACK_ALLOWED_CHANNELS,
        allowedUsers: config.SLACK_ALLOWED_USERS,
        linkHosts: allowedLinkHosts(config),
        customRoutes: [
          ...healthRoutes(health),
          ...alertRoutes,
        ],
        language: config.BOT_LANGUAGE,
      });
      port = (await listening(config.PORT, () => slack.start())).port;
      stops.push(() => slack.stop());
    }
    if (port === undefined) {
      // Watcher and worker roles still answer probes and scrapes on PORT.
      const server = await listening(config.PORT, () => createHttpServer({ routes: healthRoutes(health), port: config.PORT }));
      port = server.port;
      stops.push(() => server.close());
    }

    // One watcher per cluster, all publishing to the one queue; each incident carries its cluster.
    for (const cluster of runs(role, 'watcher') ? clusters : []) {
      const watcher = createWatcher({
        kubeConfig: cluster.kubeConfig,
        cluster: cluster.name,
        publisher: createIncidentPublisher({
          cluster: cluster.name,
          store: createIncidentStore({
            redis,
            prefix,
            cluster: cluster.name,
            cooldownMs: config.INCIDENT_COOLDOWN_SECONDS * 1000,
            updateIntervalMs: config.UPDATE_INTERVAL_SECONDS * 1000,
          }),
          queue: queues.incidents,
          metrics,
          logger,
        }),
        logger: logger.child({ role: 'watcher', ...(clusters.length > 1 ? { cluster: cluster.name } : {}) }),
        metrics,
        namespaces: { include: config.WATCH_NAMESPACES, exclude: config.EXCLUDE_NAMESPACES },
        ...(config.WATCH_LABEL_SELECTOR === undefined ? {} : { podLabelSelector: config.WATCH_LABEL_SELECTOR }),
        thresholds: detectionThresholds(config),
        resolveAfterMs: config.RESOLVE_AFTER_SECONDS * 1000,
        debounceMs: config.WATCH_DEBOUNCE_MS,
        reportExistingOnStart: config.REPORT_EXISTING_ON_START,
      });
      await watcher.start();
      stops.push(() => watcher.stop());
    }
    // Workers last: nothing half-started is left for them when an earlier part fails. Stopped first.
    if (runs(role, 'worker')) {
      stops.push(...startWorkers({ config, logger, metrics, redis, clusters, threadStore, queues, floodGate }));
    }

    logger.info({ role, port, clusters: clusters.map((c) => c.name), llm: config.OPENAI_API_KEY ? config.OPENAI_MODEL : 'rule-based' }, 'kube-diagnose-bot started');
    return { port, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The worker role: the `incidents` and `followups` consumers and everything they call. */
function startWorkers(deps: {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  redis: Redis;
  clusters: readonly ClusterConfig[];
  threadStore: ThreadStore;
  queues: Queues<FollowupJobData>;
  floodGate: FloodGate;
}): Array<() => Promise<void>> {
  const { config, metrics, redis, clusters, threadStore, queues } = deps;
  const logger = deps.logger.child({ role: 'worker' });
  const allowNamespace = createNamespaceGuard(config.ALLOWED_NAMESPACES);
  // Each job's evidence is read from its own cluster; the first is the default of /k8s-diagnose.
  const readerOf = (kubeConfig: KubeConfig) => ({
    readSnapshot: (options: { namespace?: string }) => readClusterSnapshot(kubeConfig, options),
    logs: createLogReader(kubeConfig),
  });
  const readers = new Map(clusters.map(({ name, kubeConfig }) => [name, readerOf(kubeConfig)]));
  const first = required(clusters[0], 'a cluster');
  const main = readers.get(first.name) ?? readerOf(first.kubeConfig);
  // The investigation's tools read one cluster: with several, a job of another cluster would be
  // answered from the wrong one, so investigations stay off (see docs/deploy.md).
  const tools = clusters.length === 1 ? createToolContext({ reader: createObjectReader(first.kubeConfig), logs: main.logs, allowNamespace, readSnapshot: main.readSnapshot }) : undefined;
  if (tools === undefined && config.LLM_INVESTIGATE !== 'off') logger.warn({ clusters: clusters.length }, 'LLM_INVESTIGATE is off with several clusters: the tools read one cluster');
  // The rate limit counts LLM requests (shared by every worker through Redis), not jobs: updates,
  // resolutions and cached answers never wait behind it.
  const llmLimiter = createWindowLimiter({ redis, key: `${config.REDIS_PREFIX}:llm-rate`, max: config.LLM_RATE_LIMIT_PER_MINUTE, windowMs: 60_000 });
  const diagnoser = diagnoserFromConfig(config, { redis, logger, metrics, llmLimiter, ...(tools === undefined ? {} : { tools }) });
  const poster = createSlackPoster({
    client: createSlackClient(required(config.SLACK_BOT_TOKEN, 'SLACK_BOT_TOKEN'), {
      logger,
      ...(config.SLACK_API_URL === undefined ? {} : { slackApiUrl: config.SLACK_API_URL }),
    }),
    metrics,
    logger,
    linkHosts: allowedLinkHosts(config),
  });
  const common = {
    poster,
    store: threadStore,
    diagnoser,
    ...(config.CLUSTERS === undefined ? main : { ...main, clusters: readers }),
    logTailLines: config.LOG_TAIL_LINES,
    language: config.BOT_LANGUAGE,
    logger,
  };

  const alertStates = createAlertStateStore({ redis, prefix: config.REDIS_PREFIX });
  const handleIncident = createIncidentHandler({
    ...common,
    alertStates,
    defaultChannel: required(config.SLACK_OPS_CHANNEL, 'SLACK_OPS_CHANNEL'),
    routes: parseRouteRules(config.SLACK_ROUTES),
    runbooks: parseRunbookUrls(config.RUNBOOK_URLS),
    // One setting for how often an incident's thread may hear of it again.
    noteIntervalMs: config.UPDATE_INTERVAL_SECONDS * 1000,
    floodGate: deps.floodGate,
  });
  const handleFollowup = createFollowupHandler({
    ...common,
    allowNamespace,
    cluster: first.name,
  });
  const handleAlerts = createAlertHandler({
    ...common,
    // Alerts name no cluster we read: with CLUSTERS they are taken for the first cluster's.
    cluster: first.name,
    defaultChannel: required(config.SLACK_OPS_CHANNEL, 'SLACK_OPS_CHANNEL'),
    routes: parseRouteRules(config.SLACK_ROUTES),
    states: alertStates,
    enqueueIncident: async (job, jobId) => {
      await queues.incidents.add(job.type, job, { jobId });
    },
  });
  const stallMs = config.JOB_STALL_SECONDS * 1000;
  const workerOptions = {
    connection: redis,
    prefix: config.REDIS_PREFIX,
    logger,
    metrics,
    concurrency: config.WORKER_CONCURRENCY,
    // A live worker renews its lock every half period; a dead one's expires and the check re-queues the job.
    lockDuration: stallMs,
    stalledInterval: stallMs,
    // A job whose LLM request finds the limit spent waits in the delayed set, not in a worker slot.
    deferral: llmDeferral,
  };
  const incidents = createQueueWorker<IncidentJobData, unknown>({
    ...workerOptions,
    queue: QUEUES.incidents,
    processor: (job) => handleIncident(job.data, job.id),
  });
  const followups = createQueueWorker<FollowupJobData, unknown>({
    ...workerOptions,
    queue: QUEUES.followups,
    processor: (job) => handleFollowup(job.data),
  });
  const alertJobs = createQueueWorker<AlertJobData, unknown>({
    ...workerOptions,
    queue: ALERTS_QUEUE,
    processor: (job) => handleAlerts(job.data, job.id),
  });
  return [() => incidents.close(), () => followups.close(), () => alertJobs.close()];
}
