import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchedEvents, runCommand, streetDispatcher } from '../../test/support/events.ts';
import { createPerson, seedSmallDistrict } from '../../test/support/factories.ts';
import { openTestStore, removeStoreFolder, type TestStore } from '../../test/support/test-store.ts';
import { verifyAuditChain } from '../commands/verify-audit-chain.ts';
import { readEventFacts } from '../db/repositories/event-log.ts';
import type { Actor } from '../domain/permissions.ts';
import { sweepDeadlines } from './deadline-sweeper.ts';

let store: TestStore;
const dispatchedAt = new Date('2026-11-25T02:00:00Z');
const minutes = (n: number) => new Date(dispatchedAt.getTime() + n * 60_000);

async function factTypes(eventId: string): Promise<string[]> {
  return (await readEventFacts(store.db, eventId)).map((entry) => entry.factType);
}

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
});

afterAll(async () => {
  await store.close();
});

describe('the deadline sweeper', () => {
  it('writes the running deadline on the row when a case is dispatched', async () => {
    const [id] = await dispatchedEvents(
      store.db,
      await streetDispatcher(store.db, 'dispatcher.a'),
      1,
      dispatchedAt,
    );
    const row = await store.db
      .selectFrom('events')
      .select(['deadline_step', 'warn_at', 'due_at', 'warned_at', 'passed_at'])
      .where('id', '=', id!)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      deadline_step: 'accept',
      warn_at: minutes(48),
      due_at: minutes(60),
      warned_at: null,
      passed_at: null,
    });
  });

  it('records the warning at 80 % and the limit when passed, each once, however often it sweeps', async () => {
    const [id] = await dispatchedEvents(
      store.db,
      await streetDispatcher(store.db, 'dispatcher.b'),
      1,
      dispatchedAt,
    );
    await sweepDeadlines(store.db, minutes(47));
    expect(await factTypes(id!)).not.toContain('deadline_warned');
    await sweepDeadlines(store.db, minutes(50));
    await sweepDeadlines(store.db, minutes(51));
    expect((await factTypes(id!)).filter((type) => type === 'deadline_warned')).toHaveLength(1);
    await sweepDeadlines(store.db, minutes(61));
    await sweepDeadlines(store.db, minutes(90));
    const types = await factTypes(id!);
    expect(types.filter((type) => type === 'deadline_passed')).toHaveLength(1);
    const row = await store.db
      .selectFrom('events')
      .select(['passed_at', 'snapshot'])
      .where('id', '=', id!)
      .executeTakeFirstOrThrow();
    expect(row.passed_at).toEqual(minutes(61));
    expect((row.snapshot as { overdueCount: number }).overdueCount).toBe(1);
  });

  it('two sweepers racing over the same due deadlines record each exactly once', async () => {
    const ids = await dispatchedEvents(
      store.db,
      await streetDispatcher(store.db, 'dispatcher.c'),
      30,
      minutes(1000),
    );
    const due = new Date(minutes(1000).getTime() + 2 * 3_600_000);
    const [first, second] = await Promise.all([sweepDeadlines(store.db, due), sweepDeadlines(store.db, due)]);
    let leftover = await sweepDeadlines(store.db, due);
    while (leftover.skipped > 0) leftover = await sweepDeadlines(store.db, due);
    expect(first!.passed + second!.passed + leftover.passed).toBe(30);
    for (const id of ids) {
      expect((await factTypes(id)).filter((type) => type === 'deadline_passed')).toHaveLength(1);
    }
    expect((await verifyAuditChain(store.db)).broken).toBeNull();
  });

  it('an accepted case starts its handle deadline; the accept limit no longer runs', async () => {
    const [id] = await dispatchedEvents(
      store.db,
      await streetDispatcher(store.db, 'dispatcher.d'),
      1,
      minutes(3000),
    );
    const officerId = await createPerson(store.db, 'officer.s1law', 'department_officer', {
      departmentCode: 'S1-LAW',
    });
    const officer: Actor = {
      userId: officerId,
      roles: ['department_officer'],
      areaPath: 'D/S1',
      departmentCode: 'S1-LAW',
    };
    const accepted = await runCommand(store.db, id!, { type: 'accept' }, officer, minutes(3030));
    expect(accepted.ok).toBe(true);
    const row = await store.db
      .selectFrom('events')
      .select(['deadline_step', 'due_at'])
      .where('id', '=', id!)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ deadline_step: 'handle', due_at: minutes(3030 + 240) });
    await sweepDeadlines(store.db, minutes(3100));
    expect(await factTypes(id!)).not.toContain('deadline_passed');
    await sweepDeadlines(store.db, minutes(3300));
    // The street sent it to its own office: past the limit, the district takes it up (the default overdue rule).
    expect((await readEventFacts(store.db, id!)).slice(-2).map((entry) => entry.fact)).toEqual([
      {
        type: 'deadline_passed',
        step: 'handle',
        dueAt: minutes(3270).toISOString(),
        notifySupervision: true,
      },
      { type: 'overdue_escalated', fromLevel: 'street', toLevel: 'district' },
    ]);
  });
});

describe('a sweeper killed in the middle of a sweep', () => {
  it('loses nothing and doubles nothing: the next sweep records every point exactly once', async () => {
    const killStore = await openTestStore({ onDisk: true });
    await seedSmallDistrict(killStore.db);
    const ids = await dispatchedEvents(killStore.db, await streetDispatcher(killStore.db), 5, dispatchedAt);
    const due = minutes(120);
    if (killStore.kind === 'embedded') await killStore.close();

    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/sweep-until-killed.ts'], {
      env: { ...process.env, ...killStore.childEnv, SWEEP_AT: due.toISOString() },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('HANGING')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`the sweeper exited (${code}) before it hung`)));
    });
    child.kill('SIGKILL');
    await once(child, 'exit');

    const after = killStore.kind === 'embedded' ? await killStore.reopen() : killStore;
    try {
      const passedBefore = await after.db
        .selectFrom('event_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('fact_type', '=', 'deadline_passed')
        .executeTakeFirstOrThrow();
      // The first transaction's two points were committed, the next two died with theirs.
      expect(Number(passedBefore.n)).toBe(2);
      await sweepDeadlines(after.db, due);
      for (const id of ids) {
        const types = (await readEventFacts(after.db, id)).map((entry) => entry.factType);
        expect(types.filter((type) => type === 'deadline_passed')).toHaveLength(1);
      }
      expect((await verifyAuditChain(after.db)).broken).toBeNull();
    } finally {
      await after.close();
      await removeStoreFolder(after);
    }
  });
});
