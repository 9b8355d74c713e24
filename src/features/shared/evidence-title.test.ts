import { describe, expect, it } from 'vitest';
import { evidenceSource, evidenceTitle } from './evidence-title';

const at = '2026-11-26T09:00:00.000Z';
const when = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
}).format(Date.parse(at));

describe('the one evidence title', () => {
  it('names the kind and when; the source follows only when asked for', () => {
    const row = {
      fields: {
        kind: 'practitioner-interview' as const,
        occurredAt: at,
        role: 'Social worker',
        agency: 'police' as const,
      },
    };
    expect(evidenceTitle(row)).toBe(`Practitioner interview, ${when}`);
    expect(evidenceTitle(row, { withSource: true })).toBe(
      `Practitioner interview, ${when} – Social worker, Police`,
    );
  });

  it('leaves out a source that was not recorded', () => {
    const row = { fields: { kind: 'document-review' as const, occurredAt: at } };
    expect(evidenceSource(row.fields)).toBe('');
    expect(evidenceTitle(row, { withSource: true })).toBe(
      `Document or performance data review, ${when}`,
    );
  });
});
