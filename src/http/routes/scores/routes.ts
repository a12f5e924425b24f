import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { departmentScores } from '../../../commands/scores/department-scores.ts';
import { rateDepartment, type StreetRatingOutcome } from '../../../commands/scores/rate-department.ts';
import { changeScoreRule } from '../../../commands/scores/save-score-rule.ts';
import { changeScoreSettings } from '../../../commands/scores/save-score-settings.ts';
import {
  listScoreEntries,
  readScoreRules,
  readScoreSettings,
  type ScoreSettings,
  type StoredScoreRule,
} from '../../../db/repositories/scores.ts';
import { eventSightOf } from '../../../domain/event-sight.ts';
import { chinaYearOf } from '../../../domain/scores.ts';
import type { HttpContext } from '../../context.ts';
import { ensurePermitted, ownPlace } from '../../guard.ts';
import { actorOf, requireUser } from '../../plugins/authentication.ts';
import { type Problem, problems } from '../../problem.ts';
import {
  changeRuleSchema,
  changeSettingsSchema,
  departmentScoresSchema,
  entriesSchema,
  rateDepartmentSchema,
  rulesSchema,
  settingsSchema,
} from './schema.ts';

// Rating a department is decided by `streetRatingRefusal`: a street head, for their own street only.
const READ = 'score:read';
const MANAGE = 'score:manage';

function presentRule(rule: StoredScoreRule) {
  return {
    code: rule.code,
    name: rule.name,
    points: rule.points,
    active: rule.active,
    updatedAt: rule.updatedAt.toISOString(),
  };
}

function presentSettings(settings: ScoreSettings) {
  return {
    streetEvaluationWeight: settings.streetEvaluationWeight,
    updatedAt: settings.updatedAt.toISOString(),
  };
}

function ratingProblem(outcome: Exclude<StreetRatingOutcome, { ok: true }>): Problem {
  switch (outcome.reason) {
    case 'street_not_found':
    case 'department_not_found':
      return problems.notFound();
    case 'role_may_not':
      return problems.notPermitted(
        {
          'zh-CN': '只有街道主任（书记）可以对区职能部门评分（下考上）。',
          en: "Only a street's head rates the district departments (下考上).",
        },
        { reason: outcome.reason },
      );
    case 'not_their_street':
      return problems.notPermitted(
        {
          'zh-CN': '只能以您所在街道的名义评分。',
          en: 'You rate only for the street you head.',
        },
        { reason: outcome.reason },
      );
    case 'not_a_street':
      return problems.invalidRequest(
        { 'zh-CN': '评分须以街道的名义作出。', en: 'Ratings are given by a street.' },
        { reason: outcome.reason },
      );
    case 'not_a_district_department':
      return problems.invalidRequest(
        {
          'zh-CN': '街道只对区职能部门评分，不对街道科室评分。',
          en: 'Streets rate district departments, not street offices.',
        },
        { reason: outcome.reason },
      );
    case 'score_out_of_range':
      return problems.invalidRequest(
        { 'zh-CN': '评分须在 0 到 100 之间。', en: 'A rating is between 0 and 100.' },
        { reason: outcome.reason },
      );
    case 'not_this_year':
      return problems.conflict(
        {
          'zh-CN': `只能在当年（${outcome.currentYear} 年）内评分或修改评分。`,
          en: `Ratings are given and changed within their year only (now ${outcome.currentYear}).`,
        },
        { reason: outcome.reason, currentYear: outcome.currentYear },
      );
  }
}

export const scoreRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, { db, clock }) => {
  app.get('/api/v1/scores/rules', { schema: rulesSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, READ, ownPlace(actor));
    const rules = await readScoreRules(db);
    return { rules: rules.map(presentRule), settings: presentSettings(await readScoreSettings(db)) };
  });

  app.put('/api/v1/scores/rules/:code', { schema: changeRuleSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, MANAGE, ownPlace(actor));
    const rule = await changeScoreRule(db, request.params.code, request.body, actor.userId, clock());
    if (!rule) throw problems.notFound();
    return presentRule(rule);
  });

  app.get('/api/v1/scores/settings', { schema: settingsSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, READ, ownPlace(actor));
    return presentSettings(await readScoreSettings(db));
  });

  app.put('/api/v1/scores/settings', { schema: changeSettingsSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, MANAGE, ownPlace(actor));
    return presentSettings(await changeScoreSettings(db, request.body, actor.userId, clock()));
  });

  app.put('/api/v1/scores/street-ratings', { schema: rateDepartmentSchema }, async (request, reply) => {
    const actor = actorOf(requireUser(request));
    const outcome = await rateDepartment(db, actor, request.body, clock());
    if (!outcome.ok) throw ratingProblem(outcome);
    const { rating } = outcome;
    return reply.status(outcome.created ? 201 : 200).send({
      streetCode: rating.streetCode,
      departmentCode: rating.departmentCode,
      year: rating.year,
      score: rating.score,
      comment: rating.comment,
      ratedAt: rating.ratedAt.toISOString(),
    });
  });

  app.get('/api/v1/scores/departments', { schema: departmentScoresSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, READ, ownPlace(actor));
    const year = request.query.year ?? chinaYearOf(clock());
    return departmentScores(
      db,
      { areaPath: actor.areaPath ?? '', departmentCode: actor.departmentCode },
      year,
      request.query.kind,
    );
  });

  app.get('/api/v1/scores/entries', { schema: entriesSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, READ, ownPlace(actor));
    const query = request.query;
    const sight = eventSightOf(actor);
    const rows = await listScoreEntries(db, {
      sight: { areaPath: sight.areaPath, departmentCode: sight.departmentCode },
      unitCode: query.unit,
      eventId: query.event,
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
      afterId: query.after,
      limit: query.limit,
    });
    const last = rows.at(-1);
    return {
      items: rows.map((row) => ({
        id: row.id,
        event: { id: row.eventId, trackingCode: row.trackingCode },
        fact: { seq: row.eventSeq, type: row.factType },
        unit: { code: row.unitCode, kind: row.unitKind },
        rule: { code: row.ruleCode, name: row.ruleName },
        points: row.points,
        at: row.at.toISOString(),
      })),
      next: rows.length === query.limit && last ? last.id : null,
    };
  });
};
