import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { MediaContentType } from './tables.ts';

/** The largest photo accepted, before processing: 10 MB. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** Photos per upload (a resident's report, or one staff upload). */
export const MAX_PHOTOS = 3;
/** The long edge of a stored photo, in pixels. */
export const MAX_EDGE = 1600;
/** Formats read by their bytes (never by the declared type or the file name). */
const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'heif']);
/** A decompression bomb stops here: 60 megapixels is beyond any phone camera. */
const MAX_INPUT_PIXELS = 60_000_000;

/** A photo ready to store: re-encoded, at most MAX_EDGE on its long edge. */
export interface ProcessedPhoto {
  data: Buffer;
  contentType: MediaContentType;
  width: number;
  height: number;
  sha256: string;
  keepsExif: boolean;
}

/** Why an upload is not a photo we can take. */
export type PhotoProblem = 'not_an_image' | 'too_large' | 'empty';

export class PhotoError extends Error {
  constructor(readonly problem: PhotoProblem) {
    super(`photo refused: ${problem}`);
    this.name = 'PhotoError';
  }
}

/**
 * Checks a photo by its bytes (JPEG, PNG, WebP, or HEIC/AVIF when this build of libvips can decode
 * it), turns it upright by its EXIF orientation, shrinks it to at most 1600 px on the long edge and
 * re-encodes it as JPEG. Every piece of metadata — the EXIF location included — is dropped unless
 * `keepExif` is set, in which case the EXIF block is carried over (orientation reset to upright).
 */
export async function processPhoto(input: Uint8Array, opts: { keepExif: boolean }): Promise<ProcessedPhoto> {
  if (!input.byteLength) throw new PhotoError('empty');
  if (input.byteLength > MAX_PHOTO_BYTES) throw new PhotoError('too_large');
  let format: string | undefined;
  try {
    format = (await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata()).format;
  } catch {
    throw new PhotoError('not_an_image');
  }
  if (!format || !ACCEPTED.has(format)) throw new PhotoError('not_an_image');
  try {
    let pipeline = sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .autoOrient()
      .resize({ width: MAX_EDGE, height: MAX_EDGE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' });
    if (opts.keepExif) pipeline = pipeline.keepExif();
    const { data, info } = await pipeline.jpeg({ quality: 82, mozjpeg: true }).toBuffer({ resolveWithObject: true });
    return { data, contentType: 'image/jpeg', width: info.width, height: info.height, sha256: createHash('sha256').update(data).digest('hex'), keepsExif: opts.keepExif };
  } catch {
    // A truncated file, or HEIC when libvips was built without an HEVC decoder.
    throw new PhotoError('not_an_image');
  }
}
