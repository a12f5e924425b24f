import type { Executor } from './executor.ts';

export interface SavedViewRow {
  id: number;
  name: string;
  filter: Record<string, unknown>;
  created_at: Date;
}

export async function listSavedViews(db: Executor, userId: number): Promise<SavedViewRow[]> {
  return db
    .selectFrom('saved_views')
    .select(['id', 'name', 'filter', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
}

export async function countSavedViews(db: Executor, userId: number): Promise<number> {
  const row = await db
    .selectFrom('saved_views')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Adds a view; undefined when the person already has one of that name (nothing is written). */
export async function insertSavedView(
  db: Executor,
  userId: number,
  view: { name: string; filter: Record<string, unknown> },
): Promise<SavedViewRow | undefined> {
  return db
    .insertInto('saved_views')
    .values({ user_id: userId, name: view.name, filter: JSON.stringify(view.filter) })
    .onConflict((conflict) => conflict.columns(['user_id', 'name']).doNothing())
    .returning(['id', 'name', 'filter', 'created_at'])
    .executeTakeFirst();
}

/** Deletes one of the person's own views; false when they have none with that id. */
export async function deleteSavedView(db: Executor, userId: number, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom('saved_views')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
