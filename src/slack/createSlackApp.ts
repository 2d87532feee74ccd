import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, SocketModeReceiver, type CustomRoute, type webApi } from '@slack/bolt';
import type { Language } from '../diagnose/types.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { withTimeout } from '../withTimeout.js';
import { createNamespaceGuard } from './createNamespaceGuard.js';
import { slackClientOptions } from './createSlackClient.js';
import { createSlackPoster } from './createSlackPoster.js';
import type { ThreadRecord, ThreadStore } from './createThreadStore.js';
import { DIAGNOSE_USAGE, describeTarget, parseDiagnoseCommand } from './parseDiagnoseCommand.js';
import { renderRecord } from './renderRecord.js';
import { slackLabels } from './slackLabels.js';
import { boltLogLevel, toBoltLogger } from './toBoltLogger.js';
import { ACTIONS, type EnqueueFollowup } from './types.js';

/** The slash command this app registers (deploy/slack-app-manifest.yaml). */
export const DIAGNOSE_COMMAND = '/k8s-diagnose';

/** Options of `createSlackApp`; the lead wires them from config in src/run/. */
export interface SlackAppOptions {
  /** `SLACK_BOT_TOKEN`. */
  botToken: string;
  /** `SLACK_SIGNING_SECRET`: required for HTTP mode. */
  signingSecret?: string;
  /** `SLACK_APP_TOKEN`: when set, Socket Mode instead of HTTP. */
  appToken?: string;
  /** `SLACK_API_URL`. */
  slackApiUrl?: string;
  /** HTTP port for `/slack/events` (and `customRoutes`); 0 picks a free one. */
  port: number;
  logger: Logger;
  metrics: Metrics;
  /** Thread lookups (is this one of our threads?) and mutes. */
  store: ThreadStore;
  /** Puts a job on the `followups` queue. */
  enqueueFollowup: EnqueueFollowup;
  /** `ALLOWED_NAMESPACES` globs: what commands may read. */
  allowedNamespaces: readonly string[];
  /** Channel ids or names where the command may be used; empty: anywhere. */
  allowedChannels?: readonly string[];
  /** User ids (`U…`) or user-group ids (`S…`) who may run the command; empty: anyone. */
  allowedUsers?: readonly string[];
  /** More HTTP routes on the same server (e.g. `/metrics`, `/healthz`). */
  customRoutes?: CustomRoute[];
  /** Namespace of `/k8s-diagnose <pod>` without `-n`. Default `default`. */
  defaultNamespace?: string;
  language?: Language;
  now?: () => number;
  /** WebClient retry policy and timeout; tests shorten them. */
  retryConfig?: webApi.RetryOptions;
  timeoutMs?: number;
}

export interface SlackApp {
  app: App;
  /** Starts listening; resolves to the HTTP port (undefined in Socket Mode without routes). */
  start(): Promise<{ port: number | undefined }>;
  stop(): Promise<void>;
}

/** The fields of a message event we read. */
interface ThreadMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  user?: string;
  text?: string;
  bot_id?: string;
  subtype?: string;
}

/** Message subtypes that are still a person writing: "also send to channel", a file with a comment. */
const PERSON_SUBTYPES = new Set(['thread_broadcast', 'file_share']);

/** Longest wait for Slack's user-group answer inside the 3 s ack window. */
const GROUP_LOOKUP_TIMEOUT_MS = 1500;
/** How long a user group's members are trusted before asking Slack again. */
const GROUP_CACHE_MS = 5 * 60_000;

/**
 * The Bolt app: Socket Mode when `appToken` is set, else HTTP at `/slack/events` with the signing
 * secret checked by Bolt. Its listeners only ack, parse, check access and enqueue; the worker's
 * handlers (src/worker/: createIncidentHandler, createFollowupHandler) do the slow work (cluster, LLM).
 */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const logger = options.logger.child({ component: 'slack' });
  const boltLogger = toBoltLogger(logger);
  const now = options.now ?? Date.now;
  const labels = slackLabels(options.language ?? 'en');
  const allowNamespace = createNamespaceGuard(options.allowedNamespaces);
  const clientOptions = slackClientOptions({
    logger,
    ...(options.slackApiUrl === undefined ? {} : { slackApiUrl: options.slackApiUrl }),
    ...(options.retryConfig === undefined ? {} : { retryConfig: options.retryConfig }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  const customRoutes = options.customRoutes ?? [];

  let receiver: HTTPReceiver | SocketModeReceiver;
  if (options.appToken !== undefined) {
    // The socket client opens its connection through the Web API (apps.connections.open): it takes the same URL.
    const socketClientOptions = options.slackApiUrl === undefined ? {} : { clientOptions: { slackApiUrl: options.slackApiUrl } };
    receiver = new SocketModeReceiver({ appToken: options.appToken, logger: boltLogger, customRoutes, installerOptions: { port: options.port, ...socketClientOptions } });
  } else {
    if (options.signingSecret === undefined) throw new Error('SLACK_SIGNING_SECRET is required for HTTP events (or set SLACK_APP_TOKEN for Socket Mode)');
    receiver = new HTTPReceiver({ signingSecret: options.signingSecret, endpoints: '/slack/events', customRoutes, logger: boltLogger, port: options.port });
  }
  const app = new App({ token: options.botToken, receiver, logger: boltLogger, logLevel: boltLogLevel(logger), clientOptions });
  const poster = createSlackPoster({ client: app.client, metrics: options.metrics, logger });

  const groupCache = new Map<string, { members: string[]; at: number }>();
  const isAllowedUser = async (user: string): Promise<boolean> => {
    const allowed = options.allowedUsers ?? [];
    if (allowed.length === 0 || allowed.includes(user)) return true;
    for (const group of allowed.filter((a) => a.startsWith('S'))) {
      let cached = groupCache.get(group);
      if (cached === undefined || now() - cached.at > GROUP_CACHE_MS) {
        cached = { members: await poster.userGroupMembers(group), at: now() };
        groupCache.set(group, cached);
      }
      if (cached.members.includes(user)) return true;
    }
    return false;
  };
  const isAllowedChannel = (id: string, name: string): boolean => {
    const allowed = (options.allowedChannels ?? []).map((c) => c.replace(/^#/, ''));
    return allowed.length === 0 || allowed.includes(id) || allowed.includes(name);
  };

  app.command(DIAGNOSE_COMMAND, async ({ command, ack }) => {
    const log = logger.child({ command: DIAGNOSE_COMMAND, user: command.user_id, channel: command.channel_id });
    const reply = (text: string) => ack({ response_type: 'ephemeral', text });
    const parsed = parseDiagnoseCommand(command.text, options.defaultNamespace === undefined ? {} : { defaultNamespace: options.defaultNamespace });
    if (!parsed.ok) {
      log.info({ text: command.text }, 'command: bad syntax');
      return reply(parsed.error);
    }
    if (parsed.command.type === 'help') return reply(helpText());
    const target = describeTarget(parsed.command);
    if (!isAllowedChannel(command.channel_id, command.channel_name)) {
      log.warn({ target }, 'command refused: channel not allowed');
      return reply(`${DIAGNOSE_COMMAND} is not enabled in this channel.`);
    }
    let userAllowed: boolean;
    try {
      // Slack wants the ack within 3 s; a slow user-group lookup must not eat that time.
      userAllowed = await withTimeout(() => isAllowedUser(command.user_id), GROUP_LOOKUP_TIMEOUT_MS);
    } catch (error) {
      log.warn({ err: error }, 'command: could not check the user groups; refusing');
      userAllowed = false;
    }
    if (!userAllowed) {
      log.warn({ target }, 'command refused: user not allowed');
      return reply(`You are not allowed to run ${DIAGNOSE_COMMAND}; ask your Slack admin to add you to an allowed user group.`);
    }
    if (!allowNamespace(parsed.command.namespace)) {
      log.warn({ target }, 'command refused: namespace not allowed');
      return reply(labels.notAllowed(parsed.command.namespace));
    }
    try {
      await options.enqueueFollowup(
        { type: 'command', channel: command.channel_id, user: command.user_id, command: parsed.command, responseUrl: command.response_url, requestId: command.trigger_id },
        `cmd-${command.trigger_id}`,
      );
    } catch (error) {
      log.error({ err: error }, 'command: could not enqueue');
      options.metrics.errors.inc({ component: 'slack', code: 'enqueue_failed' });
      return reply('Sorry, I could not queue this request (the queue is unavailable). Please try again in a minute.');
    }
    log.info({ target }, 'command enqueued');
    return reply(labels.diagnosing(target));
  });

  /** A person's message in one of our threads becomes a question (message and @mention share a job id). */
  const onThreadMessage = async (event: ThreadMessage, botUserId: string | undefined): Promise<void> => {
    if (event.bot_id !== undefined || event.user === undefined || event.user === botUserId) return;
    if (event.subtype !== undefined && !PERSON_SUBTYPES.has(event.subtype)) return;
    if (event.thread_ts === undefined || event.thread_ts === event.ts) return;
    const record = await options.store.findByThread(event.channel, event.thread_ts);
    if (record === undefined) return;
    // Only our own mention is noise; a mention of a colleague is part of the question.
    const text = (botUserId === undefined ? event.text ?? '' : (event.text ?? '').replaceAll(`<@${botUserId}>`, '')).trim();
    if (text === '') return;
    await options.enqueueFollowup(
      { type: 'question', channel: event.channel, user: event.user, threadTs: event.thread_ts, messageTs: event.ts, text },
      `q-${event.channel}-${event.ts}`,
    );
    logger.info({ channel: event.channel, threadTs: event.thread_ts, user: event.user }, 'follow-up question enqueued');
  };
  app.event('message', async ({ event, context }) => onThreadMessage(event as ThreadMessage, context.botUserId));
  app.event('app_mention', async ({ event, context }) => {
    const inOurThread = event.thread_ts !== undefined && (await options.store.findByThread(event.channel, event.thread_ts)) !== undefined;
    if (inOurThread) return onThreadMessage(event, context.botUserId);
    // A mention elsewhere gets a private hint instead of silence.
    if (event.user === undefined || event.bot_id !== undefined) return;
    await poster.postEphemeral({ channel: event.channel, user: event.user, text: labels.mentionHint, ...(event.thread_ts === undefined ? {} : { threadTs: event.thread_ts }) });
  });

  app.action(ACTIONS.rediagnose, async ({ ack, body }) => {
    await ack();
    if (body.type !== 'block_actions' || body.channel === undefined || body.message === undefined) return;
    const action = body.actions[0];
    await options.enqueueFollowup(
      { type: 'rediagnose', channel: body.channel.id, user: body.user.id, threadTs: body.message.thread_ts ?? body.message.ts, requestId: action?.action_ts ?? String(now()) },
      `rd-${body.channel.id}-${action?.action_ts ?? now()}`,
    );
    logger.info({ channel: body.channel.id, user: body.user.id }, 're-diagnosis enqueued');
  });

  /**
   * A button on an incident message that changes the incident (mute, unmute, "I'm on it"): acked,
   * its thread's record looked up, and allowed only to those who may run the command, since
   * silencing an incident is as sensitive as running it. The message is then drawn again.
   */
  const incidentAction = (
    actionId: string,
    what: string,
    handle: (record: ThreadRecord, user: string, where: { channel: string; threadTs: string }) => Promise<Partial<ThreadRecord>>,
  ): void => {
    app.action(actionId, async ({ ack, body }) => {
      await ack();
      if (body.type !== 'block_actions' || body.channel === undefined || body.message === undefined) return;
      const channel = body.channel.id;
      const threadTs = body.message.thread_ts ?? body.message.ts;
      const record = await options.store.findByThread(channel, threadTs);
      if (record?.fingerprint === undefined) return;
      const allowed = await withTimeout(() => isAllowedUser(body.user.id), GROUP_LOOKUP_TIMEOUT_MS).catch(() => false);
      if (!allowed) {
        logger.warn({ fingerprint: record.fingerprint, user: body.user.id, action: what }, `${what} refused: user not allowed`);
        await poster.postEphemeral({ channel, user: body.user.id, threadTs, text: `You are not allowed to ${what} incidents; ask your Slack admin to add you to an allowed user group.` });
        return;
      }
      const changes = await handle(record, body.user.id, { channel, threadTs });
      const updated = (await options.store.update(record.key, changes)) ?? { ...record, ...changes };
      await poster.update({ ...renderRecord(updated, now()), channel: record.channel, ts: record.ts });
    });
  };

  for (const [actionId, hours] of [[ACTIONS.mute1h, 1], [ACTIONS.mute24h, 24]] as const) {
    incidentAction(actionId, 'mute', async (record, user, where) => {
      const mute = { until: now() + hours * 3_600_000, by: user };
      await options.store.mute(record.fingerprint ?? record.key, mute, now());
      logger.info({ fingerprint: record.fingerprint, user, hours }, 'incident muted');
      await poster.post({ ...where, text: slackLabels(record.language).mutedBy(user, hours), blocks: [] });
      return { mute };
    });
  }
  incidentAction(ACTIONS.unmute, 'unmute', async (record, user, where) => {
    await options.store.unmute(record.fingerprint ?? record.key);
    logger.info({ fingerprint: record.fingerprint, user }, 'incident unmuted');
    await poster.post({ ...where, text: slackLabels(record.language).unmutedBy(user), blocks: [] });
    return { mute: undefined };
  });
  incidentAction(ACTIONS.onIt, 'take', async (record, user) => {
    logger.info({ fingerprint: record.fingerprint, user }, 'incident taken');
    return { onItBy: user };
  });
  // Slack opens the runbook link itself; the action it also sends only needs its ack.
  app.action(ACTIONS.runbook, async ({ ack }) => {
    await ack();
  });

  app.error(async (error) => {
    options.metrics.errors.inc({ component: 'slack', code: error.code ?? 'unknown' });
    logger.error({ err: error }, 'slack listener failed');
  });

  return {
    app,
    start: async () => {
      const server = (await app.start(options.port)) as unknown;
      // Socket Mode: Bolt serves the custom routes (health, metrics) on an HTTP server of its own at `port`.
      if (options.appToken !== undefined) return { port: customRoutes.length > 0 ? options.port : undefined };
      const address = (server as { address?: () => AddressInfo | string | null } | undefined)?.address?.();
      return { port: typeof address === 'object' && address !== null ? address.port : undefined };
    },
    stop: async () => {
      await app.stop();
    },
  };
}

function helpText(): string {
  return `*${DIAGNOSE_COMMAND}* diagnoses a workload now, with the same five-part answer as the incident messages; ask follow-up questions in its thread.\n${DIAGNOSE_USAGE}`;
}
