import type { Clock } from '../domain/clock';

/** The wall clock. The one place on the client that reads real time; everything else is handed a Clock. */
export const systemClock: Clock = { now: () => Date.now() };
