import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** WCAG 2.2 A and AA (DESIGN.md §6), with the 2.0 and 2.1 rules they include. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

export type AxeViolation = {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  /** One line per element: its selector and axe's reason (e.g. the contrast ratio it measured). */
  targets: string[];
};

/**
 * Runs axe-core in the page and returns the violations. The source is evaluated over the devtools
 * protocol rather than injected with `page.addScriptTag`: the app's Content-Security-Policy
 * (rightly) refuses inline scripts, and weakening it with `bypassCSP` would hide CSP bugs.
 */
export const axeViolations = async (page: Page): Promise<AxeViolation[]> => {
  const present = await page.evaluate(() => 'axe' in window);
  if (!present) await page.evaluate(axeSource);
  return page.evaluate(
    async (tags) => {
      type AxeResult = {
        violations: {
          id: string;
          impact?: string | null;
          help: string;
          helpUrl: string;
          nodes: { target: unknown[]; failureSummary?: string }[];
        }[];
      };
      const axe = (
        window as unknown as {
          axe: { run: (context: Document, options: object) => Promise<AxeResult> };
        }
      ).axe;
      const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        helpUrl: v.helpUrl,
        targets: v.nodes.map((n) => {
          const where = n.target.map(String).join(' ');
          // axe's summary starts with a generic "Fix any of the following:" line; keep the reasons.
          const why = (n.failureSummary ?? '')
            .split('\n')
            .slice(1)
            .map((l) => l.trim())
            .join('; ');
          return why ? `${where} — ${why}` : where;
        }),
      }));
    },
    [...AXE_TAGS],
  );
};

export const formatViolations = (violations: readonly AxeViolation[]): string =>
  violations
    .map(
      (v) =>
        `- ${v.id} (${v.impact ?? 'no impact given'}): ${v.help}\n  ${v.helpUrl}\n` +
        v.targets.map((t) => `    at ${t}`).join('\n'),
    )
    .join('\n');

/** Throws a readable list (rule, impact, elements, help) when axe finds any WCAG 2.2 A/AA issue. */
export const expectNoAxeViolations = async (page: Page, label: string): Promise<void> => {
  const violations = await axeViolations(page);
  if (violations.length > 0) {
    throw new Error(
      `axe found ${violations.length} WCAG 2.2 A/AA violation(s) on ${label}:\n` +
        formatViolations(violations),
    );
  }
};
