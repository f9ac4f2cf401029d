import { expect, type Locator, type Page } from '@playwright/test';
import type { UiServer } from './ui-server.js';
import { apiAnswer } from './ui-wait.js';

/** Page model of the Grove window: what a user sees and does, by accessible names. */
export class GroveApp {
  readonly sidebar: Locator;
  readonly connection: Locator;
  readonly tabs: Locator;
  readonly composer: Locator;

  constructor(
    readonly page: Page,
    readonly server: UiServer,
  ) {
    this.sidebar = page.getByRole('navigation', { name: 'Projects and worktrees' });
    this.connection = page.getByRole('status', { name: /^Connection:/ });
    this.tabs = page.getByRole('tablist', { name: 'Sessions' });
    this.composer = page.getByRole('textbox', { name: 'Message', exact: true });
  }

  /** Open the app with the token in the URL, as `npm run serve` prints it, and wait until live. */
  async open(): Promise<void> {
    await this.page.goto(`${this.server.url}/?token=${encodeURIComponent(this.server.token)}`);
    await this.expectLive();
  }

  async expectLive(): Promise<void> {
    await expect(this.connection).toHaveAccessibleName('Connection: Live', { timeout: 20_000 });
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  get dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  async addProject(repoPath: string): Promise<void> {
    await this.button('Add project').click();
    await this.dialog.getByLabel('Repository folder').fill(repoPath);
    await this.dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(this.dialog).toBeHidden();
  }

  project(name: string): Locator {
    return this.sidebar.getByRole('region', { name, exact: true });
  }

  /** A worktree's row button in the sidebar (its name comes first in its accessible name). */
  worktree(name: string): Locator {
    return this.sidebar.getByRole('button', { name: new RegExp(`^${escape(name)}\\b`) });
  }

  async createWorktree(projectName: string, name: string, branch?: string): Promise<void> {
    await this.project(projectName)
      .getByRole('button', { name: 'New worktree', exact: true })
      .click();
    await this.dialog.getByLabel(/^Name/).fill(name);
    if (branch) await this.dialog.getByLabel('Branch', { exact: true }).fill(branch);
    await this.dialog.getByRole('button', { name: 'Create worktree' }).click();
    await expect(this.dialog).toBeHidden({ timeout: 20_000 });
  }

  tab(name: string): Locator {
    return this.page.getByRole('tab', { name, exact: true });
  }

  async tabNames(): Promise<string[]> {
    return this.tabs.getByRole('tab').allInnerTexts();
  }

  async newSession(): Promise<void> {
    const before = await this.tabs.getByRole('tab').count();
    await this.button('New session').click();
    await expect(this.tabs.getByRole('tab')).toHaveCount(before + 1);
  }

  /** Rename a tab and wait for the server's answer (the tab shows the new name before it). */
  async renameSession(from: string, to: string): Promise<void> {
    await this.tab(from).dblclick();
    const field = this.page.getByRole('textbox', { name: 'Session name' });
    await field.fill(to);
    await apiAnswer(this.page, 'PATCH', /^\/api\/sessions\/[^/]+$/, () => field.press('Enter'));
    await expect(this.tab(to)).toBeVisible();
  }

  async archiveSession(name: string): Promise<void> {
    await this.tab(name).hover();
    // The × is kept out of the accessibility tree (a tablist holds only tabs): find it anyway.
    await this.page
      .getByRole('button', { name: `Archive session ${name}`, exact: true, includeHidden: true })
      .click();
    await expect(this.tab(name)).toHaveCount(0);
  }

  async openArchived(): Promise<Locator> {
    const panel = this.page.getByRole('dialog', { name: 'Archived sessions' });
    if (!(await panel.isVisible()))
      await this.page.getByRole('button', { name: /^Archived sessions/ }).click();
    await expect(panel).toBeVisible();
    return panel;
  }

  async restoreSession(name: string): Promise<void> {
    const panel = await this.openArchived();
    await panel.getByRole('button', { name: `Restore ${name}`, exact: true }).click();
    await expect(this.tab(name)).toBeVisible();
  }

  async send(text: string): Promise<void> {
    await this.composer.fill(text);
    await this.composer.press('Enter');
  }

  /** The conversation's message articles. */
  messages(): Locator {
    return this.page.getByRole('region', { name: 'Messages' }).getByRole('article');
  }

  /** The assistant's messages in the conversation, oldest first. */
  assistantMessages(): Locator {
    return this.messages().filter({ has: this.page.getByText(/^(Claude Code|Codex|OpenCode)$/) });
  }

  /**
   * A project from a fresh repository and one session in its base checkout, made through the API;
   * then the app opened on that session. Returns the ids for API checks.
   */
  async openWithSession(
    repo: string,
    session: Record<string, unknown> = {},
  ): Promise<{ projectId: string; worktreeId: string; sessionId: string }> {
    const project = await this.server.ok('POST', '/api/projects', { path: repo });
    const [base] = await this.server.ok('GET', `/api/projects/${project.id}/worktrees`);
    const created = await this.server.ok('POST', `/api/worktrees/${base.id}/sessions`, {
      name: 'Chat',
      ...session,
    });
    await this.open();
    await expect(this.tab('Chat')).toHaveAttribute('aria-selected', 'true');
    return { projectId: project.id, worktreeId: base.id, sessionId: created.id };
  }

  /** Ids of the current worktree's sessions as the server has them (for API calls). */
  async sessionsOf(
    worktreeId: string,
  ): Promise<Array<{ id: string; name: string; archived_at: number | null }>> {
    return this.server.ok('GET', `/api/worktrees/${worktreeId}/sessions?include_archived=true`);
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
