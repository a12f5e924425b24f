import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { findAreaPath } from '../../../db/repositories/areas.ts';
import { insertPatrolPoints, ownPatrolPoints, patrolPointsWithin } from '../../../db/repositories/patrols.ts';
import { chinaDateOf, chinaDayBounds } from '../../../domain/calendar.ts';
import {
  PATROL_MAX_AGE_DAYS,
  PATROL_TRACK_MAX_POINTS,
  PATROLLING_ROLES,
  type PatrolPointProblem,
  patrolPointProblem,
} from '../../../domain/patrols.ts';
import type { HttpContext } from '../../context.ts';
import { ensurePermitted, ownPlace } from '../../guard.ts';
import { actorOf, requireUser } from '../../plugins/authentication.ts';
import { type Problem, problems } from '../../problem.ts';
import { ownTrackSchema, recordPointsSchema, tracksSchema } from './schema.ts';

function pointProblem(index: number, problem: PatrolPointProblem): Problem {
  const extensions = { index, reason: problem };
  return problem === 'in_future'
    ? problems.invalidRequest(
        {
          'zh-CN': `第 ${index + 1} 个点的时间晚于当前时间 5 分钟以上，请核对手机时间后重新发送。`,
          en: `Point ${index + 1} is timed more than 5 minutes in the future; check the phone's clock and send again.`,
        },
        extensions,
      )
    : problems.invalidRequest(
        {
          'zh-CN': `第 ${index + 1} 个点是 ${PATROL_MAX_AGE_DAYS} 天以前记录的，已不再接收，请删去后重新发送。`,
          en: `Point ${index + 1} was taken more than ${PATROL_MAX_AGE_DAYS} days ago and is no longer taken; leave it out and send again.`,
        },
        extensions,
      );
}

/** The China day asked for (today when none is), as an instant span; a date that does not exist is refused. */
function dayAsked(day: string | undefined, now: Date): { start: Date; end: Date } {
  const asked = day ?? chinaDateOf(now);
  const bounds = chinaDayBounds(asked);
  if (!bounds) {
    throw problems.invalidRequest({
      'zh-CN': `日期 ${asked} 不存在，请使用 YYYY-MM-DD 格式的真实日期。`,
      en: `There is no day ${asked}; give a real date as YYYY-MM-DD.`,
    });
  }
  return bounds;
}

export const patrolRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, { db, clock }) => {
  app.post('/api/v1/patrols/points', { schema: recordPointsSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, 'patrol:record', ownPlace(actor));
    const now = clock();
    const points = request.body.points.map((point, index) => {
      const at = new Date(point.at);
      const problem = patrolPointProblem(at, now);
      if (problem) throw pointProblem(index, problem);
      return { at, lng: point.lng, lat: point.lat, accuracy: point.accuracy ?? null };
    });
    const accepted = await insertPatrolPoints(db, actor.userId, points);
    return { accepted, duplicates: points.length - accepted };
  });

  app.get('/api/v1/patrols/mine', { schema: ownTrackSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, 'patrol:record', ownPlace(actor));
    const bounds = dayAsked(request.query.day, clock());
    const rows = await ownPatrolPoints(db, actor.userId, { from: bounds.start, to: bounds.end });
    return { points: rows.map((row) => ({ at: row.recorded_at.toISOString(), lng: row.lng, lat: row.lat })) };
  });

  app.get('/api/v1/patrols', { schema: tracksSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    const { area } = request.query;
    const areaPath = area === undefined ? actor.areaPath : ((await findAreaPath(db, area)) ?? null);
    ensurePermitted(actor, 'patrol:read', areaPath ? { areaPath } : null);
    const bounds = dayAsked(request.query.day, clock());
    const rows = await patrolPointsWithin(db, {
      withinPath: areaPath as string,
      roles: PATROLLING_ROLES,
      from: bounds.start,
      to: bounds.end,
      maxPerPerson: PATROL_TRACK_MAX_POINTS,
    });
    const tracks: {
      user: { id: number; displayName: string };
      areaCode: string;
      recordedPoints: number;
      points: { at: string; lng: number; lat: number }[];
    }[] = [];
    for (const row of rows) {
      let track = tracks.at(-1);
      if (track?.user.id !== row.user_id) {
        track = {
          user: { id: row.user_id, displayName: row.display_name },
          areaCode: row.area_code,
          recordedPoints: row.recorded_points,
          points: [],
        };
        tracks.push(track);
      }
      track.points.push({ at: row.recorded_at.toISOString(), lng: row.lng, lat: row.lat });
    }
    return { tracks };
  });
};
