import { sql } from 'kysely';
import type { StoredArea } from '../../domain/area-import.ts';
import type { LocatableArea } from '../../domain/area-locator.ts';
import type { AreaBoundary, AreaLevel, AreaNode } from '../../domain/areas.ts';
import { boundingBoxOf } from '../../domain/geometry.ts';
import type { AreaRow } from '../schema.ts';
import { belowPathPattern, type Executor, inBatches } from './executor.ts';

export async function storedAreasByCode(db: Executor): Promise<Map<string, StoredArea>> {
  const rows = await db.selectFrom('areas').select(['code', 'level', 'path']).execute();
  return new Map(rows.map((row) => [row.code, { level: row.level, path: row.path }]));
}

export async function countAreas(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('areas')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Writes nodes by code (new ones added, known ones replaced) and then derives every path from the parent
 * links, so that a node moved under another parent carries its subtree along.
 */
export async function upsertAreas(db: Executor, nodes: readonly AreaNode[]): Promise<void> {
  for (const batch of inBatches(nodes, 1000)) {
    await db
      .insertInto('areas')
      .values(
        batch.map((node) => {
          const box = boundingBoxOf(node.boundary);
          return {
            code: node.code,
            name: node.name,
            level: node.level,
            parent_code: node.parentCode,
            path: node.code,
            boundary: JSON.stringify(node.boundary),
            min_lng: box.minLng,
            min_lat: box.minLat,
            max_lng: box.maxLng,
            max_lat: box.maxLat,
            households: node.households,
            population: node.population,
          };
        }),
      )
      .onConflict((conflict) =>
        conflict.column('code').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          parent_code: eb.ref('excluded.parent_code'),
          boundary: eb.ref('excluded.boundary'),
          min_lng: eb.ref('excluded.min_lng'),
          min_lat: eb.ref('excluded.min_lat'),
          max_lng: eb.ref('excluded.max_lng'),
          max_lat: eb.ref('excluded.max_lat'),
          households: eb.ref('excluded.households'),
          population: eb.ref('excluded.population'),
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
  }
  await sql`
    with recursive tree (code, path) as (
      select code, code from areas where parent_code is null
      union all
      select child.code, tree.path || '/' || child.code from areas child join tree on child.parent_code = tree.code
    )
    update areas set path = tree.path from tree where areas.code = tree.code and areas.path <> tree.path
  `.execute(db);
  await bumpAreaTreeVersion(db);
}

/** Tells every process's locator cache that the tree changed: they rebuild on their next check. */
async function bumpAreaTreeVersion(db: Executor): Promise<void> {
  await db
    .updateTable('area_tree_version')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .execute();
}

/** Redraws one area's boundary (and its box), and moves the tree's version on. */
export async function updateAreaBoundary(db: Executor, code: string, boundary: AreaBoundary): Promise<void> {
  const box = boundingBoxOf(boundary);
  await db
    .updateTable('areas')
    .set({
      boundary: JSON.stringify(boundary),
      min_lng: box.minLng,
      min_lat: box.minLat,
      max_lng: box.maxLng,
      max_lat: box.maxLat,
      updated_at: sql<Date>`now()`,
    })
    .where('code', '=', code)
    .execute();
  await bumpAreaTreeVersion(db);
}

export async function areaTreeVersion(db: Executor): Promise<number> {
  const row = await db.selectFrom('area_tree_version').select('version').executeTakeFirstOrThrow();
  return Number(row.version);
}

export async function locatableAreas(db: Executor): Promise<LocatableArea[]> {
  const rows = await db
    .selectFrom('areas')
    .select(['code', 'name', 'level', 'parent_code', 'boundary'])
    .execute();
  return rows.map((row) => ({
    code: row.code,
    name: row.name,
    level: row.level,
    parentCode: row.parent_code,
    boundary: row.boundary,
  }));
}

export async function findArea(db: Executor, code: string): Promise<AreaRow | undefined> {
  return db.selectFrom('areas').selectAll().where('code', '=', code).executeTakeFirst();
}

/** The codes of the roots of the tree (the districts), at most `limit` of them. */
export async function rootAreaCodes(db: Executor, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('areas')
    .select('code')
    .where('parent_code', 'is', null)
    .orderBy('code')
    .limit(limit)
    .execute();
  return rows.map((row) => row.code);
}

export async function findAreaPath(db: Executor, code: string): Promise<string | undefined> {
  const row = await db.selectFrom('areas').select('path').where('code', '=', code).executeTakeFirst();
  return row?.path;
}

export interface AreaListFilter {
  withinPath: string;
  parentCode?: string;
  level?: AreaLevel;
  /** The last code of the previous page. */
  after?: string;
  limit: number;
}

export async function listAreas(db: Executor, filter: AreaListFilter): Promise<AreaRow[]> {
  let query = db
    .selectFrom('areas')
    .selectAll()
    .where((eb) =>
      eb.or([eb('path', '=', filter.withinPath), eb('path', 'like', belowPathPattern(filter.withinPath))]),
    );
  if (filter.parentCode !== undefined) query = query.where('parent_code', '=', filter.parentCode);
  if (filter.level !== undefined) query = query.where('level', '=', filter.level);
  if (filter.after !== undefined) query = query.where('code', '>', filter.after);
  return query.orderBy('code').limit(filter.limit).execute();
}

/** The codes of the nodes strictly below `withinPath`, of one parent or one level, in code order. */
export async function areaCodesBelow(
  db: Executor,
  filter: { withinPath: string; parentCode?: string; level?: AreaLevel },
): Promise<string[]> {
  let query = db
    .selectFrom('areas')
    .select('code')
    .where('path', 'like', belowPathPattern(filter.withinPath));
  if (filter.parentCode !== undefined) query = query.where('parent_code', '=', filter.parentCode);
  if (filter.level !== undefined) query = query.where('level', '=', filter.level);
  const rows = await query.orderBy('code').execute();
  return rows.map((row) => row.code);
}

/** Every node of a subtree, parents before children, for export. */
export async function areasInSubtree(db: Executor, rootPath: string): Promise<AreaRow[]> {
  return db
    .selectFrom('areas')
    .selectAll()
    .where((eb) => eb.or([eb('path', '=', rootPath), eb('path', 'like', belowPathPattern(rootPath))]))
    .orderBy(sql`length(path) - length(replace(path, '/', ''))`)
    .orderBy('code')
    .execute();
}
