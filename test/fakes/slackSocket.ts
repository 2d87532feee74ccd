import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** A Socket Mode envelope as Slack sends it over the socket. */
export interface SocketEnvelope {
  type: 'slash_commands' | 'events_api' | 'interactive';
  payload: Record<string, unknown>;
}

/** Slack's side of Socket Mode: the WebSocket the app connects to after `apps.connections.open`. */
export interface FakeSocketMode {
  /** `ws://127.0.0.1:PORT/`: put it in `FakeSlack.socketModeUrl`. */
  url: string;
  /** Resolves once an app has connected and been greeted with `hello`. */
  connected(): Promise<void>;
  /** Sends an envelope and resolves with the app's acknowledgement (its `payload`, if any). */
  send(envelope: SocketEnvelope): Promise<Record<string, unknown> | undefined>;
  close(): Promise<void>;
}

/**
 * A loopback Socket Mode server speaking Slack's protocol: `hello` on connect, envelopes with an
 * `envelope_id`, and acknowledgements that echo it (with a response payload for commands).
 */
export async function startFakeSocketMode(): Promise<FakeSocketMode> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const acks = new Map<string, (payload: Record<string, unknown> | undefined) => void>();
  let socket: WebSocket | undefined;
  let greeted: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => {
    greeted = resolve;
  });
  let counter = 0;
  server.on('connection', (ws) => {
    socket = ws;
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { envelope_id?: string; payload?: Record<string, unknown> };
      if (message.envelope_id !== undefined) acks.get(message.envelope_id)?.(message.payload);
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0KDB' }, debug_info: { host: 'fake' } }));
    greeted();
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/`,
    connected: () => connected,
    send: (envelope) =>
      new Promise((resolve, reject) => {
        if (socket === undefined) {
          reject(new Error('no app is connected'));
          return;
        }
        counter += 1;
        const id = `envelope-${counter}`;
        acks.set(id, resolve);
        socket.send(JSON.stringify({ envelope_id: id, type: envelope.type, payload: envelope.payload, accepts_response_payload: envelope.type !== 'events_api' }));
      }),
    close: async () => {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
