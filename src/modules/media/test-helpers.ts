/**
 * Test helpers: reads the GPS latitude back out of an EXIF block (as sharp's metadata() returns it,
 * "Exif\0\0" + a TIFF structure), so a test can prove a stored photo carries no location. Only what
 * the tests need: IFD0 → GPS IFD pointer (tag 0x8825) → GPSLatitude (0x0002, three rationals).
 */
export function gpsLatitudeOf(exif: Buffer | undefined): number | null {
  if (!exif || exif.length < 14) return null;
  const tiff = exif.subarray(exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? 6 : 0);
  const little = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (o: number) => (little ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (little ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  /** The value offset of `tag` in the IFD at `ifd`, or null. */
  const find = (ifd: number, tag: number): number | null => {
    if (ifd + 2 > tiff.length) return null;
    const count = u16(ifd);
    for (let i = 0; i < count; i++) {
      const entry = ifd + 2 + i * 12;
      if (entry + 12 > tiff.length) return null;
      if (u16(entry) === tag) return entry + 8;
    }
    return null;
  };
  const gpsPointer = find(u32(4), 0x8825);
  if (gpsPointer === null) return null;
  const lat = find(u32(gpsPointer), 0x0002);
  if (lat === null) return null;
  const at = u32(lat);
  const rational = (i: number) => u32(at + i * 8) / u32(at + i * 8 + 4);
  return rational(0) + rational(1) / 60 + rational(2) / 3600;
}

/** A file part of a multipart body built by multipartBody. */
export interface FilePart {
  name: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/**
 * A multipart/form-data body as a browser sends it (fields, then files), for app.inject: returns the
 * payload and its content-type header.
 */
export function multipartBody(fields: Array<[string, string]>, files: FilePart[] = []): { payload: Buffer; headers: { 'content-type': string } } {
  const boundary = `----frontdoor${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of fields) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: ${f.contentType}\r\n\r\n`), f.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
