import { z } from 'zod';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const WELL_FORMED = (v: string): boolean => v.isWellFormed() && !v.includes('\uFFFD');

/** One line of text for an API field, trimmed: valid Unicode, no line breaks or control characters. */
export const oneLineText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine(WELL_FORMED, 'must be valid UTF-8 text')
    .refine((v) => !/[\r\n]/.test(v) && !CONTROL.test(v), 'must be one line without control characters');

/** Text of several lines (notes, comments, Markdown): valid Unicode, tabs and line breaks but no other control characters; not trimmed or normalised here. */
export const multiLineText = (max: number) =>
  z
    .string()
    .max(max)
    .refine(WELL_FORMED, 'must be valid UTF-8 text')
    .refine((v) => !CONTROL.test(v.replace(/\t/g, '')), 'must not contain control characters');
