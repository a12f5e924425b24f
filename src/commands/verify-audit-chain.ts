import {
  eventsOutOfStepWithLog,
  readLogHead,
  readSealedPage,
  readUnsealedEntries,
} from '../db/repositories/event-log.ts';
import type { Executor } from '../db/repositories/executor.ts';
import { type ChainBreak, ChainVerifier } from '../domain/audit-chain.ts';

export interface AuditReport {
  /** Sealed entries verified, in seal order. */
  checked: number;
  /** Entries written since the last seal, verified against their events' chains. */
  awaitingSeal: number;
  /** The last seal's hash: record it outside the database, it anchors everything before it. */
  lastHash: string | null;
  broken: ChainBreak | null;
  eventsOutOfStep: string[];
}

const PAGE = 5000;

/**
 * Walks the whole sealed log in order, checking every seal, entry hash and event link, then the head, then the
 * entries still waiting for their seal, then the read table against the log.
 */
export async function verifyAuditChain(
  db: Executor,
  onPage: (checked: number) => void = () => {},
): Promise<AuditReport> {
  const verifier = new ChainVerifier();
  let after = 0;
  for (;;) {
    const page = await readSealedPage(db, after, PAGE);
    if (page.length === 0) break;
    if (verifier.check(page)) break;
    after = page.at(-1)?.seal.sealPosition ?? after;
    onPage(verifier.checked);
  }
  const broken =
    verifier.finish(await readLogHead(db)) ?? verifier.checkUnsealed(await readUnsealedEntries(db));
  return {
    checked: verifier.checked,
    awaitingSeal: verifier.unsealedChecked,
    lastHash: verifier.lastHash,
    broken,
    eventsOutOfStep: broken ? [] : await eventsOutOfStepWithLog(db),
  };
}
