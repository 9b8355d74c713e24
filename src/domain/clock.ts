/** Time is injected everywhere so tests can drive it; only `src/db/clock.ts` and the server's main read the wall clock. */
export type Clock = {
  /** Milliseconds since the Unix epoch. */
  now(): number;
};

export const fixedClock = (startMs: number, stepMs = 0): Clock => {
  let t = startMs;
  return {
    now() {
      const value = t;
      t += stepMs;
      return value;
    },
  };
};

export const isoAt = (clock: Clock): string => new Date(clock.now()).toISOString();
