import * as z from 'zod/mini';
import { JOURNEY_STAGE_IDS } from './vocabulary';

/**
 * The timescales a framework's inspectors test a child's journey against, as data in the
 * framework file (DESIGN.md §2.1): each names its source, so a new framework, or new guidance,
 * adds or changes timescales without code. Measured by `measureJourney` (src/domain/journey).
 */
const nonEmpty = z.string().check(z.minLength(1));
const stage = z.enum(JOURNEY_STAGE_IDS);

export const TIMESCALE_UNITS = ['working-days', 'days', 'months'] as const;
export type TimescaleUnit = (typeof TIMESCALE_UNITS)[number];

export const TimescaleSchema = z.object({
  id: nonEmpty,
  /** The step in words, as a sentence starts: "Initial conference". */
  step: nonEmpty,
  /** The same step counted: "initial conferences" ("4 of 12 children's initial conferences were late"). */
  steps: nonEmpty,
  /**
   * Where the clock starts: every occurrence of `stage`, or only the `nth` (1 = the first), or
   * the `nth` and each later one (`andLater`). `label` finishes "… after the strategy discussion".
   */
  from: z.object({
    stage,
    nth: z.optional(z.int().check(z.positive())),
    andLater: z.optional(z.boolean()),
    label: nonEmpty,
  }),
  /** Where it stops: the first `stage` recorded after the start (the next one, when the same stage). */
  to: z.object({ stage }),
  /** The unit the time is counted and shown in. */
  unit: z.enum(TIMESCALE_UNITS),
  /** Due within this many units of the start … */
  within: z.optional(z.int().check(z.positive())),
  /** … or due by the date of another stage ("a permanence plan by the second review"). */
  by: z.optional(
    z.object({ stage, nth: z.optional(z.int().check(z.positive())), label: nonEmpty }),
  ),
  /** Once one of these is recorded after the start, a missing step is no longer due (the plan ended). */
  endsAt: z.optional(z.array(stage)),
  /** The rule applies only to a child whose journey has one of these stages (adoption steps). */
  onlyIf: z.optional(z.array(stage).check(z.minLength(1))),
  /** Who says so, with its verb, as the sentence goes on: "the guidance says", "the regulations say". */
  says: nonEmpty,
  /** The document the timescale comes from, named in full. */
  source: nonEmpty,
});
export type Timescale = z.infer<typeof TimescaleSchema>;

/** A record the journey should hold once a stage is there: "a plan with no review recorded". */
export const JourneyGapSchema = z.object({
  id: nonEmpty,
  after: stage,
  expect: z.array(stage).check(z.minLength(1)),
  /** Finishes "Child protection plan of 3 March 2026 …": "with no review conference recorded". */
  says: nonEmpty,
  source: nonEmpty,
});
export type JourneyGap = z.infer<typeof JourneyGapSchema>;
