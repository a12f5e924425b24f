import { randomUUID } from 'node:crypto';
import { reportEvent } from '../../src/commands/events/report-event.ts';
import { type EventCommandRequest, runEventCommand } from '../../src/commands/events/run-event-command.ts';
import { saveCatalogueItem } from '../../src/db/repositories/catalogue.ts';
import type { Executor } from '../../src/db/repositories/executor.ts';
import { buildAreaLocator } from '../../src/domain/area-locator.ts';
import type { CatalogueItem } from '../../src/domain/catalogue.ts';
import type { EventCommand } from '../../src/domain/lifecycle.ts';
import type { Actor } from '../../src/domain/permissions.ts';
import { createPerson, smallDistrict } from './factories.ts';

/** A lifecycle command as a caller gives it to the use case: units by their codes, a place by point or code. */
export function commandRequest(command: Exclude<EventCommand, { type: 'report' }>): EventCommandRequest {
  switch (command.type) {
    case 'dispatch':
    case 'whistle':
      return { ...command, lead: command.lead.code, assisting: command.assisting.map((unit) => unit.code) };
    case 'locate':
      return {
        type: 'locate',
        location: command.location,
        areaCode: command.location ? null : command.areaCode,
      };
    default:
      return command;
  }
}

/** Gives a command on an event of the small district through the use case, as any caller would. */
export function runCommand(
  db: Executor,
  eventId: string,
  command: Exclude<EventCommand, { type: 'report' }>,
  actor: Actor,
  at: Date,
) {
  return runEventCommand(db, buildAreaLocator(smallDistrict), eventId, commandRequest(command), actor, at);
}

/** An item whose steps are timed on the clock (not working days), so that tests can pass them at will. */
export const HOURLY_ITEM: CatalogueItem = {
  code: 'T-HOURLY',
  classCode: '01',
  name: '测试事项',
  nameEn: 'Test item',
  responsibleUnit: { kind: 'street_office', office: 'law_enforcement' },
  fallbackDepartment: 'URBAN',
  priority: 'normal',
  limits: {
    accept: { unit: 'hours', amount: 1 },
    handle: { unit: 'hours', amount: 4 },
    verify: { unit: 'hours', amount: 2 },
  },
  standardRef: null,
};

export async function streetDispatcher(db: Executor, username = 'dispatcher.s1'): Promise<Actor> {
  const userId = await createPerson(db, username, 'street_dispatcher', { areaCode: 'S1' });
  return { userId, roles: ['street_dispatcher'], areaPath: 'D/S1', departmentCode: null };
}

/**
 * `count` hotline cases in grid G11, dispatched by the street to its law-enforcement office at `at`: each has a
 * running accept deadline of one hour (with the small district of test/support/factories.ts).
 */
export async function dispatchedEvents(
  db: Executor,
  dispatcher: Actor,
  count: number,
  at: Date,
  item: CatalogueItem = HOURLY_ITEM,
): Promise<string[]> {
  await saveCatalogueItem(db, item, true);
  const locator = buildAreaLocator(smallDistrict);
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const reported = await reportEvent(
      db,
      locator,
      dispatcher,
      {
        idempotencyKey: randomUUID(),
        requestHash: 'h',
        source: 'hotline',
        catalogueItemCode: item.code,
        description: `第 ${index} 号来电`,
        location: null,
        areaCode: 'G11',
        address: null,
        attachmentIds: [],
      },
      at,
    );
    if (!reported.ok) throw new Error(`report failed: ${JSON.stringify(reported)}`);
    const dispatched = await runCommand(
      db,
      reported.eventId,
      { type: 'dispatch', lead: { kind: 'street_office', code: 'S1-LAW', areaPath: 'D/S1' }, assisting: [] },
      dispatcher,
      at,
    );
    if (!dispatched.ok) throw new Error(`dispatch failed: ${JSON.stringify(dispatched)}`);
    ids.push(reported.eventId);
  }
  return ids;
}
