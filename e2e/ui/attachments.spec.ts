import { writeFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { TINY_PNG } from '../../server/test-support/attachments.js';
import { expect, test } from '../support/ui-fixtures.js';

/**
 * Attachments from the composer with the real Claude Code CLI and the model stub, which answers
 * with the images it received: proof the picture went all the way to the model.
 */
test.use({ agentBackend: 'claude' });

const RECEIVED = 'Images received: 1 (image/png).';

/** The list of files going with the next message. */
const fileChips = (page: Page) => page.getByRole('list', { name: 'Files to send' });

/** Pick a PNG called `name` with the attach button. */
const pickImage = (page: Page, name: string) =>
  page.getByLabel('Files to attach').setInputFiles({
    name,
    mimeType: 'image/png',
    buffer: TINY_PNG,
  });

test('an image picked with the attach button is sent, shown, and reaches the model', async ({
  app,
  grove,
  page,
}) => {
  const repo = await grove.makeRepo('attach-picker');
  grove.stub!.script('What is in the picture', [[{ echoImages: true }]]);
  await app.openWithSession(repo, { execution_mode: 'build' });

  await pickImage(page, 'shot.png');
  const chips = fileChips(page);
  await expect(chips.getByRole('listitem')).toHaveText(/shot\.png/);
  await expect(chips.getByRole('listitem')).not.toHaveAttribute('aria-busy');
  await app.composer.fill('What is in the picture?');
  await app.composer.press('Enter');

  await expect(chips).toBeHidden();
  const sent = app.messages().filter({ hasText: 'What is in the picture?' }).first();
  await expect(sent.getByRole('img', { name: 'shot.png' })).toBeVisible();
  await expect(app.assistantMessages().last()).toContainText(RECEIVED, { timeout: 60_000 });
});

test('a pasted image is attached; a pasted binary file is refused with the reason', async ({
  app,
  grove,
  page,
}) => {
  const repo = await grove.makeRepo('attach-paste');
  grove.stub!.script('Look at this', [[{ echoImages: true }]]);
  await app.openWithSession(repo, { execution_mode: 'build' });

  const paste = (name: string, type: string, bytes: number[]) =>
    app.composer.evaluate(
      (box, file) => {
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
        box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
      },
      { name, type, bytes },
    );
  await paste(
    'program.bin',
    'application/octet-stream',
    [0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  );
  await expect(page.getByRole('alert')).toContainText('PNG, JPEG, GIF or WebP');

  await paste('image.png', 'image/png', [...TINY_PNG]);
  const chips = fileChips(page);
  await expect(chips.getByRole('listitem')).toHaveCount(1);
  await expect(chips.getByRole('listitem')).not.toHaveAttribute('aria-busy');
  await app.composer.fill('Look at this');
  await app.composer.press('Enter');

  const sent = app.messages().filter({ hasText: 'Look at this' }).first();
  await expect(sent.getByRole('img', { name: 'image.png' })).toBeVisible();
  await expect(app.assistantMessages().last()).toContainText(RECEIVED, { timeout: 60_000 });
});

test('an image alone is a message: Send needs no text, and the model gets the image', async ({
  app,
  grove,
  page,
}) => {
  const repo = await grove.makeRepo('attach-alone');
  await app.openWithSession(repo, { execution_mode: 'build' });
  const send = page.getByRole('button', { name: 'Send' });
  await expect(send).toBeDisabled();

  await pickImage(page, 'alone.png');
  const chips = fileChips(page);
  await expect(chips.getByRole('listitem')).not.toHaveAttribute('aria-busy');
  await expect(send).toBeEnabled();
  await send.click();

  await expect(chips).toBeHidden();
  await expect(app.messages().first().getByRole('img', { name: 'alone.png' })).toBeVisible();
  // No script matches a message without text: the stub gives its default answer.
  await expect(app.assistantMessages().last()).toContainText('model-stub default answer', {
    timeout: 60_000,
  });
  expect(grove.stub!.mainRequests('claude').at(-1)?.images).toEqual(['image/png']);
});

test('a send the server refuses gives back both the text and the files', async ({
  app,
  grove,
  page,
}) => {
  const repo = await grove.makeRepo('attach-refused');
  await app.openWithSession(repo, { execution_mode: 'build' });
  // Three files each under the per-file limit, together over the per-message one: a real 413.
  // Given as files on disk: Chromium reads them itself, where 24 MB of buffers would cross the
  // driver's pipe, which took over 15 s on a loaded machine.
  const heavy = Buffer.alloc(8 * 1024 * 1024, 'b');
  const files = ['1.txt', '2.txt', '3.txt'].map((name) => test.info().outputPath(name));
  for (const file of files) await writeFile(file, heavy);
  await page.getByLabel('Files to attach').setInputFiles(files);
  const chips = fileChips(page).getByRole('listitem');
  await expect(chips).toHaveCount(3);
  for (const chip of await chips.all()) await expect(chip).not.toHaveAttribute('aria-busy');
  await app.composer.fill('Read these');
  await app.composer.press('Enter');

  await expect(page.getByRole('alert')).toContainText('files may weigh at most');
  await expect(app.composer).toHaveValue('Read these');
  await expect(chips).toHaveText([/1\.txt/, /2\.txt/, /3\.txt/]);
  await expect(app.messages()).toHaveCount(0);
});

test('edit and resend puts the message’s files back in the box with its text', async ({
  app,
  grove,
  page,
}) => {
  const repo = await grove.makeRepo('attach-edit');
  grove.stub!.script('Describe the picture', [[{ echoImages: true }]]);
  await app.openWithSession(repo, { execution_mode: 'build' });
  // How files reach the server: uploaded once, then copied there (the bytes never come back).
  const attachmentPosts: string[] = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (request.method() === 'POST' && /\/attachments(\/copy)?$/.test(pathname)) {
      attachmentPosts.push(pathname.endsWith('/copy') ? 'copy' : 'upload');
    }
  });
  await pickImage(page, 'again.png');
  const chips = fileChips(page).getByRole('listitem');
  await expect(chips).not.toHaveAttribute('aria-busy');
  await app.composer.fill('Describe the picture');
  await app.composer.press('Enter');
  await expect(app.assistantMessages().last()).toContainText(RECEIVED, { timeout: 60_000 });

  // The first message: the rewound conversation is a new session, its box holding both again.
  const question = app.messages().filter({ hasText: 'Describe the picture' }).first();
  await question.hover();
  await question.getByRole('button', { name: 'Edit and resend' }).click();
  await expect(app.composer).toHaveValue('Describe the picture');
  await expect(chips).toHaveText(/again\.png/);
  await expect(chips).not.toHaveAttribute('aria-busy');
  expect(attachmentPosts).toEqual(['upload', 'copy']);
  await app.composer.fill('Describe the picture once more');
  await app.composer.press('Enter');
  const resent = app.messages().filter({ hasText: 'once more' }).first();
  await expect(resent.getByRole('img', { name: 'again.png' })).toBeVisible();
  await expect(app.assistantMessages().last()).toContainText(RECEIVED, { timeout: 60_000 });
  expect(grove.stub!.mainRequests('claude').at(-1)?.images).toEqual(['image/png']);
});
