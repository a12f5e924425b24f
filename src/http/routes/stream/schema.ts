import { Type } from 'typebox';
import { ProblemSchema } from '../../schemas.ts';

export const streamSchema = {
  tags: ['events'],
  summary: 'Live changes to the events in my sight (server-sent events)',
  description:
    'text/event-stream. Each change is `event: event-changed`, `id: <position in the event log>` and ' +
    '`data: {"eventId","trackingCode","state","type","at"}` (state: the event’s state now; type: the fact logged; ' +
    'at: when). A comment line is sent every 15 seconds to keep the line open. A client that reconnects with ' +
    'Last-Event-ID receives what it missed (the last 1,000 entries of the log at most). The stream ends when the ' +
    'session does.',
  headers: Type.Object({
    'last-event-id': Type.Optional(
      Type.String({ pattern: '^[0-9]{1,15}$', description: 'the id of the last change received' }),
    ),
  }),
  response: {
    200: {
      description: 'a stream of changes',
      content: { 'text/event-stream': { schema: Type.String() } },
    },
    400: ProblemSchema,
    401: ProblemSchema,
  },
};
