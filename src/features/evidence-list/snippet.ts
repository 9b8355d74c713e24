import type { LocalRow } from '../../db';

export type SnippetPart = { text: string; hit: boolean };

const SNIPPET_CHARS = 180; // about two lines of a results column on a portrait tablet
const LEAD_CHARS = 60; // words before the match, so it reads in context

const termsOf = (query: string) =>
  query
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);

/**
 * A short extract of the evidence for the results list: around the first searched word when there
 * is a query (that word marked), else the opening words. Shadowing lines count as the text.
 */
export const snippetOf = (row: LocalRow<'evidence'>, query = ''): SnippetPart[] => {
  const source = (
    row.fields.text || (row.fields.lines ?? []).map((l) => l.text).join(' · ')
  ).replace(/\s+/g, ' ');
  if (!source) return [];
  const lower = source.toLowerCase();
  let at = -1;
  let length = 0;
  for (const term of termsOf(query)) {
    const i = lower.indexOf(term);
    if (i >= 0 && (at < 0 || i < at)) {
      at = i;
      length = term.length;
    }
  }
  if (at < 0) {
    const cut = source.length > SNIPPET_CHARS;
    return [{ text: cut ? `${source.slice(0, SNIPPET_CHARS).trimEnd()}…` : source, hit: false }];
  }
  const start = Math.max(0, at - LEAD_CHARS);
  const end = Math.min(source.length, start + SNIPPET_CHARS);
  const parts: SnippetPart[] = [
    { text: `${start > 0 ? '…' : ''}${source.slice(start, at)}`, hit: false },
    { text: source.slice(at, at + length), hit: true },
    { text: `${source.slice(at + length, end)}${end < source.length ? '…' : ''}`, hit: false },
  ];
  return parts.filter((p) => p.text.length > 0);
};
