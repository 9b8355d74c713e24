import { describe, expect, it } from 'vitest';
import { evidenceRow } from '../evidence-list/fixtures';
import { buildEvidenceCsv, CSV_HEADER } from './build-csv';
import { csvField, UTF8_BOM } from './csv';
import type { EvidenceContext } from './record-model';

const CTX: EvidenceContext = {
  names: new Map([['user-a', 'Ann Lead']]),
  caseRefs: new Map([['case-1', '100234']]),
  judgementTitles: new Map([
    ['help-and-protection', 'The effectiveness of help and protection'],
    ['leadership', 'Leadership, governance and partnerships'],
  ]),
};

const noPause = { pause: async () => {} };

/** A minimal RFC 4180 reader, to prove the file reads back to what went in. */
const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
};

describe('evidence CSV', () => {
  it.each([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['she said "no"', '"she said ""no"""'],
    ['line one\nline two', '"line one\nline two"'],
    ['crlf\r\nhere', '"crlf\r\nhere"'],
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['-1, then', `"'-1, then"`],
  ])('quotes %j as RFC 4180 says (and defuses formulas)', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('starts with a BOM and a header, one CRLF-ended record per evidence, oldest first', async () => {
    const csv = await buildEvidenceCsv(
      [
        evidenceRow('e2', {
          kind: 'shadowing-observation',
          occurredAt: '2026-11-25T09:00:00.000Z',
          lines: [
            { at: '2026-11-25T09:14:00.000Z', text: 'Arrives, mother "tired", baby asleep' },
            { at: '2026-11-25T09:20:00.000Z', text: 'Worker checks the cot, sleeping advice' },
          ],
          sensitivity: 'official-sensitive',
          status: 'final',
        }),
        evidenceRow('e1', {
          kind: 'practitioner-interview',
          agency: 'police',
          role: 'Detective sergeant',
          caseIds: ['case-1'],
          judgementIds: ['help-and-protection', 'leadership'],
          evaluation: 'strength',
          text: 'Strategy discussions, always within a day.\nPolice attend every one.',
        }),
      ],
      CTX,
      noPause,
    );
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const [header, first, second, ...rest] = parseCsv(csv.slice(1));
    expect(rest).toEqual([]);
    expect(header).toEqual([...CSV_HEADER]);
    expect(first).toEqual([
      'e1',
      'Practitioner interview',
      '2026-11-24T10:00:00.000Z',
      'Ann Lead',
      'Police',
      'Detective sergeant',
      '100234',
      'The effectiveness of help and protection; Leadership, governance and partnerships',
      'Strength',
      'OFFICIAL',
      'Draft',
      'Strategy discussions, always within a day.\nPolice attend every one.',
    ]);
    expect(second![0]).toBe('e2');
    expect(second![9]).toBe('OFFICIAL-SENSITIVE');
    expect(second![10]).toBe('Final');
    const lines = second![11]!.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d\d:\d\d Arrives, mother "tired", baby asleep$/);
    expect(lines[1]).toMatch(/^\d\d:\d\d Worker checks the cot, sleeping advice$/);
  });

  it('reports progress a chunk at a time and yields between chunks', async () => {
    const rows = Array.from({ length: 1_201 }, (_, i) =>
      evidenceRow(`e${i}`, { kind: 'focus-group', text: `note ${i}` }),
    );
    const progress: number[] = [];
    let pauses = 0;
    const csv = await buildEvidenceCsv(rows, CTX, {
      onProgress: (d) => progress.push(d),
      pause: async () => {
        pauses++;
      },
    });
    expect(progress).toEqual([500, 1_000, 1_201]);
    expect(pauses).toBe(2);
    expect(csv.split('\r\n')).toHaveLength(1_203); // header + rows + the empty tail
  });
});
