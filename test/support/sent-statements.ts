import { type KyselyPlugin, PostgresQueryCompiler, type QueryId } from 'kysely';

export interface SentStatement {
  sql: string;
  parameters: number;
}

/**
 * A plugin that records each statement sent, with how many bind parameters it carries. A query is recorded when
 * its result comes back: the parts of a statement (src/db/repositories/executor.ts, `writeTogether`) pass through
 * plugins too, without being sent on their own.
 */
export function recordSentStatements(statements: SentStatement[]): KyselyPlugin {
  const compiler = new PostgresQueryCompiler();
  const built = new Map<QueryId, SentStatement>();
  return {
    transformQuery({ node, queryId }) {
      const compiled = compiler.compileQuery(node, queryId);
      built.set(queryId, { sql: compiled.sql, parameters: compiled.parameters.length });
      return node;
    },
    transformResult: async ({ result, queryId }) => {
      const sent = built.get(queryId);
      if (sent) statements.push(sent);
      built.delete(queryId);
      return result;
    },
  };
}
