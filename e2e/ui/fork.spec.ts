import { expect, test } from '../support/ui-fixtures.js';

/**
 * "Fork from here" and "Edit and resend" with the real Claude Code CLI and the model stub: both
 * open a fork; editing rewinds the agent's conversation to before the edited message.
 */
test.use({ agentBackend: 'claude' });

test('a fork keeps the conversation; edit and resend rewinds the agent to before the message', async ({
  app,
  grove,
  page,
}) => {
  const repo = await grove.makeRepo('fork');
  grove.stub!.script('remember kumquat', [
    [{ tool: 'write', path: 'kumquat.txt', content: 'kumquat\n' }],
    [{ text: 'Noted: kumquat.' }],
  ]);
  grove.stub!.script('remember papaya', [[{ text: 'Noted: papaya.' }]]);
  grove.stub!.script('remember fig', [[{ text: 'Noted: fig.' }]]);
  await app.openWithSession(repo, { execution_mode: 'build' });
  for (const [prompt, answer] of [
    ['remember kumquat', 'Noted: kumquat.'],
    ['remember papaya', 'Noted: papaya.'],
  ] as const) {
    await app.composer.fill(prompt);
    await app.composer.press('Enter');
    await expect(app.assistantMessages().last()).toContainText(answer, { timeout: 60_000 });
  }

  const firstAnswer = app.assistantMessages().first();
  await firstAnswer.hover();
  await firstAnswer.getByRole('button', { name: 'Fork from here' }).click();
  await expect(app.tab('Chat (fork)')).toHaveAttribute('aria-selected', 'true');
  await expect(app.messages()).toHaveCount(2);
  await expect(app.assistantMessages().last()).toContainText('Noted: kumquat.');
  // The copied turn keeps its checkpoints: its changes can be shown in the fork.
  const copiedTurn = app.messages().filter({ hasText: 'remember kumquat' }).first();
  await copiedTurn.hover();
  await copiedTurn.getByRole('button', { name: 'Show changes of this turn' }).click();
  const changes = page.getByRole('dialog', { name: 'Changes of this turn' });
  await expect(changes.getByRole('list', { name: 'Files this turn changed' })).toContainText(
    'kumquat.txt',
  );
  await changes.press('Escape');
  await expect(changes).toBeHidden();

  await app.tab('Chat').click();
  const lastQuestion = app.messages().filter({ hasText: 'remember papaya' });
  await lastQuestion.hover();
  await lastQuestion.getByRole('button', { name: 'Edit and resend' }).click();
  await expect(app.tab('Chat (fork)')).toHaveCount(2);
  await expect(app.composer).toHaveValue('remember papaya');
  await app.composer.fill('remember fig');
  await app.composer.press('Enter');
  await expect(app.assistantMessages().last()).toContainText('Noted: fig.', { timeout: 60_000 });
  const sent = JSON.stringify(grove.stub!.mainRequests('claude').at(-1)?.body);
  expect(sent).toContain('kumquat');
  expect(sent).not.toContain('papaya');
  await expect(page.getByRole('tab', { name: 'Chat (fork)', selected: true })).toHaveCount(1);
});
