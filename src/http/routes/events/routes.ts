import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { mergeEvents } from '../../../commands/events/merge-events.ts';
import type { EventRefused } from '../../../commands/events/outcomes.ts';
import { reportEvent } from '../../../commands/events/report-event.ts';
import { type EventCommandRequest, runEventCommand } from '../../../commands/events/run-event-command.ts';
import { todoList } from '../../../commands/events/todo-list.ts';
import { suggestedUnitsFor, unitCodesOfEvent } from '../../../commands/events/units.ts';
import { attachmentsOfEvent } from '../../../db/repositories/attachments.ts';
import { unitNamesByCode } from '../../../db/repositories/departments.ts';
import { readEventFacts } from '../../../db/repositories/event-log.ts';
import {
  findEventRow,
  findNearbyOpenEventRows,
  listEventMapPoints,
  listEventRows,
  stateOfRow,
} from '../../../db/repositories/events.ts';
import { displayNames } from '../../../db/repositories/users.ts';
import { canonicalJson } from '../../../domain/canonical-json.ts';
import type { CatalogueItem } from '../../../domain/catalogue.ts';
import { DUPLICATE_WINDOW_DAYS, likelyDuplicates, searchBox } from '../../../domain/duplicates.ts';
import { eventInSight } from '../../../domain/event-sight.ts';
import type { EventState, GeoPoint } from '../../../domain/events.ts';
import { permittedCommands } from '../../../domain/permitted-commands.ts';
import { inputProblemText } from '../../../i18n/event-problems.ts';
import { REFUSAL_TEXT } from '../../../i18n/event-refusals.ts';
import type { HttpContext } from '../../context.ts';
import { actorOf, requireUser } from '../../plugins/authentication.ts';
import { presentEvent } from '../../presenters/event.ts';
import { type Problem, problems } from '../../problem.ts';
import { isStorableInstant } from '../../validation.ts';
import { eventListFilter } from './list-filter.ts';
import {
  COMMAND_BODIES,
  type CommandName,
  commandSchema,
  duplicatesSchema,
  getSchema,
  listSchema,
  mapSchema,
  reportSchema,
  todoSchema,
} from './schema.ts';

/** The most points one map answer holds; more are cut off (newest kept) and the answer says so. */
export const MAP_POINT_LIMIT = 5000;

/** The answer to a use case that did nothing: 404 out of sight, the lifecycle's refusal, or the input's problem. */
function refusalProblem(outcome: EventRefused): Problem {
  if ('notFound' in outcome) return problems.notFound();
  if ('problem' in outcome) {
    const text = inputProblemText(outcome.problem);
    const extensions = { reason: outcome.problem.reason };
    switch (outcome.problem.reason) {
      case 'not_permitted':
      case 'source_not_permitted':
        return problems.notPermitted(text, extensions);
      case 'idempotency_key_reused':
        return problems.conflict(text, extensions);
      default:
        return problems.invalidRequest(text, extensions);
    }
  }
  const text = REFUSAL_TEXT[outcome.refusal.reason];
  const extensions = { reason: outcome.refusal.reason };
  switch (outcome.refusal.kind) {
    case 'conflict':
      return problems.conflict(text, extensions);
    case 'forbidden':
      return problems.notPermitted(text, extensions);
    case 'invalid':
      return problems.invalidRequest(text, extensions);
  }
}

/** A command as the API names it and its body, as the use case takes it. */
function commandRequest(
  name: Exclude<CommandName, 'merge'>,
  body: Record<string, unknown>,
): EventCommandRequest {
  switch (name) {
    case 'locate':
      return {
        type: 'locate',
        location: (body.location as GeoPoint | undefined) ?? null,
        areaCode: (body.areaCode as string | undefined) ?? null,
      };
    case 'second-whistle':
      return { type: 'second_whistle', reason: body.reason as string };
    default:
      return { type: name, ...body } as EventCommandRequest;
  }
}

function encodeCursor(state: EventState): string {
  return Buffer.from(`${state.reportedAt.toISOString()}|${state.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { reportedAt: Date; id: string } {
  const [at = '', id = ''] = Buffer.from(cursor, 'base64url').toString().split('|');
  const reportedAt = new Date(at);
  // Only what encodeCursor writes: an instant the store can hold, written as toISOString writes it.
  const written = isStorableInstant(reportedAt) && reportedAt.toISOString() === at;
  if (!written || !/^[0-9a-f-]{36}$/.test(id)) {
    throw problems.invalidRequest({ 'zh-CN': '分页游标无效。', en: 'The cursor is not valid.' });
  }
  return { reportedAt, id };
}

export const eventRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (
  app,
  { db, clock, areaLocator },
) => {
  app.post('/api/v1/events', { schema: reportSchema }, async (request, reply) => {
    const actor = actorOf(requireUser(request));
    const body = request.body;
    const locator = await areaLocator.current();
    const outcome = await reportEvent(
      db,
      locator,
      actor,
      {
        idempotencyKey: request.headers['idempotency-key'],
        requestHash: createHash('sha256').update(canonicalJson(body)).digest('hex'),
        ...(body.source === undefined ? {} : { source: body.source }),
        catalogueItemCode: body.catalogueItemCode,
        description: body.description,
        location: body.location ?? null,
        areaCode: body.areaCode ?? null,
        address: body.address ?? null,
        attachmentIds: body.attachmentIds,
      },
      clock(),
    );
    if (!outcome.ok) throw refusalProblem(outcome);
    reply.header('location', `/api/v1/events/${outcome.eventId}`);
    return reply
      .status(outcome.replayed ? 200 : 201)
      .send({ id: outcome.eventId, trackingCode: outcome.trackingCode, replayed: outcome.replayed });
  });

  app.get('/api/v1/events', { schema: listSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    const now = clock();
    const query = request.query;
    const rows = await listEventRows(db, {
      ...(await eventListFilter(db, actor, query, now)),
      ...(query.cursor ? { before: decodeCursor(query.cursor) } : {}),
      limit: query.limit,
    });
    const states = rows.map(stateOfRow);
    const last = states.at(-1);
    return {
      items: states.map((state, index) => presentEvent(state, rows[index]!, now)),
      nextCursor: rows.length === query.limit && last ? encodeCursor(last) : null,
    };
  });

  app.get('/api/v1/events/map', { schema: mapSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    const now = clock();
    const filter = await eventListFilter(db, actor, request.query, now);
    const points = await listEventMapPoints(db, filter, now, MAP_POINT_LIMIT + 1);
    return {
      items: points.slice(0, MAP_POINT_LIMIT).map((point) => ({
        id: point.id,
        trackingCode: point.tracking_code,
        state: point.state,
        lng: point.lng,
        lat: point.lat,
        areaCode: point.area_code,
        overdue: point.overdue,
        catalogueItemName: point.catalogue_item_name,
      })),
      truncated: points.length > MAP_POINT_LIMIT,
    };
  });

  app.get('/api/v1/todo', { schema: todoSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    const now = clock();
    const items = await todoList(db, actor, now, request.query.limit);
    return {
      items: items.map(({ row, state, commands }) => ({
        ...presentEvent(state, row, now),
        permittedCommands: commands,
      })),
    };
  });

  app.get('/api/v1/events/:id', { schema: getSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    const now = clock();
    const row = await findEventRow(db, request.params.id);
    const state = row ? stateOfRow(row) : null;
    if (!row || !state || !eventInSight(actor, state)) throw problems.notFound();
    const log = await readEventFacts(db, state.id);
    const filed = row.catalogue_item as CatalogueItem;
    const nameOf = await displayNames(db, [
      ...new Set(log.map((entry) => entry.actorUserId).filter((id): id is number => id !== null)),
    ]);
    return {
      ...presentEvent(state, row, now),
      timeline: log.map((entry) => ({
        seq: entry.seq,
        type: entry.factType,
        at: entry.at,
        actor:
          entry.actorUserId === null
            ? null
            : {
                id: entry.actorUserId,
                displayName: nameOf.get(entry.actorUserId) ?? String(entry.actorUserId),
              },
        fact: entry.fact as Record<string, unknown>,
        hash: entry.hash,
      })),
      permittedCommands: permittedCommands(state, actor, now),
      suggestedUnits: await suggestedUnitsFor(db, state, filed),
      filedItem: { standardRef: filed.standardRef, limits: filed.limits },
      unitNames: await unitNamesByCode(db, unitCodesOfEvent(state, log)),
      attachments: (await attachmentsOfEvent(db, state.id)).map((file) => ({
        id: file.id,
        mediaType: file.media_type,
        uploadedAt: file.created_at.toISOString(),
      })),
    };
  });

  app.get('/api/v1/events/:id/duplicates', { schema: duplicatesSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    const now = clock();
    const row = await findEventRow(db, request.params.id);
    const state = row ? stateOfRow(row) : null;
    if (!row || !state || !eventInSight(actor, state)) throw problems.notFound();
    if (!state.location) return { items: [] };
    const windowMs = DUPLICATE_WINDOW_DAYS * 86_400_000;
    const candidates = await findNearbyOpenEventRows(db, {
      catalogueItemCode: state.catalogueItemCode,
      box: searchBox(state.location),
      from: new Date(state.reportedAt.getTime() - windowMs),
      to: new Date(state.reportedAt.getTime() + windowMs),
    });
    const rowById = new Map(candidates.map((candidate) => [candidate.id, candidate]));
    const matches = likelyDuplicates(
      state,
      candidates.map(stateOfRow).filter((candidate) => eventInSight(actor, candidate)),
    );
    return {
      items: matches.map((match) => ({
        ...presentEvent(match.event, rowById.get(match.event.id)!, now),
        distanceMeters: Math.round(match.distanceMeters),
      })),
    };
  });

  for (const name of Object.keys(COMMAND_BODIES) as CommandName[]) {
    app.post(`/api/v1/events/:id/${name}`, { schema: commandSchema(name) }, async (request) => {
      const actor = actorOf(requireUser(request));
      const now = clock();
      const body = request.body as Record<string, unknown>;
      const outcome =
        name === 'merge'
          ? await mergeEvents(db, request.params.id, body.intoEventId as string, actor, now)
          : await runEventCommand(
              db,
              await areaLocator.current(),
              request.params.id,
              commandRequest(name, body),
              actor,
              now,
            );
      if (!outcome.ok) throw refusalProblem(outcome);
      const row = await findEventRow(db, outcome.event.id);
      return presentEvent(outcome.event, row!, now);
    });
  }
};
