/** Analytics (issue 9): rollups, metrics, equity lens, forecasts, staffing, dashboards' API. */
export { registerAnalyticsRoutes } from './routes.ts';
export { analyticsJobHandlers, analyticsSchedules } from './jobs.ts';
export { registerAnalyticsCommands } from './cli.ts';
export { publicDashboard, SMALL_CELL, type PublicDashboard } from './public.ts';
export { rebuildRollups, refreshRollups } from './rollup.ts';
export { freshen } from './metrics.ts';
