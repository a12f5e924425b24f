import { findArea } from '../../db/repositories/areas.ts';
import { findDepartment, streetOfficesOf } from '../../db/repositories/departments.ts';
import type { Executor } from '../../db/repositories/executor.ts';
import { codeAtLevel } from '../../domain/areas.ts';
import { type CatalogueItem, suggestedUnits } from '../../domain/catalogue.ts';
import type { EventState, Unit } from '../../domain/events.ts';

/** A unit with the name a person reads. */
export interface NamedUnit extends Unit {
  name: string;
}

/**
 * A unit named by its code, with its name: an active department or street office by its code, a community by
 * its area code.
 */
export async function describeUnitCode(db: Executor, code: string): Promise<NamedUnit | null> {
  const department = await findDepartment(db, code);
  // A unit stood down is no longer sent anything.
  if (department && !department.active) return null;
  if (department) {
    return {
      kind: department.kind,
      code: department.code,
      name: department.name,
      areaPath: department.area_path,
    };
  }
  const area = await findArea(db, code);
  if (area?.level === 'community')
    return { kind: 'community', code: area.code, name: area.name, areaPath: area.path };
  return null;
}

/** A unit named by its code: a department or street office by its code, a community by its area code. */
export async function resolveUnitCode(db: Executor, code: string): Promise<Unit | null> {
  const unit = await describeUnitCode(db, code);
  return unit && { kind: unit.kind, code: unit.code, areaPath: unit.areaPath };
}

/**
 * The units the event's item suggests (its copy on the event, so a later catalogue edit changes nothing): its
 * responsible unit where the event lies, and its fallback department; a code the register does not hold is null.
 */
export async function suggestedUnitsFor(
  db: Executor,
  event: Pick<EventState, 'areaPath'>,
  item: Pick<CatalogueItem, 'responsibleUnit' | 'fallbackDepartment'>,
): Promise<{ responsible: NamedUnit | null; fallback: NamedUnit | null }> {
  const streetCode = codeAtLevel(event.areaPath, 'street');
  const suggested = suggestedUnits(item, {
    streetOffices: (streetCode === null ? [] : await streetOfficesOf(db, streetCode)).map((office) => ({
      code: office.code,
      name: office.name,
      officeKind: office.office_kind,
    })),
    communityCode: codeAtLevel(event.areaPath, 'community'),
  });
  const named = async (unit: { kind: Unit['kind']; code: string } | null) => {
    if (unit === null) return null;
    const found = await describeUnitCode(db, unit.code);
    return found?.kind === unit.kind ? found : null;
  };
  return { responsible: await named(suggested.responsible), fallback: await named(suggested.fallback) };
}

/** Every unit an event was ever sent to, lead or assisting, so that its page can name each one. */
export function unitCodesOfEvent(
  state: Pick<EventState, 'lead' | 'assisting'>,
  log: readonly { factType: string; fact: unknown }[],
): string[] {
  const units = [state.lead, ...state.assisting];
  for (const entry of log) {
    if (entry.factType !== 'dispatched' && entry.factType !== 'whistled') continue;
    const sent = entry.fact as { lead: Unit; assisting: Unit[] };
    units.push(sent.lead, ...sent.assisting);
  }
  return [...new Set(units.filter((unit): unit is Unit => unit !== null).map((unit) => unit.code))];
}
