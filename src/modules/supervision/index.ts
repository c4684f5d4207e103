/** Supervision: the supervisor's live overview. */
export { registerSupervisionRoutes } from './routes.ts';
export { startOfLocalDay, supervisionOverview } from './service.ts';
