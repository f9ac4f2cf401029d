// POST/GET /api/sessions/:id/attachments: types read from the bytes, size limits as 413, bad
// uploads as clear 4xx, files sent with a message reach the driver, and go with the session.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ATTACHMENT_LIMITS } from '../contract/index.js';
import { TINY_PNG, uploadAttachment } from '../test-support/attachments.js';
import { makeRepo, removeDir, startTestServer, type TestServer } from '../test-support/harness.js';
import { ScriptedToolkit } from '../test-support/scripted-toolkit.js';

describe('attachments API', () => {
  const toolkit = new ScriptedToolkit();
  let server: TestServer;
  let repo: string;
  let worktreeId: string;
  let sessionId: string;

  const newSession = async () =>
    (await server.api.post(`/api/worktrees/${worktreeId}/sessions`, {})).body.id as string;
  const attachmentsDir = (session: string) => path.join(server.dataDir, 'attachments', session);

  before(async () => {
    repo = await makeRepo();
    server = await startTestServer({ agentToolkit: toolkit });
    const project = await server.api.post('/api/projects', { path: repo });
    worktreeId = (await server.api.get(`/api/projects/${project.body.id}/worktrees`)).body[0].id;
    sessionId = await newSession();
  });
  after(async () => {
    await server.close();
    await removeDir(server.dataDir);
    await removeDir(path.dirname(repo));
  });

  test('an image is typed by its bytes and served back as it was sent', async () => {
    const sent = await uploadAttachment(server.api, sessionId, 'shot.bin', TINY_PNG);
    assert.equal(sent.status, 201);
    assert.deepEqual(sent.body, {
      id: sent.body.id,
      name: 'shot.bin',
      mime: 'image/png',
      size: TINY_PNG.length,
    });
    const served = await fetch(
      `${server.api.baseUrl}/api/sessions/${sessionId}/attachments/${sent.body.id}`,
      { headers: { authorization: `Bearer ${server.api.token}` } },
    );
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), TINY_PNG);
  });

  test('a UTF-8 file is text; its name loses any folder', async () => {
    const sent = await uploadAttachment(
      server.api,
      sessionId,
      '../../notes/todo.md',
      Buffer.from('# Todo\n- ünïcode\n'),
    );
    assert.equal(sent.status, 201);
    assert.equal(sent.body.mime, 'text/plain');
    assert.equal(sent.body.name, 'todo.md');
  });

  test('a binary file is refused 415, whatever the client calls it', async () => {
    const elf = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const sent = await uploadAttachment(server.api, sessionId, 'photo.png', elf, 'image/png');
    assert.equal(sent.status, 415);
    assert.equal(sent.body.error.code, 'attachment-type-not-allowed');
    assert.match(sent.body.error.message, /PNG, JPEG, GIF or WebP/);
  });

  test('a file over the limit is refused 413 and leaves nothing behind', async () => {
    const before = await readdir(attachmentsDir(sessionId));
    const big = Buffer.alloc(ATTACHMENT_LIMITS.fileBytes + 1, 'a');
    const sent = await uploadAttachment(server.api, sessionId, 'big.txt', big);
    assert.equal(sent.status, 413);
    assert.equal(sent.body.error.code, 'attachment-too-large');
    assert.deepEqual(await readdir(attachmentsDir(sessionId)), before);
  });

  test('bad uploads answer 4xx: not multipart, no file field, unknown session or file', async () => {
    const json = await server.api.post(`/api/sessions/${sessionId}/attachments`, { a: 1 });
    assert.equal(json.status, 415);
    assert.equal(json.body.error.code, 'unsupported-media-type');

    const form = new FormData();
    form.append('other', 'x');
    const noFile = await fetch(`${server.api.baseUrl}/api/sessions/${sessionId}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.api.token}` },
      body: form,
    });
    assert.equal(noFile.status, 400);
    assert.equal(((await noFile.json()) as { error: { field: string } }).error.field, 'file');

    const unknownSession = await uploadAttachment(
      server.api,
      '00000000-0000-4000-8000-000000000000',
      'a.png',
      TINY_PNG,
    );
    assert.equal(unknownSession.status, 404);
    const unknownFile = await server.api.get(
      `/api/sessions/${sessionId}/attachments/00000000-0000-4000-8000-000000000000`,
    );
    assert.equal(unknownFile.status, 404);
  });

  test("a copy puts another session's file into this one: same id, bytes and description", async () => {
    const source = await newSession();
    const target = await newSession();
    const image = (await uploadAttachment(server.api, source, 'a.png', TINY_PNG)).body;
    const copied = await server.api.post(`/api/sessions/${target}/attachments/copy`, {
      from_session_id: source,
      attachment_id: image.id,
    });
    assert.equal(copied.status, 201, JSON.stringify(copied.body));
    assert.deepEqual(copied.body, image);
    const served = await fetch(
      `${server.api.baseUrl}/api/sessions/${target}/attachments/${image.id}`,
      { headers: { authorization: `Bearer ${server.api.token}` } },
    );
    assert.equal(served.status, 200);
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), TINY_PNG);
    // The copy is the target's own: it stays when the source and its folder go.
    assert.equal((await server.api.delete(`/api/sessions/${source}`)).status, 204);
    assert.equal(existsSync(attachmentsDir(source)), false);
    const turnIndex = toolkit.turns.length;
    const sent = await server.api.post(`/api/sessions/${target}/messages`, {
      content: 'the same picture',
      attachments: [image.id],
    });
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    const turn = await toolkit.turn(turnIndex);
    assert.deepEqual(
      turn.request.attachments?.map((attachment) => attachment.path),
      [path.join(attachmentsDir(target), image.id)],
    );
    turn.end();
  });

  test('a copy of a file or from a session that does not exist is 404 and writes nothing', async () => {
    const source = await newSession();
    const target = await newSession();
    const image = (await uploadAttachment(server.api, source, 'a.png', TINY_PNG)).body;
    const missing = '00000000-0000-4000-8000-000000000000';
    const cases = [
      { session: target, body: { from_session_id: source, attachment_id: missing } },
      { session: target, body: { from_session_id: missing, attachment_id: image.id } },
      { session: missing, body: { from_session_id: source, attachment_id: image.id } },
    ];
    for (const { session, body } of cases) {
      const copied = await server.api.post(`/api/sessions/${session}/attachments/copy`, body);
      assert.equal(copied.status, 404, JSON.stringify(body));
      assert.equal(copied.body.error.code, 'not-found');
    }
    assert.equal(existsSync(attachmentsDir(target)), false);
    assert.equal(existsSync(attachmentsDir(missing)), false);
    const malformed = await server.api.post(`/api/sessions/${target}/attachments/copy`, {
      from_session_id: source,
    });
    assert.equal(malformed.status, 400);
  });

  test('a message sends its attachments to the driver; the message lists them', async () => {
    const session = await newSession();
    const image = (await uploadAttachment(server.api, session, 'a.png', TINY_PNG)).body;
    const turnIndex = toolkit.turns.length;
    const sent = await server.api.post(`/api/sessions/${session}/messages`, {
      content: 'what is in the picture?',
      attachments: [image.id],
    });
    assert.equal(sent.status, 202);
    assert.deepEqual(sent.body.message.attachments, [image]);
    const turn = await toolkit.turn(turnIndex);
    assert.deepEqual(
      turn.request.attachments?.map(({ path: file, ...rest }) => ({ ...rest, file })),
      [{ ...image, file: path.join(attachmentsDir(session), image.id) }],
    );
    turn.end();
  });

  test('a message of attachments alone goes with no text; an empty one without is 400', async () => {
    const session = await newSession();
    const image = (await uploadAttachment(server.api, session, 'a.png', TINY_PNG)).body;
    const empty = await server.api.post(`/api/sessions/${session}/messages`, { content: '  ' });
    assert.equal(empty.status, 400);
    assert.match(empty.body.error.message, /content: must not be empty without attachments/);
    const turnIndex = toolkit.turns.length;
    const sent = await server.api.post(`/api/sessions/${session}/messages`, {
      content: '',
      attachments: [image.id],
    });
    assert.equal(sent.status, 202);
    assert.deepEqual(sent.body.message.parts, []);
    const turn = await toolkit.turn(turnIndex);
    assert.equal(turn.request.prompt, '');
    assert.deepEqual(
      turn.request.attachments?.map((attachment) => attachment.id),
      [image.id],
    );
    turn.end();
  });

  test('a message queued behind a run keeps its files and hands them to its own turn', async () => {
    const session = await newSession();
    const image = (await uploadAttachment(server.api, session, 'a.png', TINY_PNG)).body;
    const firstIndex = toolkit.turns.length;
    await server.api.post(`/api/sessions/${session}/messages`, { content: 'first' });
    const first = await toolkit.turn(firstIndex);
    const queued = await server.api.post(`/api/sessions/${session}/messages`, {
      content: 'then this picture',
      attachments: [image.id],
    });
    assert.equal(queued.status, 202);
    assert.deepEqual(queued.body.queued.attachments, [image]);
    assert.equal(first.request.attachments?.length ?? 0, 0);
    first.end();

    const second = await toolkit.turn(firstIndex + 1);
    assert.equal(second.request.prompt, 'then this picture');
    assert.deepEqual(
      second.request.attachments?.map(({ path: file, ...rest }) => ({ ...rest, file })),
      [{ ...image, file: path.join(attachmentsDir(session), image.id) }],
    );
    second.end();
  });

  test("a message's ids are checked: unknown 404, repeated or too many 400, too heavy 413", async () => {
    const session = await newSession();
    const send = (attachments: string[]) =>
      server.api.post(`/api/sessions/${session}/messages`, { content: 'see', attachments });
    assert.equal((await send(['00000000-0000-4000-8000-000000000000'])).status, 404);
    const image = (await uploadAttachment(server.api, session, 'a.png', TINY_PNG)).body;
    assert.equal((await send([image.id, image.id])).status, 400);
    assert.equal((await send(Array.from({ length: 11 }, () => image.id))).status, 400);
    const heavy = Buffer.alloc(8 * 1024 * 1024, 'b');
    const ids: string[] = [];
    for (const name of ['1.txt', '2.txt', '3.txt']) {
      ids.push((await uploadAttachment(server.api, session, name, heavy)).body.id);
    }
    const tooHeavy = await send(ids);
    assert.equal(tooHeavy.status, 413);
    assert.equal(tooHeavy.body.error.code, 'attachment-too-large');
  });

  test('deleting the session removes its files', async () => {
    const session = await newSession();
    await uploadAttachment(server.api, session, 'a.png', TINY_PNG);
    assert.ok(existsSync(attachmentsDir(session)));
    assert.equal((await server.api.delete(`/api/sessions/${session}`)).status, 204);
    assert.equal(existsSync(attachmentsDir(session)), false);
  });
});
