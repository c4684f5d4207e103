import { locale, t } from '../../i18n.ts';
import type { Cell, ColumnKind } from './types.ts';

const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });

/** A duration in seconds in words a person reads at a glance: "45 s", "12 min", "3.5 h", "4.2 d". */
export function duration(seconds: number): string {
  if (seconds < 90) return t('insight.unit.seconds', { n: Math.round(seconds) });
  if (seconds < 90 * 60) return t('insight.unit.minutes', { n: Math.round(seconds / 60) });
  if (seconds < 48 * 3600) return t('insight.unit.hours', { n: decimal.format(Math.round((seconds / 3600) * 10) / 10) });
  return t('insight.unit.days', { n: decimal.format(Math.round((seconds / 86_400) * 10) / 10) });
}

/** One cell as text, by its column's kind ("—" where there is no figure). */
export function formatCell(value: Cell, kind: ColumnKind): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? t('insight.yes') : t('insight.no');
  if (typeof value === 'string') return value;
  switch (kind) {
    case 'count':
      return count.format(value);
    case 'percent':
      return percent.format(value);
    case 'seconds':
      return duration(value);
    default:
      return decimal.format(value);
  }
}

/** A column's heading. */
export function columnLabel(key: string): string {
  if (key.startsWith('lang_')) return t('insight.col.lang', { lang: key.slice(5) });
  return t(`insight.col.${key}`);
}
