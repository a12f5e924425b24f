import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readLogHead } from '../../../db/repositories/event-log.ts';
import { eventInSight } from '../../../domain/event-sight.ts';
import { type EventChange, EventChangeFeed } from '../../../read-models/event-change-feed.ts';
import type { HttpContext } from '../../context.ts';
import { actorOf, currentUser, requireUser } from '../../plugins/authentication.ts';
import { streamSchema } from './schema.ts';

/** A client that resumes is given at most this many of the log's latest entries; further back, it reloads. */
export const RESUME_LIMIT = 1000;
/** How long a browser waits before reconnecting after the line drops. */
const RETRY_MS = 3000;
/** How often an open stream asks again whether its person is still signed in. */
const PERSON_CHECK_MS = 1000;
/** A client that reads slower than changes come is let go once this much waits for it. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

function message(change: EventChange): string {
  const data = {
    eventId: change.eventId,
    trackingCode: change.trackingCode,
    state: change.state,
    type: change.type,
    at: change.at,
  };
  return `event: event-changed\nid: ${change.position}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Live updates as server-sent events. This process's feed polls the event log while anyone listens, and each
 * listener is sent the changes to events in their sight, by the same rule that answers GET /api/v1/events/:id.
 */
export const streamRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, { db, config, clock }) => {
  const feed = new EventChangeFeed(db, {
    pollMs: config.streamPollMs ?? 1000,
    onError: (error) => app.log.error({ err: error }, 'reading the event log for the live stream failed'),
  });
  const heartbeatMs = config.streamHeartbeatMs ?? 15_000;
  const openStreams = new Set<() => void>();

  // Open streams would keep the server from closing: end them first, then stop the feed.
  app.addHook('preClose', async () => {
    for (const end of [...openStreams]) end();
  });
  app.addHook('onClose', async () => {
    await feed.close();
  });

  app.get('/api/v1/stream', { schema: streamSchema }, async (request, reply) => {
    let actor = actorOf(requireUser(request));
    const head = (await readLogHead(db)).position;
    const asked = request.headers['last-event-id'];
    const cursor = asked === undefined ? head : Math.max(Math.min(Number(asked), head), head - RESUME_LIMIT);

    reply.hijack();
    const raw = reply.raw;
    // The security headers the hooks set on the reply, which hijacking would otherwise leave behind.
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined) raw.setHeader(name, value);
    }
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // Proxies such as nginx would otherwise hold the messages back.
      'x-accel-buffering': 'no',
    });
    raw.write(`retry: ${RETRY_MS}\n\n`);

    let ended = false;
    let unsubscribe = () => {};
    let heartbeat: NodeJS.Timeout | undefined;
    const end = () => {
      if (ended) return;
      ended = true;
      clearInterval(heartbeat);
      unsubscribe();
      openStreams.delete(end);
      raw.end();
    };
    openStreams.add(end);
    raw.on('close', end);
    unsubscribe = feed.subscribe({
      cursor,
      sees: (event) => eventInSight(actor, event),
      deliver: (change) => {
        if (ended) return;
        raw.write(message(change));
        if (raw.writableLength > MAX_BUFFERED_BYTES) end();
      },
    });
    // The person is checked again every second (from this process's memory of sessions, which reads the store
    // at most every SIGNED_IN_CACHE_MS), so a stream ends within 3 s of its session or account, wherever that
    // ended; a comment keeps the line open every `heartbeatMs`.
    const checkMs = Math.min(heartbeatMs, PERSON_CHECK_MS);
    let sinceHeartbeatMs = 0;
    heartbeat = setInterval(() => {
      void currentUser(request, clock()).then((user) => {
        if (ended) return;
        if (!user) return end();
        actor = actorOf(user);
        sinceHeartbeatMs += checkMs;
        if (sinceHeartbeatMs < heartbeatMs) return;
        sinceHeartbeatMs = 0;
        raw.write(': heartbeat\n\n');
      });
    }, checkMs);
    heartbeat.unref();
  });
};
