/**
 * axe-core in a playwright-core page: the serious and critical accessibility
 * violations of what the page shows now, in words a failing test can print.
 *
 * axe's source is evaluated through the DevTools protocol rather than added as a
 * <script>: the app's Content-Security-Policy refuses inline scripts, as it should.
 */
import axe from 'axe-core';
import type { Page } from 'playwright-core';

/**
 * What fails a page: the two impacts axe says block or badly hinder people.
 * `AXE_ALL=1`, to explore: every impact and every rule, also those axe leaves off by
 * default (target size, experimental ones), as Lighthouse runs some of them.
 */
const ALL = Boolean(process.env.AXE_ALL);
const BLOCKING = new Set(ALL ? ['minor', 'moderate', 'serious', 'critical'] : ['serious', 'critical']);

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  /** One line per offending element: its selector and axe's summary of what is wrong. */
  nodes: string[];
}

/** Runs axe on the whole document and answers the serious and critical violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // The functions run in the page, where axe is a global (this project's tsconfig has no DOM types).
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axe.source);
  const results = await page.evaluate(async (all) => {
    const inPage = (globalThis as unknown as { axe: typeof axe }).axe;
    const rules = all ? Object.fromEntries(inPage.getRules().map((rule) => [rule.ruleId, { enabled: true }])) : {};
    const { violations } = await inPage.run({ resultTypes: ['violations'], rules });
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      nodes: v.nodes.map((node) => `${node.target.join(' ')} — ${(node.failureSummary ?? '').replace(/\s+/g, ' ').trim()}`),
    }));
  }, ALL);
  return results.filter((v) => BLOCKING.has(v.impact));
}

/** The violations as a readable list, e.g. for `expect(…, formatViolations(found)).toEqual([])`. */
export function formatViolations(where: string, violations: AxeViolation[]): string {
  const lines = violations.flatMap((v) => [`  ${v.id} (${v.impact}): ${v.help}`, ...v.nodes.slice(0, 8).map((node) => `    ${node}`), ...(v.nodes.length > 8 ? [`    … and ${v.nodes.length - 8} more`] : [])]);
  return `${where}: ${violations.length} serious or critical accessibility violation(s)\n${lines.join('\n')}`;
}
