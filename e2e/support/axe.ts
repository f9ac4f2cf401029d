import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';

export type Scheme = 'light' | 'dark';

/** One rule broken on one screen, in one theme, with the nodes that break it. */
export interface AxeFinding {
  screen: string;
  scheme: Scheme;
  rule: string;
  impact: string;
  nodes: string[];
}

/**
 * Run axe-core (every rule it ships with, best practices included) on the page as it is, in light
 * and then dark, and return what it finds. The page is left in light.
 */
export async function axeBothThemes(page: Page, screen: string): Promise<AxeFinding[]> {
  const findings: AxeFinding[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    const results = await new AxeBuilder({ page }).analyze();
    for (const violation of results.violations) {
      findings.push({
        screen,
        scheme,
        rule: violation.id,
        impact: violation.impact ?? 'unknown',
        nodes: violation.nodes.map(
          (node) =>
            `${node.target.join(' ')}: ${node.failureSummary?.split('\n').slice(1).join(' ')}`,
        ),
      });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return findings;
}

/** A readable list for a failure message: rule, impact, screen, theme, then each node. */
export function describeFindings(findings: AxeFinding[]): string {
  return findings
    .map(
      (f) =>
        `${f.rule} (${f.impact}) on ${f.screen}, ${f.scheme}:\n${f.nodes.map((n) => `  - ${n}`).join('\n')}`,
    )
    .join('\n');
}
