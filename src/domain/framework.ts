import { z } from 'zod';
import { EVIDENCE_KIND_IDS, INSPECTORATE_IDS, JOURNEY_STAGE_IDS } from './vocabulary';

/** A framework is data (DESIGN.md §2.1): its judgement tree, grade scale, evidence kinds and journey stages. */
export const FrameworkSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  summary: z.string(),
  announced: z.boolean(),
  fieldworkWeeks: z.number().int().positive(),
  inspectorates: z.array(
    z.object({
      id: z.enum(INSPECTORATE_IDS),
      role: z.enum(['lead', 'partner', 'where-applicable']),
      when: z.string().optional(),
    }),
  ),
  judgements: z
    .array(
      z.object({
        id: z.string().min(1),
        title: z.string().min(1),
        parentId: z.string().optional(),
      }),
    )
    .min(1),
  /** Empty for an ungraded framework (e.g. a letter of findings). */
  gradeScale: z.array(z.object({ id: z.string().min(1), label: z.string().min(1) })),
  evidenceKinds: z.array(z.enum(EVIDENCE_KIND_IDS)).min(1),
  journeyStages: z.array(z.enum(JOURNEY_STAGE_IDS)).min(1),
});
export type Framework = z.infer<typeof FrameworkSchema>;

export const judgementTitle = (framework: Framework, judgementId: string): string =>
  framework.judgements.find((j) => j.id === judgementId)?.title ?? judgementId;
