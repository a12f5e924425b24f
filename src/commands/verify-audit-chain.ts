import { eventsOutOfStepWithLog, readLogHead, readLogPage } from '../db/repositories/event-log.ts';
import type { Executor } from '../db/repositories/executor.ts';
import { type ChainBreak, ChainVerifier } from '../domain/audit-chain.ts';

export interface AuditReport {
  checked: number;
  lastHash: string | null;
  broken: ChainBreak | null;
  eventsOutOfStep: string[];
}

const PAGE = 5000;

/** Walks the whole log in order, checking every hash and link, then the head and the read table against it. */
export async function verifyAuditChain(
  db: Executor,
  onPage: (checked: number) => void = () => {},
): Promise<AuditReport> {
  const verifier = new ChainVerifier();
  let after = 0;
  for (;;) {
    const page = await readLogPage(db, after, PAGE);
    if (page.length === 0) break;
    if (verifier.check(page)) break;
    after = page.at(-1)?.position ?? after;
    onPage(verifier.checked);
  }
  const broken = verifier.finish(await readLogHead(db));
  return {
    checked: verifier.checked,
    lastHash: verifier.lastHash,
    broken,
    eventsOutOfStep: broken ? [] : await eventsOutOfStepWithLog(db),
  };
}
