/** Small builders that keep the demo-city data files readable. */
import type { AttributeDatatype, LocalizedText, SeedAttribute, SeedService } from './types.ts';

export const PORTLAND = 'portland';
export const MULTNOMAH = 'multnomah';

/** Vietnamese, Traditional Chinese and Russian, in that order (the portal's other languages). */
export type MoreLanguages = readonly [vi: string, zhHant: string, ru: string];

/** English + Spanish text, and optionally Vietnamese, Traditional Chinese and Russian. */
export const tx = (en: string, es: string, more?: MoreLanguages): LocalizedText => ({ en, es, ...(more && { vi: more[0], 'zh-Hant': more[1], ru: more[2] }) });

/** Translations of a catalog entry's name and description, kept beside the data (see translations/). */
export interface EntryTranslations {
  name: MoreLanguages;
  description?: MoreLanguages;
}

/**
 * Adds the translations in `table` (keyed by id or code) to each entry's name and description.
 * Throws on a key that names no entry, so a renamed service cannot silently lose its translations.
 */
export function withTranslations<T extends { name: LocalizedText; description?: LocalizedText }>(entries: T[], keyOf: (entry: T) => string, table: Record<string, EntryTranslations>): T[] {
  const keys = new Set(entries.map(keyOf));
  const stray = Object.keys(table).filter((k) => !keys.has(k));
  if (stray.length) throw new Error(`translations for unknown catalog entries: ${stray.join(', ')}`);
  return entries.map((entry) => {
    const t = table[keyOf(entry)];
    if (!t) return entry;
    const add = (text: LocalizedText, [vi, zh, ru]: MoreLanguages): LocalizedText => ({ ...text, vi, 'zh-Hant': zh, ru });
    return { ...entry, name: add(entry.name, t.name), ...(entry.description && t.description && { description: add(entry.description, t.description) }) };
  });
}

/** A value of a list attribute. */
export const opt = (key: string, en: string, es: string): { key: string; name: LocalizedText } => ({ key, name: tx(en, es) });

export const YES_NO = [opt('yes', 'Yes', 'Sí'), opt('no', 'No', 'No')];
export const YES_NO_UNSURE = [...YES_NO, opt('unsure', 'Not sure', 'No estoy seguro/a')];

type AttrOptions = Partial<Pick<SeedAttribute, 'variable' | 'datatypeDescription'>>;

/** A free-form attribute (string, number, datetime, text). */
export function field(
  code: string,
  datatype: Exclude<AttributeDatatype, 'singlevaluelist' | 'multivaluelist'>,
  required: boolean,
  order: number,
  description: LocalizedText,
  options: AttrOptions = {},
): SeedAttribute {
  return { code, datatype, required, order, description, ...options };
}

/** A list attribute (singlevaluelist or multivaluelist). */
export function list(
  code: string,
  datatype: 'singlevaluelist' | 'multivaluelist',
  required: boolean,
  order: number,
  description: LocalizedText,
  values: Array<{ key: string; name: LocalizedText }>,
  options: AttrOptions = {},
): SeedAttribute {
  return { code, datatype, required, order, description, values, ...options };
}

/** An informational notice shown with the form (Open311 `variable=false`); no answer expected. */
export function notice(code: string, order: number, description: LocalizedText): SeedAttribute {
  return { code, datatype: 'text', required: false, variable: false, order, description };
}

type Common = Pick<SeedService, 'code' | 'name' | 'description' | 'group' | 'keywords' | 'departmentId'>;

type IntakeSpec = Common &
  Pick<SeedService, 'slaHours' | 'slaKind' | 'defaultPriority' | 'attributes'> &
  Partial<Pick<SeedService, 'confidential' | 'duplicateRadiusMeters' | 'duplicateWindowDays' | 'jurisdictionId'>>;

/** A report or request that 311 takes in and a department works. */
export function intake(spec: IntakeSpec): SeedService {
  return { jurisdictionId: PORTLAND, handling: 'intake', confidential: false, ...spec };
}

type AnswerSpec = Common &
  Pick<SeedService, 'answer'> &
  Partial<Pick<SeedService, 'defaultPriority' | 'confidential' | 'attributes' | 'jurisdictionId'>>;

/** Answered at 311 on first contact ('Find', 'Pay', simple 'Apply'): the department owns the answer. */
export function resolve(spec: AnswerSpec): SeedService {
  return { jurisdictionId: PORTLAND, handling: 'resolve', defaultPriority: 'low', confidential: false, attributes: [], ...spec };
}

/** Triage & refer: another agency handles it; the answer says whom to contact and how. */
export function refer(spec: AnswerSpec): SeedService {
  return { jurisdictionId: PORTLAND, handling: 'refer', defaultPriority: 'normal', confidential: false, attributes: [], ...spec };
}
