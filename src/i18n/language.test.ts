import { describe, expect, it } from 'vitest';
import { type Language, negotiateLanguage } from './language.ts';

const CASES: { rule: string; header: string | undefined; language: Language }[] = [
  { rule: 'no header speaks Chinese', header: undefined, language: 'zh-CN' },
  { rule: 'an empty header speaks Chinese', header: '', language: 'zh-CN' },
  { rule: 'plain en speaks English', header: 'en', language: 'en' },
  { rule: 'a regional English tag speaks English', header: 'en-US,en;q=0.9', language: 'en' },
  { rule: 'Chinese first speaks Chinese', header: 'zh-CN,zh;q=0.9,en;q=0.8', language: 'zh-CN' },
  {
    rule: 'an unknown first language falls to the English that follows',
    header: 'fr-FR,en;q=0.5',
    language: 'en',
  },
  { rule: 'weight beats order: zh at 0.8 beats en at 0.2', header: 'en;q=0.2,zh;q=0.8', language: 'zh-CN' },
  { rule: 'a language we do not speak falls back to Chinese', header: 'de', language: 'zh-CN' },
  { rule: 'q=0 means "not this one"', header: 'en;q=0', language: 'zh-CN' },
  { rule: 'the wildcard falls back to Chinese', header: '*', language: 'zh-CN' },
  { rule: 'tags are read without regard to case', header: 'EN-GB', language: 'en' },
  { rule: 'spaces after commas are ignored', header: 'de, en-US;q=0.7', language: 'en' },
  { rule: 'equal weights keep the order of the header', header: 'en;q=0.5,zh;q=0.5', language: 'en' },
  {
    rule: 'white space around the semicolon is allowed (RFC 9110 weight = OWS ";" OWS "q=")',
    header: 'de;q=0.9, en ; q=0.8',
    language: 'en',
  },
  {
    rule: 'a tag that merely starts with the letters en (enx) is not English',
    header: 'enx',
    language: 'zh-CN',
  },
];

describe('negotiateLanguage', () => {
  it.each(CASES)('$rule: $header → $language', ({ header, language }) => {
    expect(negotiateLanguage(header)).toBe(language);
  });
});
