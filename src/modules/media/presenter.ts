import { mediaPath, type RequestPhoto } from './service.ts';

/**
 * A photo as the staff API shows it: its public address when the public may see it (null for a
 * staff-only photo), the staff address that always works for those who may read the request, and
 * its facts. Never the bytes, never who uploaded it beyond resident/staff.
 */
export function presentPhotoForStaff(m: RequestPhoto, requestConfidential: boolean) {
  return {
    id: m.id,
    url: m.public && !requestConfidential ? mediaPath(m) : null,
    staffUrl: `/api/v1/media/${m.id}`,
    contentType: m.content_type,
    width: m.width,
    height: m.height,
    bytes: m.bytes,
    public: m.public,
    keepsExif: m.keeps_exif,
    uploadedBy: m.uploaded_by === 'resident' ? 'resident' : 'staff',
    createdAt: m.created_at.toISOString(),
  };
}
