import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '../support/ui-fixtures.js';
import { bulkConversation, seedTranscript } from '../support/ui-seed.js';
import { apiAnswer } from '../support/ui-wait.js';

/**
 * Conversation power features with the real Claude Code CLI and the model stub: @file mentions,
 * search across sessions with a jump to the message, and restoring the worktree to before a turn.
 */
test.use({ agentBackend: 'claude' });

test('typing @ finds a file; the mention is sent as @path and shown as a chip', async ({
  app,
  grove,
  page,
}) => {
  const repo = await grove.makeRepo('mentions');
  await mkdir(path.join(repo, 'src/parser'), { recursive: true });
  await writeFile(path.join(repo, 'src/parser/tokenizer.ts'), 'export const tokens = [];\n');
  grove.stub!.script('Explain', [[{ text: 'It lists the tokens.' }]]);
  await app.openWithSession(repo, { execution_mode: 'build' });

  await app.composer.pressSequentially('Explain @sptok');
  const files = page.getByRole('listbox', { name: 'Files' });
  await expect(files.getByRole('option').first()).toHaveText('src/parser/tokenizer.ts');
  await app.composer.press('Enter');
  await expect(app.composer).toHaveValue('Explain @src/parser/tokenizer.ts ');
  await expect(files).toBeHidden();
  await app.composer.press('Enter');

  const sent = app.messages().filter({ hasText: 'Explain' }).first();
  await expect(sent.locator('.mention-chip')).toHaveText('@src/parser/tokenizer.ts');
  await expect(app.assistantMessages().last()).toContainText('It lists the tokens.', {
    timeout: 60_000,
  });
  const prompts = grove.stub!.mainRequests('claude').map((request) => request.prompt);
  expect(prompts.some((prompt) => prompt?.includes('src/parser/tokenizer.ts'))).toBe(true);
});

test('Ctrl+K searches every session and jumps to the message in its history', async ({
  app,
  grove,
  page,
}) => {
  const repo = await grove.makeRepo('search');
  const project = await grove.server.ok('POST', '/api/projects', { path: repo });
  const [base] = await grove.server.ok('GET', `/api/projects/${project.id}/worktrees`);
  await grove.server.ok('POST', `/api/worktrees/${base.id}/sessions`, { name: 'Current' });
  const long = await grove.server.ok('POST', `/api/worktrees/${base.id}/sessions`, {
    name: 'Long history',
  });
  // 600 messages: the one searched for is pages back from the newest.
  await seedTranscript(grove.server.dataDir, long.id, bulkConversation(long.id, 600));
  // Written behind the server's back: a restart without the index file rebuilds it.
  await grove.server.stop();
  await rm(path.join(grove.server.dataDir, 'search-index.jsonl'));
  await grove.server.start();
  await app.open();
  await app.tab('Current').click();

  await page.keyboard.press('Control+k');
  const search = page.getByRole('dialog', { name: 'Search conversations' });
  await search.getByRole('searchbox', { name: 'Search messages' }).fill('line 42 do');
  const hit = search.getByRole('option').filter({ hasText: 'Long history' });
  await expect(hit).toHaveCount(1);
  await expect(hit.locator('mark')).toHaveText('line 42 do');
  await hit.click();

  await expect(search).toBeHidden();
  await expect(app.tab('Long history')).toHaveAttribute('aria-selected', 'true');
  const target = app.messages().filter({ hasText: 'Question number 42:' });
  await expect(target).toBeInViewport({ timeout: 30_000 });
  await expect(page.locator('.message-slot.jump-target')).toContainText('Question number 42:');
});

test('a turn’s changes are shown, and the worktree is restored to before it', async ({
  app,
  grove,
  page,
}) => {
  const repo = await grove.makeRepo('restore');
  grove.stub!.script('Write the restore file', [
    [{ tool: 'write', path: 'restore-me.txt', content: 'written by the agent\n' }],
    [{ text: 'Wrote restore-me.txt.' }],
  ]);
  await app.openWithSession(repo, { execution_mode: 'build' });
  await app.send('Write the restore file');
  await expect(app.assistantMessages().last()).toContainText('Wrote restore-me.txt.', {
    timeout: 60_000,
  });
  await expect(app.button('Cancel')).toBeHidden();
  expect(existsSync(path.join(repo, 'restore-me.txt'))).toBe(true);

  const turn = app.messages().filter({ hasText: 'Write the restore file' }).first();
  await turn.hover();
  await turn.getByRole('button', { name: 'Show changes of this turn' }).click();
  const changes = page.getByRole('dialog', { name: 'Changes of this turn' });
  await expect(changes.getByRole('list', { name: 'Files this turn changed' })).toContainText(
    'restore-me.txt',
  );
  await changes.press('Escape');
  await expect(changes).toBeHidden();

  // An edit made since the turn: the first restore is refused, naming it.
  await writeFile(path.join(repo, 'restore-me.txt'), 'my own edit\n');
  await turn.hover();
  await turn.getByRole('button', { name: 'Restore to before this turn' }).click();
  const confirm = page.getByRole('dialog', { name: 'Restore to before this turn?' });
  await confirm.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(confirm.getByRole('alert')).toContainText('restore-me.txt');
  await apiAnswer(page, 'POST', /\/checkpoints\/[^/]+\/restore$/, () =>
    confirm.getByRole('button', { name: 'Restore anyway' }).click(),
  );
  await expect(confirm).toBeHidden();
  expect(existsSync(path.join(repo, 'restore-me.txt'))).toBe(false);
});
