import * as z from 'zod/mini';
import { JourneyGapSchema, TimescaleSchema } from './timescales';
import { EVIDENCE_KIND_IDS, INSPECTORATE_IDS, JOURNEY_STAGE_IDS } from './vocabulary';

const nonEmpty = z.string().check(z.minLength(1));

/** A framework is data (DESIGN.md §2.1): its judgement tree, grade scale, evidence kinds and journey stages. */
export const FrameworkSchema = z.object({
  id: nonEmpty,
  title: nonEmpty,
  summary: z.string(),
  announced: z.boolean(),
  fieldworkWeeks: z.int().check(z.positive()),
  inspectorates: z.array(
    z.object({
      id: z.enum(INSPECTORATE_IDS),
      role: z.enum(['lead', 'partner', 'where-applicable']),
      when: z.optional(z.string()),
    }),
  ),
  judgements: z
    .array(
      z.object({
        id: nonEmpty,
        title: nonEmpty,
        parentId: z.optional(z.string()),
        /**
         * What to look for in this area, shown as hints where evidence is tagged: the
         * framework's own prompts, in plain words (not quotations from any handbook). Optional:
         * a framework stored on a device before prompts existed has none.
         */
        prompts: z.optional(z.array(nonEmpty)),
      }),
    )
    .check(z.minLength(1)),
  /** Empty for an ungraded framework (e.g. a letter of findings). */
  gradeScale: z.array(z.object({ id: nonEmpty, label: nonEmpty })),
  evidenceKinds: z.array(z.enum(EVIDENCE_KIND_IDS)).check(z.minLength(1)),
  journeyStages: z.array(z.enum(JOURNEY_STAGE_IDS)).check(z.minLength(1)),
  /**
   * Optional so an inspection stored on a device before timescales existed still reads; such a
   * framework is measured with the shipped file of the same id (see `timescalesOf`).
   */
  timescales: z.optional(z.array(TimescaleSchema)),
  journeyGaps: z.optional(z.array(JourneyGapSchema)),
});
export type Framework = z.infer<typeof FrameworkSchema>;

export const judgementTitle = (framework: Framework, judgementId: string): string =>
  framework.judgements.find((j) => j.id === judgementId)?.title ?? judgementId;
