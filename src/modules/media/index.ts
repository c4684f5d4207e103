/** Photos of service requests: what other modules and the app may use. */
export { registerMediaRoutes } from './routes.ts';
export { attachPhotos, getPublicPhoto, listPublicPhotos, listRequestPhotos, mediaPath, preparePhotos, MAX_PHOTOS_PER_REQUEST, type RequestPhoto } from './service.ts';
export { MAX_EDGE, MAX_PHOTO_BYTES, MAX_PHOTOS, PhotoError, processPhoto, type PhotoProblem, type ProcessedPhoto } from './image.ts';
export { acceptMultipart, isMultipart, readMultipartForm, type MultipartForm, type Upload } from './multipart.ts';
export { presentPhotoForStaff } from './presenter.ts';
