import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback Slack: a Web API that the real `@slack/web-api` WebClient talks to (pass
 * `slackApiUrl: fake.url`, or to Bolt `clientOptions: { slackApiUrl: fake.url }`), and a signer that
 * sends really signed requests to Bolt's HTTP endpoint (`/slack/events`).
 *
 * The Web API records every call with its parsed payload (form-encoded fields, JSON-looking values
 * decoded; or a JSON body), keeps the messages it was asked to post so `conversations.history`,
 * `conversations.replies` and `chat.update` behave like Slack's, and can be scripted to fail.
 *
 *   const slack = await startFakeSlack();
 *   // the app under test: SLACK_API_URL=slack.url, SLACK_SIGNING_SECRET=secret, PORT=port
 *   const signer = createSlackSigner({ endpoint: `http://127.0.0.1:${port}/slack/events`, signingSecret: 'secret', responseUrl: slack.responseUrl });
 *   slack.fail('chat.postMessage', { ratelimited: { retryAfterSeconds: 1 } });
 *   const ack = await signer.command('/k8s-diagnose', 'deploy/web -n prod');   // ack.json.text: "Diagnosing…"
 *   await signer.event({ type: 'message', channel: 'C0OPS', user: 'U0PERSON', text: 'why?', ts: '2.1', thread_ts: postTs });
 *   expect(slack.messages('C0OPS')).toHaveLength(1);
 *   expect(slack.responseUrlPosts.at(-1)?.body.text).toContain('No deployment');
 *   await slack.close();
 *
 * Bolt verifies signatures against the wall clock, so the signer uses `Date.now()` unless a
 * timestamp is given; message ts are wall-clock based too, like Slack's.
 */

/** One recorded Web API call. */
export interface SlackCall {
  method: string;
  payload: Record<string, unknown>;
  /** The bot token from the Authorization header or the `token` field. */
  token: string | undefined;
}

/** A message the fake holds, as Slack returns it. */
export interface FakeMessage {
  type: 'message';
  channel: string;
  ts: string;
  text: string;
  user: string;
  bot_id: string;
  blocks?: unknown[];
  thread_ts?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  edited?: { user: string; ts: string };
}

/**
 * What a scripted call does instead of answering normally: a Slack error code (`not_in_channel`,
 * `channel_not_found`, `invalid_auth`, ... answered `{ ok: false, error }` with HTTP 200),
 * `ratelimited` (HTTP 429 with Retry-After), `hang` (the call takes effect, e.g. the message is
 * stored, but the response never comes, like a timeout after Slack accepted the post), or
 * `serverError` (HTTP 5xx; with `stored` the call took effect first, as when Slack's edge fails
 * after the message was saved).
 */
export type SlackFault =
  | { error: string }
  | { ratelimited: { retryAfterSeconds: number } }
  | { hang: true }
  | { serverError: { status: number; stored: boolean } };

/** A request that Slack sent to a `response_url` (slash commands, actions). */
export interface ResponseUrlPost {
  path: string;
  body: Record<string, unknown>;
}

export interface FakeSlack {
  /** The Web API base URL, ending in `/api/`. */
  url: string;
  /** Base for `response_url`s: `${origin}/response/<id>`. */
  origin: string;
  /** Every Web API call, in order (failed and hung ones included). */
  calls: SlackCall[];
  /** The calls of one method. */
  callsTo(method: string): SlackCall[];
  /** Messages posted to `channel`, top-level and replies, oldest first. */
  messages(channel: string): FakeMessage[];
  /** Replies in the thread of `threadTs` (the parent excluded), oldest first. */
  replies(channel: string, threadTs: string): FakeMessage[];
  /** The next `times` (default 1) calls to `method` answer with `fault`. */
  fail(method: string, fault: SlackFault, times?: number): void;
  /** Members of user groups, for `usergroups.users.list`. */
  userGroups: Map<string, string[]>;
  /** User-group handles to ids (`payments` → `S0PAY`), for `usergroups.list`. */
  userGroupHandles: Map<string, string>;
  /** Posts received on response_urls. */
  responseUrlPosts: ResponseUrlPost[];
  /** A fresh response_url pointing at this fake. */
  responseUrl(): string;
  /** The bot's identity, as `auth.test` answers it. */
  bot: { userId: string; botId: string; teamId: string };
  /** What `apps.connections.open` hands out (Socket Mode), e.g. a `startFakeSocketMode()` URL. */
  socketModeUrl: string | undefined;
  close(): Promise<void>;
}

const BOT = { userId: 'U0KDBBOT', botId: 'B0KDBBOT', teamId: 'T0KDB' };

/** Starts the fake Web API on 127.0.0.1 and a free port. */
export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const store: FakeMessage[] = [];
  const faults = new Map<string, SlackFault[]>();
  const userGroups = new Map<string, string[]>();
  const userGroupHandles = new Map<string, string>();
  const responseUrlPosts: ResponseUrlPost[] = [];
  const hung = new Set<ServerResponse>();
  let tsCounter = 0;
  let responseCounter = 0;

  let lastSecond = 0;
  /** Like Slack's: wall-clock seconds and a per-second sequence, always increasing. */
  const nextTs = (): string => {
    const second = Math.max(Math.floor(Date.now() / 1000), lastSecond);
    tsCounter = second === lastSecond ? tsCounter + 1 : 1;
    lastSecond = second;
    return `${second}.${String(tsCounter).padStart(6, '0')}`;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/response/')) {
      responseUrlPosts.push({ path, body: JSON.parse(raw || '{}') as Record<string, unknown> });
      return send(res, 200, { ok: true });
    }
    const method = path.replace(/^\/api\//, '');
    const payload = parsePayload(raw, req.headers['content-type'] ?? '');
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : typeof payload.token === 'string' ? payload.token : undefined;
    calls.push({ method, payload, token });

    const fault = faults.get(method)?.shift();
    if (fault !== undefined && 'error' in fault) return send(res, 200, { ok: false, error: fault.error });
    if (fault !== undefined && 'ratelimited' in fault) {
      res.setHeader('Retry-After', String(fault.ratelimited.retryAfterSeconds));
      return send(res, 429, { ok: false, error: 'ratelimited' });
    }
    if (fault !== undefined && 'serverError' in fault && !fault.serverError.stored) return send(res, fault.serverError.status, { ok: false, error: 'internal_error' });
    if (token === undefined) return send(res, 200, { ok: false, error: 'not_authed' });
    const answer = respond(method, payload);
    if (fault !== undefined && 'serverError' in fault) return send(res, fault.serverError.status, { ok: false, error: 'internal_error' });
    if (fault !== undefined) {
      hung.add(res);
      return;
    }
    send(res, 200, answer);
  };

  let socketModeUrl: string | undefined;
  const respond = (method: string, p: Record<string, unknown>): Record<string, unknown> => {
    const channel = str(p.channel);
    switch (method) {
      case 'apps.connections.open':
        return socketModeUrl === undefined ? { ok: false, error: 'invalid_auth' } : { ok: true, url: socketModeUrl };
      case 'auth.test':
        return { ok: true, url: 'https://kdb.slack.com/', team: 'kdb', user: 'kube-diagnose-bot', team_id: BOT.teamId, user_id: BOT.userId, bot_id: BOT.botId };
      case 'chat.postMessage': {
        if (channel === '') return { ok: false, error: 'channel_not_found' };
        if (str(p.text) === '' && p.blocks === undefined) return { ok: false, error: 'no_text' };
        const message: FakeMessage = { type: 'message', channel, ts: nextTs(), text: str(p.text), user: BOT.userId, bot_id: BOT.botId };
        if (Array.isArray(p.blocks)) message.blocks = p.blocks;
        if (p.thread_ts !== undefined) message.thread_ts = str(p.thread_ts);
        if (isRecord(p.metadata)) message.metadata = p.metadata as FakeMessage['metadata'] & object;
        store.push(message);
        return { ok: true, channel, ts: message.ts, message: withoutChannel(message) };
      }
      case 'chat.update': {
        const message = store.find((m) => m.channel === channel && m.ts === str(p.ts));
        if (message === undefined) return { ok: false, error: 'message_not_found' };
        if (p.text !== undefined) message.text = str(p.text);
        if (Array.isArray(p.blocks)) message.blocks = p.blocks;
        if (isRecord(p.metadata)) message.metadata = p.metadata as FakeMessage['metadata'] & object;
        message.edited = { user: BOT.userId, ts: nextTs() };
        return { ok: true, channel, ts: message.ts, text: message.text, message: withoutChannel(message) };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'conversations.history': {
        const includeMetadata = p.include_all_metadata === true || p.include_all_metadata === 'true';
        const oldest = Number(str(p.oldest) || '0');
        const limit = Number(str(p.limit) || '100');
        const top = store
          .filter((m) => m.channel === channel && (m.thread_ts === undefined || m.thread_ts === m.ts) && Number(m.ts) > oldest)
          .reverse()
          .slice(0, limit)
          .map((m) => view(m, includeMetadata));
        return { ok: true, messages: top, has_more: false };
      }
      case 'conversations.replies': {
        const ts = str(p.ts);
        const thread = store.filter((m) => m.channel === channel && (m.ts === ts || m.thread_ts === ts));
        if (thread.length === 0) return { ok: false, error: 'thread_not_found' };
        const includeMetadata = p.include_all_metadata === true || p.include_all_metadata === 'true';
        return { ok: true, messages: thread.map((m) => view(m, includeMetadata)), has_more: false };
      }
      case 'users.info': {
        const user = str(p.user);
        return { ok: true, user: { id: user, name: user.toLowerCase(), real_name: `User ${user}`, is_bot: user === BOT.userId } };
      }
      case 'usergroups.users.list': {
        const members = userGroups.get(str(p.usergroup));
        return members === undefined ? { ok: false, error: 'no_such_subteam' } : { ok: true, users: members };
      }
      case 'usergroups.list':
        return { ok: true, usergroups: [...userGroupHandles].map(([handle, id]) => ({ id, handle, name: handle })) };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { ok: false, error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/api/`,
    origin,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    messages: (channel) => store.filter((m) => m.channel === channel),
    replies: (channel, threadTs) => store.filter((m) => m.channel === channel && m.thread_ts === threadTs && m.ts !== threadTs),
    fail: (method, fault, times = 1) => {
      const queue = faults.get(method) ?? [];
      for (let i = 0; i < times; i += 1) queue.push(fault);
      faults.set(method, queue);
    },
    userGroups,
    userGroupHandles,
    responseUrlPosts,
    responseUrl: () => {
      responseCounter += 1;
      return `${origin}/response/${responseCounter}`;
    },
    bot: BOT,
    get socketModeUrl() {
      return socketModeUrl;
    },
    set socketModeUrl(url) {
      socketModeUrl = url;
    },
    close: async () => {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Sends really signed requests to a Bolt HTTP endpoint, as Slack does: `X-Slack-Signature` is
 * `v0=` + HMAC-SHA256 of `v0:{timestamp}:{body}` keyed by the signing secret.
 */
export interface SlackSigner {
  /** An Events API `event_callback` wrapping `event` (JSON body). */
  event(event: Record<string, unknown>): Promise<SignedResponse>;
  /** A slash command (form-encoded); `fields` override the defaults (user, channel, response_url...). */
  command(command: string, text: string, fields?: Record<string, string>): Promise<SignedResponse>;
  /** An interactive payload, e.g. `block_actions` (form-encoded `payload=`). */
  interaction(payload: Record<string, unknown>): Promise<SignedResponse>;
  /** Any body, with optional forged signature or timestamp (seconds). */
  raw(body: string, contentType: string, overrides?: { signature?: string; timestamp?: number }): Promise<SignedResponse>;
}

export interface SignedResponse {
  status: number;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON (Bolt acks with an empty body). */
  json: Record<string, unknown> | undefined;
}

/** Defaults used by the signer: the team, a person, a channel. */
export const SIGNER_DEFAULTS = { teamId: BOT.teamId, userId: 'U0PERSON', channelId: 'C0OPS' } as const;

/** A signer for the Bolt endpoint `endpoint` (e.g. `http://127.0.0.1:PORT/slack/events`). */
export function createSlackSigner(options: { endpoint: string; signingSecret: string; responseUrl?: () => string }): SlackSigner {
  const raw: SlackSigner['raw'] = async (body, contentType, overrides = {}) => {
    const timestamp = overrides.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = overrides.signature ?? signSlackRequest(options.signingSecret, timestamp, body);
    const response = await fetch(options.endpoint, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-slack-signature': signature, 'x-slack-request-timestamp': String(timestamp) },
      body,
    });
    const text = await response.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json };
  };
  let eventCounter = 0;
  return {
    raw,
    event: (event) => {
      eventCounter += 1;
      const body = {
        token: 'legacy-verification-token',
        team_id: SIGNER_DEFAULTS.teamId,
        api_app_id: 'A0KDB',
        type: 'event_callback',
        event_id: `Ev${String(eventCounter).padStart(8, '0')}`,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: SIGNER_DEFAULTS.teamId, user_id: BOT.userId, is_bot: true, is_enterprise_install: false }],
        event: { event_ts: event.ts, ...event },
      };
      return raw(JSON.stringify(body), 'application/json');
    },
    command: (command, text, fields = {}) => {
      const form = new URLSearchParams({
        token: 'legacy-verification-token',
        team_id: SIGNER_DEFAULTS.teamId,
        team_domain: 'kdb',
        channel_id: SIGNER_DEFAULTS.channelId,
        channel_name: 'ops',
        user_id: SIGNER_DEFAULTS.userId,
        user_name: 'person',
        command,
        text,
        api_app_id: 'A0KDB',
        response_url: options.responseUrl?.() ?? 'http://127.0.0.1:9/response/none',
        trigger_id: 'trigger.1',
        ...fields,
      });
      return raw(form.toString(), 'application/x-www-form-urlencoded');
    },
    interaction: (payload) => {
      const full = { team: { id: SIGNER_DEFAULTS.teamId, domain: 'kdb' }, api_app_id: 'A0KDB', token: 'legacy-verification-token', ...payload };
      return raw(new URLSearchParams({ payload: JSON.stringify(full) }).toString(), 'application/x-www-form-urlencoded');
    },
  };
}

/** `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`: Slack's request signature. */
export function signSlackRequest(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Form fields the WebClient sends as JSON. */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata', 'users', 'channels']);

function parsePayload(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return JSON.parse(raw || '{}') as Record<string, unknown>;
  const payload: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // The WebClient form-encodes objects and arrays (blocks, metadata) as JSON strings; a text
    // that happens to start with a brace stays text.
    payload[key] = JSON_FIELDS.has(key) ? tryJson(value) : value;
  }
  return payload;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function view(message: FakeMessage, includeMetadata: boolean): Record<string, unknown> {
  const { metadata, ...rest } = withoutChannel(message);
  return includeMetadata && metadata !== undefined ? { ...rest, metadata } : rest;
}

function withoutChannel(message: FakeMessage): Omit<FakeMessage, 'channel'> {
  const rest: Partial<FakeMessage> = { ...message };
  delete rest.channel;
  return rest as Omit<FakeMessage, 'channel'>;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
