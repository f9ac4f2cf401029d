import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { McpStartup } from './mcp-startup.js';

describe("holding Codex's turn until its MCP servers are up", () => {
  test('starts at once without servers', () => {
    let started = 0;
    new McpStartup([]).whenSettled(() => started++);
    assert.equal(started, 1);
  });

  test('waits for every server to be ready or failed, whichever order the news comes in', () => {
    let started = 0;
    const startup = new McpStartup(['echo', 'web']);
    startup.update('echo', 'starting');
    startup.whenSettled(() => started++);
    startup.update('echo', 'ready');
    assert.equal(started, 0, 'web is still starting');
    startup.update('web', 'failed');
    startup.update('web', 'failed');
    assert.equal(started, 1, 'started once');
  });

  test('a server that never answers holds the turn only until the wait ends', async () => {
    const startup = new McpStartup(['slow'], 20);
    await new Promise<void>((resolve) => startup.whenSettled(resolve));
  });
});
