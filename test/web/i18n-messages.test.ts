import { describe, expect, it } from 'vitest';
import { LOCALES, MESSAGE_PARTS } from '../../web/src/i18n/parts.ts';

type Messages = { [key: string]: string | Messages };

function keysOf(messages: Messages, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`),
  );
}

function valuesOf(messages: Messages): string[] {
  return Object.values(messages).flatMap((value) => (typeof value === 'string' ? [value] : valuesOf(value)));
}

describe('the words of the screens', () => {
  it.each(Object.entries(MESSAGE_PARTS))('%s: English has exactly the keys Chinese has', (_name, part) => {
    const [chinese, english] = LOCALES.map((locale) => keysOf(part[locale] as Messages).sort());
    expect(english).toEqual(chinese);
  });

  it.each(Object.entries(MESSAGE_PARTS))('%s: no word is left empty', (_name, part) => {
    for (const locale of LOCALES) expect(valuesOf(part[locale] as Messages)).not.toContain('');
  });

  it.each(Object.entries(MESSAGE_PARTS))('%s: the Chinese words are Chinese', (_name, part) => {
    const chinese = valuesOf(part['zh-CN'] as Messages);
    const withHan = chinese.filter((value) => /\p{Script=Han}/u.test(value));
    // Codes, units and names like "12345" may stay as they are; the words a person reads must not be English.
    expect(withHan.length / chinese.length).toBeGreaterThan(0.8);
  });
});
