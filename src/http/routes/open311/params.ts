import { parseOpen311Time } from '../../../domain/open311.ts';
import type { Language } from '../../../i18n/language.ts';
import { OPEN311_TEXTS } from '../../../i18n/open311.ts';

type Bilingual = Record<Language, string>;

/** An Open311 answer that is not a success: the spec's list of `{code, description}` with one HTTP status. */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 500,
    readonly descriptions: readonly Bilingual[],
  ) {
    super(descriptions[0]?.en ?? 'Open311 error');
  }
}

export const open311Errors = {
  notFound: (description: Bilingual) => new Open311Error(404, [description]),
  forbidden: (description: Bilingual) => new Open311Error(403, [description]),
  invalid: (descriptions: readonly Bilingual[]) => new Open311Error(400, descriptions),
};

/**
 * The parameters of one Open311 call, from the query and a form body alike, read by name with the spec's
 * conventions: an empty parameter counts as absent, and a parameter given twice is refused. Every problem is
 * collected, so that one 400 names all that must be fixed (`throwIfInvalid`).
 */
export class Open311Params {
  readonly problems: Bilingual[] = [];

  constructor(readonly params: URLSearchParams) {}

  text(name: string, max: number): string | null {
    const values = this.params.getAll(name).filter((value) => value.trim() !== '');
    if (values.length > 1) {
      this.problems.push(OPEN311_TEXTS.givenTwice(name));
      return null;
    }
    const value = values[0];
    if (value === undefined) return null;
    if (value.includes('\u0000') || !value.isWellFormed()) {
      this.problems.push(OPEN311_TEXTS.unstorable(name));
      return null;
    }
    if (value.length > max) {
      this.problems.push(OPEN311_TEXTS.tooLong(name, max));
      return null;
    }
    return value;
  }

  required(name: string, max: number): string | null {
    const value = this.text(name, max);
    if (value === null && !this.params.getAll(name).some((one) => one.trim() !== '')) {
      this.problems.push(OPEN311_TEXTS.required(name));
    }
    return value;
  }

  number(name: string, min: number, max: number): number | null {
    const text = this.text(name, 40);
    if (text === null) return null;
    const value = Number(text);
    if (!Number.isFinite(value) || value < min || value > max || !/^\s*[-+]?[0-9.eE+-]+\s*$/.test(text)) {
      this.problems.push(OPEN311_TEXTS.notANumber(name, min, max));
      return null;
    }
    return value;
  }

  wholeNumber(name: string, min: number, max: number): number | null {
    const text = this.text(name, 20);
    if (text === null) return null;
    if (!/^\d+$/.test(text.trim()) || Number(text) < min || Number(text) > max) {
      this.problems.push(OPEN311_TEXTS.notAWholeNumber(name, min, max));
      return null;
    }
    return Number(text);
  }

  time(name: string): Date | null {
    const text = this.text(name, 40);
    if (text === null) return null;
    const at = parseOpen311Time(text);
    if (at === null) this.problems.push(OPEN311_TEXTS.notATime(name));
    return at;
  }

  url(name: string): string | null {
    const text = this.text(name, 2000);
    if (text === null) return null;
    let protocol = '';
    try {
      protocol = new URL(text.trim()).protocol;
    } catch {}
    if (protocol !== 'http:' && protocol !== 'https:') {
      this.problems.push(OPEN311_TEXTS.notAUrl(name));
      return null;
    }
    return text.trim();
  }

  /** A comma-delimited list (`service_code=a,b`), without blanks; null when absent. */
  list(name: string): string[] | null {
    const text = this.text(name, 20_000);
    if (text === null) return null;
    const items = text
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    return items.length > 0 ? items : null;
  }

  /** `attribute[code]=value` pairs, empty values left out. */
  attributes(max: number): Map<string, string> {
    const values = new Map<string, string>();
    for (const key of new Set(this.params.keys())) {
      const match = /^attribute\[(.+)\]$/.exec(key);
      if (!match?.[1]) continue;
      const value = this.text(key, max + 1);
      if (value !== null) values.set(match[1], value);
    }
    return values;
  }

  problem(description: Bilingual): void {
    this.problems.push(description);
  }

  throwIfInvalid(): void {
    if (this.problems.length > 0) throw open311Errors.invalid(this.problems);
  }
}
