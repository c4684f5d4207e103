import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../lib/errors.ts';
import { MAX_PHOTO_BYTES, MAX_PHOTOS } from './image.ts';

/** One uploaded file, read whole (at most MAX_PHOTO_BYTES). */
export interface Upload {
  filename: string;
  data: Buffer;
}

/** A multipart form as the handlers use it: text fields (repeated names as lists) and the photos. */
export interface MultipartForm {
  fields: Record<string, string | string[]>;
  /** Files of the photo field, in the order sent; empty file inputs (nothing chosen) are left out. */
  files: Upload[];
  /** Names of files over MAX_PHOTO_BYTES (their bytes are not kept). */
  tooLarge: string[];
  /** More than MAX_PHOTOS files were sent (those beyond are not kept). */
  tooMany: boolean;
}

/** Beyond this many file parts the request is cut off: nobody sends that many photos by hand. */
const HARD_FILE_LIMIT = MAX_PHOTOS + 7;

/**
 * Lets a scope accept multipart/form-data. Limits are set per request by readMultipartForm; the
 * defaults here only guard a handler that reads parts itself.
 */
export async function acceptMultipart(scope: FastifyInstance): Promise<void> {
  // A file over the limit is marked truncated and reported by name, not thrown mid-form.
  await scope.register(multipart, { throwFileSizeLimit: false, limits: { fileSize: MAX_PHOTO_BYTES, files: HARD_FILE_LIMIT, fields: 200, fieldSize: 65_536, parts: 220 } });
}

/** Whether a request carries a multipart body (a form with a file input). */
export const isMultipart = (request: FastifyRequest): boolean => typeof request.isMultipart === 'function' && request.isMultipart();

/**
 * Reads a multipart form: the text fields, and up to MAX_PHOTOS files of `fileField`, each at most
 * MAX_PHOTO_BYTES — a bigger one is read to its end and dropped, its name kept for the message.
 * Files of other fields are read and dropped. Throws AppError 413 past the hard limits, 400 on a
 * malformed body.
 */
export async function readMultipartForm(request: FastifyRequest, fileField: string): Promise<MultipartForm> {
  const form: MultipartForm = { fields: Object.create(null) as Record<string, string | string[]>, files: [], tooLarge: [], tooMany: false };
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (typeof part.value !== 'string') continue;
        const prev = form.fields[part.fieldname];
        if (prev === undefined) form.fields[part.fieldname] = part.value;
        else if (Array.isArray(prev)) prev.push(part.value);
        else form.fields[part.fieldname] = [prev, part.value];
        continue;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      const keep = part.fieldname === fileField && form.files.length < MAX_PHOTOS;
      for await (const chunk of part.file as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (keep) chunks.push(chunk);
      }
      if (part.fieldname !== fileField) continue;
      // An empty <input type="file"> sends a part with no name and no bytes: nothing was chosen.
      if (!part.filename && size === 0) continue;
      const filename = part.filename || '(no name)';
      if (part.file.truncated) form.tooLarge.push(filename);
      else if (!keep) form.tooMany = true;
      else form.files.push({ filename, data: Buffer.concat(chunks, size) });
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT') form.tooMany = true;
    else if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw new AppError('form_too_large', 413, 'the form has too many fields');
    else if (error instanceof Error && /multipart|boundary|terminated|Unexpected end/i.test(error.message)) throw new AppError('malformed_form', 400, 'the form data is malformed');
    else throw error;
  }
  return form;
}
