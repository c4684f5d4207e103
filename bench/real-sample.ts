/** The real NYC and LA records moved into the demo city: shared with the demo seed (see there). */
export * from '../src/db/seed/demo-city/real-sample.ts';
