import { createRequire } from 'node:module';

// canonicalize is CommonJS whose typings claim a default export it does not have.
const canonicalize = createRequire(import.meta.url)('canonicalize') as (input: unknown) => string | undefined;

/** RFC 8785 canonical JSON: the same bytes for the same value, whatever the order of its keys. */
export function canonicalJson(value: unknown): string {
  const canonical = canonicalize(value);
  if (canonical === undefined) throw new Error('not a JSON value');
  return canonical;
}
