// GET /api/search over stored sessions (filters, archived ones, snippets) and
// GET /api/worktrees/:id/files (fuzzy, tracked + untracked, .gitignore respected, kept current).
import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FileSearchResult, SearchResult } from '../contract/index.js';
import { gitIn } from '../test-support/git.js';
import {
  makeRepo,
  removeDir,
  startTestServer,
  tempDir,
  type TestServer,
} from '../test-support/harness.js';
import { seedMessages } from '../test-support/sessions-fixture.js';

describe('search API', () => {
  let server: TestServer;
  let dataDir: string;
  let repo: string;
  const ids = { project: '', worktree: '', other: '', sessions: [] as string[] };

  before(async () => {
    dataDir = await tempDir('grove-search-data-');
    repo = await makeRepo();
    const first = await startTestServer({ dataDir });
    const project = await first.api.post('/api/projects', { path: repo });
    ids.project = project.body.id;
    ids.worktree = (await first.api.get(`/api/projects/${ids.project}/worktrees`)).body[0].id;
    const other = await first.api.post(`/api/projects/${ids.project}/worktrees`, { name: 'other' });
    ids.other = other.body.id;
    for (const worktree of [ids.worktree, ids.other, ids.worktree]) {
      const session = await first.api.post(`/api/worktrees/${worktree}/sessions`, {});
      ids.sessions.push(session.body.id);
    }
    await first.api.post(`/api/sessions/${ids.sessions[2]}/archive`);
    await first.close();
    // Transcripts written behind the server's back, and no index: the next start rebuilds it.
    for (const sessionId of ids.sessions) await seedMessages(dataDir, sessionId, 3);
    await rm(path.join(dataDir, 'search-index.jsonl'));
    server = await startTestServer({ dataDir });
  });
  after(async () => {
    await server.close();
    await Promise.all([removeDir(dataDir), removeDir(path.dirname(repo))]);
  });

  const search = async (query: string) => {
    const response = await server.api.get(`/api/search?${query}`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return (response.body as SearchResult).hits;
  };

  test('answers session, message and a snippet with the match marked, newest first', async () => {
    const hits = await search('q=MESSAGE%202');
    assert.deepEqual(
      hits.map((hit) => hit.session_id).sort(),
      [ids.sessions[0], ids.sessions[1]].sort(),
      'archived sessions are left out',
    );
    for (const hit of hits) {
      assert.equal(hit.snippet, 'message 2');
      assert.equal(hit.snippet.slice(hit.match_start, hit.match_end), 'message 2');
      assert.equal(hit.project_id, ids.project);
    }
  });

  test('narrows to a worktree or project, and includes archived sessions on request', async () => {
    const inWorktree = await search(`q=message&worktree_id=${ids.worktree}&limit=50`);
    assert.deepEqual(new Set(inWorktree.map((hit) => hit.session_id)), new Set([ids.sessions[0]]));
    const archived = await search(`q=message&worktree_id=${ids.worktree}&include_archived=true`);
    assert.equal(archived.length, 6);
    assert.equal((await search(`q=message&project_id=${ids.project}&limit=4`)).length, 4);
    const unknown = await server.api.get(`/api/search?q=x&project_id=${crypto.randomUUID()}`);
    assert.equal(unknown.status, 404);
    assert.equal((await server.api.get('/api/search?q=%20')).status, 400);
  });

  test('files: fuzzy matches over tracked and untracked files, ignored ones left out', async () => {
    const worktree = (await server.api.get(`/api/worktrees/${ids.worktree}`)).body.path as string;
    await mkdir(path.join(worktree, 'src/parser'), { recursive: true });
    await writeFile(path.join(worktree, 'src/parser/tokenizer.ts'), '');
    await writeFile(path.join(worktree, '.gitignore'), 'build/\n');
    await mkdir(path.join(worktree, 'build'));
    await writeFile(path.join(worktree, 'build/tokenizer.js'), '');
    gitIn(worktree, 'add', '.gitignore');
    const files = async (query: string) => {
      const response = await server.api.get(`/api/worktrees/${ids.worktree}/files?${query}`);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body as FileSearchResult;
    };
    const found = await files('query=sptok');
    assert.deepEqual(
      found.files.map((file) => file.path),
      ['src/parser/tokenizer.ts'],
    );
    assert.equal(found.files[0]?.indexes.length, 5);
    assert.deepEqual(
      (await files('')).files.map((file) => file.path),
      ['.gitignore', 'README.md', 'src/parser/tokenizer.ts'],
    );
    assert.equal((await files('query=zzzz')).total, 0);
    const missing = await server.api.get(`/api/worktrees/${crypto.randomUUID()}/files`);
    assert.equal(missing.status, 404);
  });
});
