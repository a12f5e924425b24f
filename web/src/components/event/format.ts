import { useI18n } from 'vue-i18n';
import { durationParts } from './deadline.ts';

/** Dates and spans of time in the reader's language, for every event screen. */
export function useEventFormat() {
  const { t, locale } = useI18n();
  return {
    dateTime(iso: string | null | undefined): string {
      if (!iso) return '—';
      return new Date(iso).toLocaleString(locale.value, {
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
      });
    },
    time(iso: string | null | undefined): string {
      if (!iso) return '—';
      return new Date(iso).toLocaleTimeString(locale.value, {
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
      });
    },
    duration(ms: number): string {
      return durationParts(ms)
        .map((part) => t(`command.duration.${part.unit}`, { n: part.amount }))
        .join(locale.value === 'en' ? ' ' : '');
    },
  };
}
