import type { LocalRow } from '../../db';
import type { ChunkOptions } from './chunks';
import { mapInChunks } from './chunks';
import { csvLine, UTF8_BOM } from './csv';
import { evidenceText, toEvidenceView, type EvidenceContext } from './record-model';

const CRLF = '\r\n'; // RFC 4180 record separator

export const CSV_HEADER = [
  'id',
  'kind',
  'occurredAt',
  'author',
  'agency',
  'role',
  'case refs',
  'judgement areas',
  'evaluation',
  'sensitivity',
  'status',
  'text',
] as const;

/** One line per piece of evidence; names and labels instead of ids, and its protective marking. */
export const evidenceCsvLine = (row: LocalRow<'evidence'>, ctx: EvidenceContext): string => {
  const v = toEvidenceView(row, ctx);
  return csvLine([
    v.id,
    v.kind,
    v.occurredAt,
    v.author,
    v.agency,
    v.role,
    v.caseRefs.join('; '),
    v.judgements.join('; '),
    v.evaluation,
    v.sensitivity,
    v.status,
    evidenceText(row),
  ]);
};

const byTime = (a: LocalRow<'evidence'>, b: LocalRow<'evidence'>) =>
  a.fields.occurredAt.localeCompare(b.fields.occurredAt) || a.id.localeCompare(b.id);

/** The evidence CSV, built a chunk at a time so a long export keeps the screen responsive. */
export const buildEvidenceCsv = async (
  evidence: readonly LocalRow<'evidence'>[],
  ctx: EvidenceContext,
  options?: ChunkOptions,
): Promise<string> => {
  const lines = await mapInChunks(
    [...evidence].sort(byTime),
    (row) => evidenceCsvLine(row, ctx),
    options,
  );
  return `${UTF8_BOM}${csvLine(CSV_HEADER)}${CRLF}${lines.map((l) => l + CRLF).join('')}`;
};
