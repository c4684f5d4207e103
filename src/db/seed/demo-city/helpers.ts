/** Small builders that keep the demo-city data files readable. */
import type { AttributeDatatype, LocalizedText, SeedAttribute, SeedService } from './types.ts';

export const PORTLAND = 'portland';
export const MULTNOMAH = 'multnomah';

/** English + Spanish text. */
export const tx = (en: string, es: string): LocalizedText => ({ en, es });

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
