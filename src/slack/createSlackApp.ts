import { App, HTTPReceiver, SocketModeReceiver, type webApi } from '@slack/bolt';
import type { Language } from '../diagnose/types.js';
import { createHttpServer, type HttpRoute, type HttpServer } from '../http/createHttpServer.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { withTimeout } from '../withTimeout.js';
import { createNamespaceGuard } from './createNamespaceGuard.js';
import { slackClientOptions } from './createSlackClient.js';
import { createSlackPoster } from './createSlackPoster.js';
import { createTextGuard } from './createTextGuard.js';
import type { ThreadRecord, ThreadStore } from './createThreadStore.js';
import { DIAGNOSE_USAGE, describeTarget, parseDiagnoseCommand } from './parseDiagnoseCommand.js';
import { renderRecord } from './renderRecord.js';
import { slackEventsRoute } from './slackEventsRoute.js';
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
  /** HTTP port for `/slack/events` (and `customRoutes`), served by `createHttpServer`; 0 picks a free one. */
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
  /** User ids (`U…`) or user-group ids (`S…`) who may run the command, press the buttons and ask questions in threads; empty: anyone. */
  allowedUsers?: readonly string[];
  /**
   * The Diagnose button of a flood summary: enqueues the normal diagnosis of the summarised
   * incident `key`; resolves to what it diagnoses (`Deployment/web (CrashLoopBackOff)`), or
   * undefined when the incident is no longer known.
   */
  diagnoseOnDemand?: (key: string) => Promise<string | undefined>;
  /** `SLACK_LINK_HOSTS`: host globs links in our messages may point to. */
  linkHosts?: readonly string[];
  /** More HTTP routes on the same server (e.g. `/metrics`, `/healthz`). */
  customRoutes?: HttpRoute[];
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

/** What a listener knows of a button click. */
interface ButtonClick {
  channel: string;
  user: string;
  /** The thread of the message the button is under. */
  threadTs: string;
  actionTs: string;
  /** The button's `value`. */
  value: string;
}

/** Least time between two re-diagnoses of one incident. */
const REDIAGNOSE_INTERVAL_MS = 60_000;

/** How long a refused message is remembered, so its second delivery is not refused again. */
const REFUSAL_MEMORY_MS = 10 * 60_000;

/** Longest wait for Slack's user-group answer inside the 3 s ack window. */
const GROUP_LOOKUP_TIMEOUT_MS = 1500;
/** How long a user group's members are trusted before asking Slack again. */
const GROUP_CACHE_MS = 5 * 60_000;

/**
 * The Bolt app: Socket Mode when `appToken` is set, else HTTP at `/slack/events` (our server, see
 * `slackEventsRoute`) with the signing secret checked by Bolt. Its listeners only ack, parse, check access and enqueue; the worker's
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

  // Bolt's receivers never listen themselves: ours is the one server on PORT (createHttpServer),
  // which caps bodies before Bolt buffers them and checks the timestamp in both directions.
  let receiver: HTTPReceiver | SocketModeReceiver;
  let routes: HttpRoute[];
  if (options.appToken !== undefined) {
    // The socket client opens its connection through the Web API (apps.connections.open): it takes the same URL.
    const socketClientOptions = options.slackApiUrl === undefined ? {} : { clientOptions: { slackApiUrl: options.slackApiUrl } };
    receiver = new SocketModeReceiver({ appToken: options.appToken, logger: boltLogger, installerOptions: socketClientOptions });
    routes = customRoutes;
  } else {
    if (options.signingSecret === undefined) throw new Error('SLACK_SIGNING_SECRET is required for HTTP events (or set SLACK_APP_TOKEN for Socket Mode)');
    const httpReceiver = new HTTPReceiver({ signingSecret: options.signingSecret, endpoints: '/slack/events', logger: boltLogger });
    receiver = httpReceiver;
    routes = [...customRoutes, slackEventsRoute({ path: '/slack/events', listener: httpReceiver.requestListener, logger })];
  }
  const app = new App({ token: options.botToken, receiver, logger: boltLogger, logLevel: boltLogLevel(logger), clientOptions });
  const guard = createTextGuard(options.linkHosts ?? []);
  const poster = createSlackPoster({ client: app.client, metrics: options.metrics, logger, ...(options.linkHosts === undefined ? {} : { linkHosts: options.linkHosts }) });

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
  /**
   * The one permission check of every listener that acts for a person (the command, every
   * button, every question in a thread): `SLACK_ALLOWED_USERS`. Slack wants the ack within 3 s, so a slow or failing
   * user-group lookup refuses rather than eat that time.
   */
  const userMay = async (user: string, log: Logger): Promise<boolean> => {
    try {
      return await withTimeout(() => isAllowedUser(user), GROUP_LOOKUP_TIMEOUT_MS);
    } catch (error) {
      log.warn({ err: error, user }, 'could not check the user groups; refusing');
      return false;
    }
  };
  const isAllowedChannel = (id: string, name: string): boolean => {
    const allowed = (options.allowedChannels ?? []).map((c) => c.replace(/^#/, ''));
    return allowed.length === 0 || allowed.includes(id) || allowed.includes(name);
  };

  app.command(DIAGNOSE_COMMAND, async ({ command, ack }) => {
    const log = logger.child({ command: DIAGNOSE_COMMAND, user: command.user_id, channel: command.channel_id });
    // The ack is a message too (it may echo what was typed): the same guard as every post.
    const reply = (text: string) => ack({ response_type: 'ephemeral', text: guard(text) });
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
    if (!(await userMay(command.user_id, log))) {
      log.warn({ target }, 'command refused: user not allowed');
      return reply(notAllowedText(`run ${DIAGNOSE_COMMAND}`));
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
    // A question reaches the LLM and the cluster: the same people as the command and the buttons.
    const log = logger.child({ channel: event.channel, threadTs: event.thread_ts, user: event.user });
    if (!(await userMay(event.user, log))) {
      log.warn('question refused: user not allowed');
      // A reply that is also an @mention arrives twice (message, app_mention): one refusal.
      if (await options.store.throttle(`refused:${event.channel}:${event.ts}`, REFUSAL_MEMORY_MS)) {
        await poster.postEphemeral({ channel: event.channel, user: event.user, threadTs: event.thread_ts, text: notAllowedText('ask me questions') });
      }
      return;
    }
    await options.enqueueFollowup(
      { type: 'question', channel: event.channel, user: event.user, threadTs: event.thread_ts, messageTs: event.ts, text },
      `q-${event.channel}-${event.ts}`,
    );
    log.info('follow-up question enqueued');
  };
  app.event('message', async ({ event, context }) => onThreadMessage(event as ThreadMessage, context.botUserId));
  app.event('app_mention', async ({ event, context }) => {
    const inOurThread = event.thread_ts !== undefined && (await options.store.findByThread(event.channel, event.thread_ts)) !== undefined;
    if (inOurThread) return onThreadMessage(event, context.botUserId);
    // A mention elsewhere gets a private hint instead of silence.
    if (event.user === undefined || event.bot_id !== undefined) return;
    await poster.postEphemeral({ channel: event.channel, user: event.user, text: labels.mentionHint, ...(event.thread_ts === undefined ? {} : { threadTs: event.thread_ts }) });
  });

  /**
   * A button under one of our messages: acked at once, then allowed only to the people who may run
   * the command (an ephemeral refusal to the others), then `run`.
   */
  const onButton = (actionId: string, what: string, run: (click: ButtonClick) => Promise<void>): void => {
    app.action(actionId, async ({ ack, body }) => {
      await ack();
      if (body.type !== 'block_actions' || body.channel === undefined || body.message === undefined) return;
      const action = body.actions[0];
      const click: ButtonClick = {
        channel: body.channel.id,
        user: body.user.id,
        threadTs: body.message.thread_ts ?? body.message.ts,
        actionTs: action?.action_ts ?? String(now()),
        value: action !== undefined && 'value' in action && typeof action.value === 'string' ? action.value : '',
      };
      const log = logger.child({ action: actionId, user: click.user, channel: click.channel });
      if (!(await userMay(click.user, log))) {
        log.warn('button refused: user not allowed');
        await poster.postEphemeral({ channel: click.channel, user: click.user, threadTs: click.threadTs, text: notAllowedText(what) });
        return;
      }
      await run(click);
    });
  };

  onButton(ACTIONS.rediagnose, 're-diagnose incidents', async (click) => {
    const record = await options.store.findByThread(click.channel, click.threadTs);
    if (record === undefined) return;
    // Each re-diagnosis is an uncached LLM call and a post: one per incident per minute, for every
    // process (the window is a Redis key).
    if (!(await options.store.throttle(`rediagnose:${record.key}`, REDIAGNOSE_INTERVAL_MS))) {
      logger.info({ key: record.key, user: click.user }, 're-diagnosis throttled');
      await poster.postEphemeral({ channel: click.channel, user: click.user, threadTs: click.threadTs, text: 'This incident was re-diagnosed less than a minute ago; its answer is (or will shortly be) in the thread.' });
      return;
    }
    await options.enqueueFollowup(
      { type: 'rediagnose', channel: click.channel, user: click.user, threadTs: click.threadTs, requestId: click.actionTs },
      `rd-${click.channel}-${click.actionTs}`,
    );
    logger.info({ channel: click.channel, user: click.user }, 're-diagnosis enqueued');
  });

  const { diagnoseOnDemand } = options;
  if (diagnoseOnDemand !== undefined) {
    onButton(ACTIONS.diagnose, 'diagnose incidents', async ({ channel, threadTs, user, value }) => {
      const say = (text: string) => poster.postEphemeral({ channel, user, threadTs, text });
      if (!(await options.store.throttle(`diagnose:${value}`, REDIAGNOSE_INTERVAL_MS))) return say('This incident is already being diagnosed; its message will appear in the channel.');
      const target = await diagnoseOnDemand(value);
      logger.info({ key: value, user, found: target !== undefined }, 'on-demand diagnosis requested');
      await say(target === undefined ? 'This incident is no longer known (flood summaries are kept for 24 h); use /k8s-diagnose.' : `Diagnosing ${target}: its message will appear in the channel.`);
    });
  }

  /** A button that changes an incident (mute, unmute, "I'm on it"): its record is updated and its message drawn again. */
  const onIncidentButton = (actionId: string, what: string, change: (record: ThreadRecord, click: ButtonClick) => Promise<Partial<ThreadRecord>>): void => {
    onButton(actionId, what, async (click) => {
      const record = await options.store.findByThread(click.channel, click.threadTs);
      if (record?.fingerprint === undefined) return;
      const changes = await change(record, click);
      const updated = (await options.store.update(record.key, changes)) ?? { ...record, ...changes };
      await poster.update({ ...renderRecord(updated, now()), channel: record.channel, ts: record.ts });
    });
  };

  for (const [actionId, hours] of [[ACTIONS.mute1h, 1], [ACTIONS.mute24h, 24]] as const) {
    onIncidentButton(actionId, 'mute incidents', async (record, { channel, threadTs, user }) => {
      const mute = { until: now() + hours * 3_600_000, by: user };
      await options.store.mute(record.fingerprint ?? record.key, mute, now());
      logger.info({ fingerprint: record.fingerprint, user, hours }, 'incident muted');
      await poster.post({ channel, threadTs, text: slackLabels(record.language).mutedBy(user, hours), blocks: [] });
      return { mute };
    });
  }
  onIncidentButton(ACTIONS.unmute, 'unmute incidents', async (record, { channel, threadTs, user }) => {
    await options.store.unmute(record.fingerprint ?? record.key);
    logger.info({ fingerprint: record.fingerprint, user }, 'incident unmuted');
    await poster.post({ channel, threadTs, text: slackLabels(record.language).unmutedBy(user), blocks: [] });
    return { mute: undefined };
  });
  onIncidentButton(ACTIONS.onIt, 'take incidents', async (record, { user }) => {
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

  let server: HttpServer | undefined;
  return {
    app,
    start: async () => {
      // Socket Mode without routes listens on no port at all.
      if (options.appToken !== undefined) await app.start();
      if (routes.length > 0) server = await createHttpServer({ routes, port: options.port });
      return { port: server?.port };
    },
    stop: async () => {
      await server?.close();
      server = undefined;
      if (options.appToken !== undefined) await app.stop();
    },
  };
}

function notAllowedText(what: string): string {
  return `You are not allowed to ${what}; ask your Slack admin to add you to an allowed user group.`;
}

function helpText(): string {
  return `*${DIAGNOSE_COMMAND}* diagnoses a workload now, with the same five-part answer as the incident messages; ask follow-up questions in its thread.\n${DIAGNOSE_USAGE}`;
}
