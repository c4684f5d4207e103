/** The service-requests module: what other modules and the HTTP layer may use. */
export { createServiceRequest, findDuplicateCandidates, type CreateResult, type DuplicateCandidate } from './intake.ts';
export { addNote, addSupport, mergeServiceRequests, transitionServiceRequest } from './lifecycle.ts';
export { getServiceRequest, getSupportersAndFollowers, getTimeline, type RequestRef, type ServiceRequest } from './model.ts';
export { IDEMPOTENCY_KEY_TTL_MS, markOverdueRequests, pruneIdempotencyKeys, requestJobHandlers, requestSchedules } from './jobs.ts';
export { STATUSES, OPEN_STATUSES, isOpen, open311Status, allowedTransitions, type Status } from './status.ts';
export { CHANNELS, type Channel } from './schemas.ts';
export { assignServiceRequest } from './assign.ts';
export { listServiceRequests, type RequestPage } from './list.ts';
export { requestScopeFor, type RequestScope } from './policy.ts';
export { followRequest, listRequestsOfEmail, unfollowRequest, type ResidentRequestSummary } from './followers.ts';
export { listRequestsOfRequester, type RequesterRequest } from './requesters.ts';
