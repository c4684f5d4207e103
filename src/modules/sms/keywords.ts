/**
 * What a text says before the dialogue reads it: the carrier keywords (STOP, START, HELP), STATUS,
 * YES/NO, and whether it is written in Spanish. Keywords are the whole message, any case, accents
 * and trailing punctuation ignored, in English or Spanish.
 */

export type Keyword = 'stop' | 'start' | 'help' | 'yes' | 'no';

const KEYWORDS: Record<string, Keyword> = {
  STOP: 'stop', STOPALL: 'stop', UNSUBSCRIBE: 'stop', CANCEL: 'stop', END: 'stop', QUIT: 'stop',
  ALTO: 'stop', PARAR: 'stop', BAJA: 'stop', CANCELAR: 'stop', DETENER: 'stop',
  START: 'start', UNSTOP: 'start', COMENZAR: 'start', INICIAR: 'start',
  HELP: 'help', INFO: 'help', AYUDA: 'help',
  YES: 'yes', Y: 'yes', YEP: 'yes', OK: 'yes', SI: 'yes', S: 'yes', CLARO: 'yes',
  NO: 'no', N: 'no', NOPE: 'no',
};
const SPANISH_KEYWORDS = new Set(['ALTO', 'PARAR', 'BAJA', 'CANCELAR', 'DETENER', 'COMENZAR', 'INICIAR', 'AYUDA', 'SI', 'CLARO', 'ESTADO']);

/** Upper case, accents removed, surrounding punctuation and spaces dropped. */
export function foldKeyword(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '')
    .replace(/\s+/g, ' ');
}

export function keywordOf(text: string): Keyword | null {
  return KEYWORDS[foldKeyword(text)] ?? null;
}

/** `STATUS PDX-2026-000123` / `ESTADO …`: the tracking number asked about ('' when none was given); null if not a status query. */
export function statusQuery(text: string): { tracking: string } | null {
  const m = /^(STATUS|ESTADO)(?:\s+#?\s*([A-Z0-9-]{1,40}))?$/.exec(foldKeyword(text));
  return m ? { tracking: m[2] ?? '' } : null;
}

const SPANISH_WORDS = new Set(
  'el la los las del de en hay un una que por favor hola gracias calle esquina avenida basura bache baches luz farol poste arbol grafiti perro ruido agua fuga mi mis con cerca esta hoy tirada roto rota calles casa frente reportar quiero necesito ayuda donde cuando buenas buenos dias tardes noches si no numero estado'.split(' '),
);
const ENGLISH_WORDS = new Set(
  'the a an is are there my on in at of and street road avenue trash garbage pothole light broken hello hi please thanks thank want need report near by from with this that here yes no where when how what number status'.split(' '),
);

/**
 * 'es' when the text reads as Spanish, 'en' when it reads as English, null when it says too little
 * to tell (a number, an address, "5th & Main").
 */
export function detectLanguage(text: string): 'en' | 'es' | null {
  const folded = foldKeyword(text);
  if (SPANISH_KEYWORDS.has(folded) || folded.startsWith('ESTADO ')) return 'es';
  if (/[ñ¿¡]/i.test(text)) return 'es';
  const words = text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .split(/[^a-z]+/)
    .filter(Boolean);
  let es = /[áéíóú]/i.test(text) ? 1 : 0;
  let en = 0;
  for (const w of words) {
    if (SPANISH_WORDS.has(w)) es++;
    if (ENGLISH_WORDS.has(w)) en++;
  }
  if (es > en) return 'es';
  if (en > es) return 'en';
  return null;
}
