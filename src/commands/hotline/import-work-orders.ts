import { findCatalogueItemDefinition } from '../../db/repositories/catalogue.ts';
import type { Executor } from '../../db/repositories/executor.ts';
import { findOrder, type SourceHolder } from '../../db/repositories/hotline.ts';
import type { AreaLocator } from '../../domain/area-locator.ts';
import {
  changedFields,
  type OrderProblem,
  REQUEST_TYPES,
  readWorkOrder,
  type StoredOrder,
  type WorkOrder,
} from '../../domain/hotline.ts';
import { resolvePlace } from '../events/resolve-place.ts';
import { receiveWorkOrder } from './receive-work-order.ts';

/** One line of a backlog, as read from the file: its number in the file and its fields by name. */
export interface BacklogLine {
  line: number;
  fields: Record<string, unknown>;
}

/** What became (or, in a dry run, would become) of one line. */
export type ImportedLine =
  | {
      line: number;
      orderNo: string;
      outcome: 'created' | 'updated' | 'unchanged';
      changed: string[];
      eventId: string | null;
    }
  | {
      line: number;
      orderNo: string | null;
      outcome: 'refused';
      reason: 'fields' | 'unknown_catalogue_item' | 'place' | 'refused';
      problems: OrderProblem[];
      detail: string | null;
    };

export interface ImportReport {
  dryRun: boolean;
  counts: { created: number; updated: number; unchanged: number; refused: number };
  lines: ImportedLine[];
}

function storedOf(order: WorkOrder): StoredOrder {
  return {
    requestType: order.requestType,
    urgency: order.urgency,
    callerName: order.callerName,
    callerPhone: order.callerPhone,
    address: order.address,
    content: order.content,
    dueAt: order.dueAt,
  };
}

/**
 * What a pushed order would become, without writing: the order read as `receiveWorkOrder` reads it, its item
 * and its place checked as `reportEvent` checks them, and compared with the stored order (or with an earlier
 * line of the same file) to tell a creation from an update.
 */
async function foresee(
  db: Executor,
  locator: AreaLocator,
  holder: SourceHolder,
  line: number,
  order: WorkOrder,
  earlier: StoredOrder | undefined,
): Promise<ImportedLine> {
  const itemCode = order.catalogueItemCode ?? REQUEST_TYPES[order.requestType].item;
  if (!(await findCatalogueItemDefinition(db, itemCode))) {
    return {
      line,
      orderNo: order.orderNo,
      outcome: 'refused',
      reason: 'unknown_catalogue_item',
      problems: [],
      detail: itemCode,
    };
  }
  const place = await resolvePlace(db, locator, { location: order.location, areaCode: order.areaCode });
  if ('problem' in place) {
    return {
      line,
      orderNo: order.orderNo,
      outcome: 'refused',
      reason: 'place',
      problems: [],
      detail: place.problem,
    };
  }
  const stored = earlier ?? (await findOrder(db, holder.sourceId, order.orderNo));
  const changed = stored ? changedFields(stored, order) : [];
  return {
    line,
    orderNo: order.orderNo,
    outcome: !stored ? 'created' : changed.length > 0 ? 'updated' : 'unchanged',
    changed,
    eventId: null,
  };
}

/**
 * A source's backlog, line by line in the file's order, each through `receiveWorkOrder` as if the hotline had
 * pushed it, so the same order number is the same event and importing a file twice changes nothing. A dry run
 * writes nothing and says what each line would become and why a refused one is refused.
 */
export async function importWorkOrders(
  db: Executor,
  locator: AreaLocator,
  holder: SourceHolder,
  backlog: readonly BacklogLine[],
  options: { dryRun: boolean },
  now: Date,
): Promise<ImportReport> {
  const lines: ImportedLine[] = [];
  const seen = new Map<string, StoredOrder>();
  for (const { line, fields } of backlog) {
    const read = readWorkOrder(fields);
    if (!read.ok) {
      const orderNo =
        typeof fields.orderNo === 'string' && fields.orderNo.trim() !== '' ? fields.orderNo.trim() : null;
      lines.push({
        line,
        orderNo,
        outcome: 'refused',
        reason: 'fields',
        problems: read.problems,
        detail: null,
      });
      continue;
    }
    const { order } = read;
    if (options.dryRun) {
      const foreseen = await foresee(db, locator, holder, line, order, seen.get(order.orderNo));
      if (foreseen.outcome !== 'refused') seen.set(order.orderNo, storedOf(order));
      lines.push(foreseen);
      continue;
    }
    const outcome = await receiveWorkOrder(db, locator, holder, order, now);
    lines.push(
      outcome.ok
        ? {
            line,
            orderNo: order.orderNo,
            outcome: outcome.outcome,
            changed: outcome.changed,
            eventId: outcome.eventId,
          }
        : {
            line,
            orderNo: order.orderNo,
            outcome: 'refused',
            reason: outcome.reason,
            problems: [],
            detail: outcome.detail,
          },
    );
  }
  const counts = { created: 0, updated: 0, unchanged: 0, refused: 0 };
  for (const line of lines) counts[line.outcome] += 1;
  return { dryRun: options.dryRun, counts, lines };
}
