import type { EventPage } from '../../api/types.ts';

/** Names the units an event was sent to by the names its page carries; a code it does not carry stays a code. */
export function unitNamer(
  event: Pick<EventPage, 'unitNames'> | null,
  english: boolean,
): (code: string) => string {
  const names = new Map(
    (event?.unitNames ?? []).map((unit) => [unit.code, english ? unit.nameEn : unit.name]),
  );
  return (code) => names.get(code) ?? code;
}
