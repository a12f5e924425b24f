import type { Catalogue, CatalogueClass, CatalogueItem } from '../../domain/catalogue.ts';
import { type Executor, inBatches } from './executor.ts';

export async function countCatalogueClasses(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('catalogue_classes')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertCatalogue(db: Executor, catalogue: Catalogue): Promise<void> {
  for (const batch of inBatches(catalogue.classes, 500)) {
    await db
      .insertInto('catalogue_classes')
      .values(
        batch.map((c) => ({
          code: c.code,
          name: c.name,
          name_en: c.nameEn,
          kind: c.kind,
          standard_ref: c.standardRef,
        })),
      )
      .execute();
  }
  for (const batch of inBatches(catalogue.items, 500)) {
    await db
      .insertInto('catalogue_items')
      .values(
        batch.map((item) => ({
          code: item.code,
          class_code: item.classCode,
          name: item.name,
          definition: JSON.stringify(item),
        })),
      )
      .execute();
  }
}

/** The catalogue's classes, by code. */
export async function readCatalogueClasses(db: Executor): Promise<CatalogueClass[]> {
  const classes = await db.selectFrom('catalogue_classes').selectAll().orderBy('code').execute();
  return classes.map(
    (row): CatalogueClass => ({
      code: row.code,
      name: row.name,
      nameEn: row.name_en,
      kind: row.kind,
      standardRef: row.standard_ref,
    }),
  );
}

/** The whole active catalogue: a district's is a few hundred items, read at once and searched in memory. */
export async function readCatalogue(db: Executor): Promise<Catalogue> {
  const items = await db
    .selectFrom('catalogue_items')
    .select('definition')
    .where('active', '=', true)
    .orderBy('code')
    .execute();
  return { classes: await readCatalogueClasses(db), items: items.map((row) => row.definition) };
}

/** Every item, stopped ones too, with whether it is in use and how often it was edited: what an administrator manages. */
export async function readAllCatalogueItems(
  db: Executor,
): Promise<(CatalogueItem & { active: boolean; revision: number })[]> {
  const rows = await db
    .selectFrom('catalogue_items')
    .select(['definition', 'active', 'revision'])
    .orderBy('code')
    .execute();
  return rows.map((row) => ({ ...row.definition, active: row.active, revision: row.revision }));
}

/** Writes one item (new or replacing), counting its revisions. */
export async function saveCatalogueItem(db: Executor, item: CatalogueItem, active: boolean): Promise<number> {
  const row = await db
    .insertInto('catalogue_items')
    .values({
      code: item.code,
      class_code: item.classCode,
      name: item.name,
      definition: JSON.stringify(item),
      active,
    })
    .onConflict((conflict) =>
      conflict.column('code').doUpdateSet((eb) => ({
        class_code: eb.ref('excluded.class_code'),
        name: eb.ref('excluded.name'),
        definition: eb.ref('excluded.definition'),
        active: eb.ref('excluded.active'),
        revision: eb('catalogue_items.revision', '+', 1),
        updated_at: new Date(),
      })),
    )
    .returning('revision')
    .executeTakeFirstOrThrow();
  return row.revision;
}

export async function findCatalogueItemDefinition(
  db: Executor,
  code: string,
): Promise<CatalogueItem | undefined> {
  const row = await db
    .selectFrom('catalogue_items')
    .select('definition')
    .where('code', '=', code)
    .executeTakeFirst();
  return row?.definition;
}
