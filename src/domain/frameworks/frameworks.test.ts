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
