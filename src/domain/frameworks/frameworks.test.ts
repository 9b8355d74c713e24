import { describe, expect, it } from 'vitest';
import { FRAMEWORKS, frameworkById } from './index';

describe('shipped frameworks', () => {
  it('gives every judgement area short prompts of what to look for, as questions, not quotations', () => {
    for (const framework of FRAMEWORKS) {
      for (const judgement of framework.judgements) {
        const prompts = judgement.prompts ?? [];
        expect(prompts.length, `${framework.id} ${judgement.id}`).toBeGreaterThanOrEqual(2);
        for (const prompt of prompts) {
          expect(prompt.length, prompt).toBeLessThanOrEqual(120);
          expect(prompt, prompt).toMatch(/\?$/);
          expect(prompt, prompt).not.toMatch(/["“”]/);
        }
      }
    }
  });

  it('carries the four child-protection judgements word for word from the seed', () => {
    expect(frameworkById('cp-joint-2012')?.judgements.map((j) => [j.id, j.title])).toEqual([
      [
        'overall',
        'Overall effectiveness of multi-agency work to protect children and young people',
      ],
      ['help-and-protection', 'The effectiveness of help and protection'],
      ['quality-of-practice', 'The quality of practice'],
      ['leadership', 'Leadership, governance and partnerships'],
    ]);
  });

  it('carries the looked after children judgements with the adoption sub-judgement', () => {
    const lac = frameworkById('lac-2012');
    expect(lac?.judgements.map((j) => j.id)).toEqual([
      'overall',
      'outcomes',
      'quality-of-practice',
      'permanence',
      'permanence.adoption',
      'leadership',
    ]);
    expect(lac?.judgements.find((j) => j.id === 'permanence.adoption')?.parentId).toBe(
      'permanence',
    );
    expect(lac?.judgements.find((j) => j.id === 'outcomes')?.title).toBe(
      'Outcomes for children and young people looked after and care leavers',
    );
  });

  it('uses the grade scale of the period', () => {
    for (const framework of FRAMEWORKS) {
      expect(framework.gradeScale.map((g) => g.label)).toEqual([
        'Outstanding',
        'Good',
        'Adequate',
        'Inadequate',
      ]);
    }
  });
});

describe('timescales as data', () => {
  it('names its source for every timescale and measures only stages the framework records', () => {
    for (const framework of FRAMEWORKS) {
      const stages = new Set<string>(framework.journeyStages);
      for (const t of framework.timescales ?? []) {
        expect(t.source.length, t.id).toBeGreaterThan(20);
        expect(stages.has(t.from.stage), `${t.id} from ${t.from.stage}`).toBe(true);
        expect(stages.has(t.to.stage), `${t.id} to ${t.to.stage}`).toBe(true);
        expect(t.within === undefined, `${t.id} has one deadline`).toBe(t.by !== undefined);
      }
    }
  });

  it('carries the timescales the issue lists, each from its source', () => {
    const rules = (id: string) =>
      (frameworkById(id)?.timescales ?? []).map((t) => [t.id, t.within ?? t.by?.label, t.unit]);
    expect(rules('cp-joint-2012')).toEqual([
      ['cp-assessment', 45, 'working-days'],
      ['cp-initial-conference', 15, 'working-days'],
      ['cp-first-review', 3, 'months'],
      ['cp-later-review', 6, 'months'],
    ]);
    expect(rules('lac-2012')).toEqual([
      ['lac-first-review', 20, 'working-days'],
      ['lac-second-review', 3, 'months'],
      ['lac-later-review', 6, 'months'],
      ['lac-permanence-plan', 'the second review', 'days'],
      ['adoption-a1', 21, 'months'],
      ['adoption-a2', 7, 'months'],
    ]);
    const sources = FRAMEWORKS.flatMap((f) => (f.timescales ?? []).map((t) => t.source));
    expect(
      sources.filter((s) => s.startsWith('Working Together to Safeguard Children')),
    ).toHaveLength(4);
    expect(
      sources.filter((s) =>
        s.startsWith('Care Planning, Placement and Case Review (England) Regulations 2010'),
      ),
    ).toHaveLength(4);
    expect(
      sources.filter((s) => s.startsWith('Department for Education adoption scorecards (2012)')),
    ).toHaveLength(2);
  });
});
