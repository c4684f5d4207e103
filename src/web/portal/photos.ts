import type { FastifyRequest } from 'fastify';
import { t, type Locale } from '../../i18n/index.ts';
import { isMultipart, MAX_PHOTO_BYTES, MAX_PHOTOS, mediaPath, PhotoError, preparePhotos, readMultipartForm, type ProcessedPhoto, type RequestPhoto } from '../../modules/media/index.ts';
import { html, type SafeHtml } from '../ui/html.ts';
import { fieldError, fieldId, formText, invalidAttrs, type FormError } from './page.ts';

/** The form field names of the photo part of the report form. */
export const PHOTOS = 'photos';
export const KEEP_LOCATION = 'keep_location';
const MAX_MB = MAX_PHOTO_BYTES / 1_048_576;

/** A posted report form: its text fields (as the urlencoded parser gives them) and its photo files. */
export interface PostedReport {
  body: Record<string, unknown>;
  files: Array<{ filename: string; data: Buffer }>;
  /** Problems with the files found while reading (too big, too many), in the resident's language. */
  errors: FormError[];
}

/**
 * Reads the report form, sent as multipart/form-data (the form with its file input) or as
 * application/x-www-form-urlencoded (older pages, scripts): either way the same text fields.
 */
export async function readReportForm(request: FastifyRequest, locale: Locale): Promise<PostedReport> {
  if (!isMultipart(request)) {
    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
    return { body, files: [], errors: [] };
  }
  const form = await readMultipartForm(request, PHOTOS);
  const errors: FormError[] = form.tooLarge.map((file) => ({ field: PHOTOS, message: t(locale, 'portal.photos.tooLarge', { file, max: MAX_MB }) }));
  if (form.tooMany) errors.push({ field: PHOTOS, message: t(locale, 'portal.photos.tooMany', { max: MAX_PHOTOS }) });
  return { body: form.fields, files: form.files, errors };
}

/**
 * Checks each photo by its bytes and processes it (resize, upright, metadata stripped unless the
 * resident ticked "keep the location"). Problems name the file.
 */
export async function processReportPhotos(locale: Locale, posted: PostedReport): Promise<{ photos: ProcessedPhoto[]; errors: FormError[] }> {
  const keepExif = formText(posted.body, KEEP_LOCATION) !== '';
  const photos: ProcessedPhoto[] = [];
  const errors: FormError[] = [];
  for (const f of posted.files) {
    try {
      photos.push(...(await preparePhotos([{ data: f.data, keepExif }])));
    } catch (error) {
      if (!(error instanceof PhotoError)) throw error;
      const key = error.problem === 'empty' ? 'portal.photos.empty' : error.problem === 'too_large' ? 'portal.photos.tooLarge' : 'portal.photos.notImage';
      errors.push({ field: PHOTOS, message: t(locale, key, { file: f.filename, max: MAX_MB }) });
    }
  }
  return { photos, errors };
}

/**
 * The photo part of the report form: a file input for up to three photos and the opt-in to keep
 * their location data. A browser never re-fills a file input, so when the form comes back after a
 * problem with photos sent, it says they must be chosen again.
 */
export function photoFields(locale: Locale, body: Record<string, unknown>, errors: FormError[], photosLost: boolean): SafeHtml {
  const id = fieldId(PHOTOS);
  const keepId = fieldId(KEEP_LOCATION);
  return html`<fieldset><legend>${t(locale, 'portal.photos.legend')} <span class="opt">(${t(locale, 'portal.form.optional')})</span></legend>
${photosLost ? html`<p class="notice" id="${id}-again">${t(locale, 'portal.photos.again')}</p>` : ''}
<div class="field"><label for="${id}">${t(locale, 'portal.photos.label', { max: MAX_PHOTOS })}</label>
<p class="hint" id="${id}-hint">${t(locale, 'portal.photos.hint', { max: MAX_MB })}</p>${fieldError(locale, errors, PHOTOS)}
<input type="file" id="${id}" name="${PHOTOS}" accept="image/jpeg,image/png,image/webp" multiple${invalidAttrs(errors, PHOTOS, `${id}-hint`)}></div>
<div class="choice"><input type="checkbox" id="${keepId}" name="${KEEP_LOCATION}" value="1"${formText(body, KEEP_LOCATION) ? html` checked` : ''}><label for="${keepId}">${t(locale, 'portal.photos.keepLocation')}</label></div>
</fieldset>`;
}

/** The public photos of a request, as a list of linked images (each opens at full size). */
export function photoGallery(locale: Locale, trackingNumber: string, photos: RequestPhoto[]): SafeHtml | '' {
  if (!photos.length) return '';
  return html`<section aria-labelledby="photos-title"><h2 id="photos-title">${t(locale, 'portal.photos.title')}</h2>
<ul class="photos">${photos.map((p, i) => {
    const alt = t(locale, 'portal.photos.alt', { n: i + 1, count: photos.length, trackingNumber });
    return html`<li><a href="${mediaPath(p)}"><img src="${mediaPath(p)}" alt="${alt}" width="${p.width}" height="${p.height}" loading="lazy" decoding="async"></a></li>`;
  })}</ul></section>`;
}
