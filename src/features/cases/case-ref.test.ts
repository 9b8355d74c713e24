import { describe, expect, it } from 'vitest';
import { caseRefProblem, looksLikeAName } from './case-ref';

describe('the authority case reference', () => {
  it.each(['Jayden Smith', 'Mary-Ann O’Neill', 'Zoë Brown', '  Tom   Jones  ', 'Ali Khan Begum'])(
    'rejects %j as a person’s name',
    (value) => {
      expect(looksLikeAName(value)).toBe(true);
      expect(caseRefProblem(value)).toMatch(/person's name/);
    },
  );

  it.each(['100234', 'LAC-0457', 'CIN 2291', 'Case 12', 'ABC', 'early help 7'])(
    'accepts %j as an authority ID',
    (value) => expect(caseRefProblem(value)).toBeNull(),
  );

  it('asks for a reference when there is none', () => {
    expect(caseRefProblem('   ')).toBe("Enter the authority's case reference");
  });
});
