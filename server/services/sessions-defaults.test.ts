// Where a new session's settings come from when the request leaves them out: execution_mode from
// the global default (plan); backend, model and thinking_level from the project, then globally.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { DEFAULT_PREFERENCES, type Session } from '../contract/index.js';
import { createSession, startWorld, type SessionsWorld } from '../test-support/sessions-fixture.js';

type Settings = Pick<Session, 'execution_mode' | 'backend' | 'model' | 'thinking_level'>;
const settingsOf = ({ execution_mode, backend, model, thinking_level }: Session): Settings => ({
  execution_mode,
  backend,
  model,
  thinking_level,
});

describe('Sessions API: inherited settings', () => {
  let world: SessionsWorld;
  before(async () => {
    world = await startWorld();
  });
  after(() => world.close());
  beforeEach(async () => {
    const reset = await world.api.patch('/api/preferences', {
      default_backend: DEFAULT_PREFERENCES.default_backend,
      default_models: DEFAULT_PREFERENCES.default_models,
      default_execution_mode: DEFAULT_PREFERENCES.default_execution_mode,
      default_thinking_level: DEFAULT_PREFERENCES.default_thinking_level,
    });
    assert.equal(reset.status, 200);
  });

  const setPreferences = async (patch: Record<string, unknown>) =>
    assert.equal((await world.api.patch('/api/preferences', patch)).status, 200);
  const setProjectDefaults = async (projectId: string, defaults: Record<string, unknown>) =>
    assert.equal((await world.api.patch(`/api/projects/${projectId}`, { defaults })).status, 200);
  const created = async (worktreeId: string, body: Record<string, unknown> = {}) =>
    settingsOf(await createSession(world.api, worktreeId, body));

  test('out of the box: plan, claude, its default model, thinking off', async () => {
    const preferences = (await world.api.get('/api/preferences')).body;
    assert.equal(preferences.default_backend, 'claude');
    assert.deepEqual(await created(await world.newWorktree()), {
      execution_mode: 'plan',
      backend: 'claude',
      model: preferences.default_models.claude,
      thinking_level: 'off',
    });
  });

  test('global preferences apply when the project sets nothing', async () => {
    const worktreeId = await world.newWorktree();
    await setPreferences({
      default_backend: 'codex',
      default_models: { codex: 'gpt-global' },
      default_thinking_level: 'think',
    });
    assert.deepEqual(await created(worktreeId), {
      execution_mode: 'plan',
      backend: 'codex',
      model: 'gpt-global',
      thinking_level: 'think',
    });
    // The model follows the backend the request picks.
    await setPreferences({ default_models: { opencode: 'oc-global' } });
    assert.equal((await created(worktreeId, { backend: 'opencode' })).model, 'oc-global');
  });

  test('the global default execution mode applies when the request names none', async () => {
    const worktreeId = await world.newWorktree();
    await setPreferences({ default_execution_mode: 'build' });
    assert.equal((await created(worktreeId)).execution_mode, 'build');
    assert.equal((await created(worktreeId, { execution_mode: 'plan' })).execution_mode, 'plan');
  });

  test('project defaults win over the global preferences, for that project only', async () => {
    const mine = await world.newProject();
    const other = await world.newProject();
    await setPreferences({ default_backend: 'codex', default_thinking_level: 'think' });
    await setProjectDefaults(mine.projectId, {
      backend: 'opencode',
      models: { opencode: 'oc-project' },
      thinking_level: 'megathink',
    });
    assert.deepEqual(await created(mine.worktreeId), {
      execution_mode: 'plan',
      backend: 'opencode',
      model: 'oc-project',
      thinking_level: 'megathink',
    });
    assert.deepEqual(await created(other.worktreeId), {
      execution_mode: 'plan',
      backend: 'codex',
      model: DEFAULT_PREFERENCES.default_models.codex,
      thinking_level: 'think',
    });
  });

  test('each setting falls back on its own: a project model without a project backend', async () => {
    const project = await world.newProject();
    await setPreferences({ default_backend: 'codex', default_models: { claude: 'claude-global' } });
    await setProjectDefaults(project.projectId, { models: { codex: 'codex-project' } });
    assert.deepEqual(await created(project.worktreeId), {
      execution_mode: 'plan',
      backend: 'codex',
      model: 'codex-project',
      thinking_level: 'off',
    });
    // A backend the project has no model for takes the global model for that backend.
    assert.equal((await created(project.worktreeId, { backend: 'claude' })).model, 'claude-global');
    // Clearing a project default (null) hands the setting back to the global preferences.
    await setProjectDefaults(project.projectId, { models: { codex: null } });
    assert.equal(
      (await created(project.worktreeId)).model,
      DEFAULT_PREFERENCES.default_models.codex,
    );
  });

  test('a request value beats every default', async () => {
    const project = await world.newProject();
    await setPreferences({ default_backend: 'codex', default_thinking_level: 'think' });
    await setProjectDefaults(project.projectId, {
      backend: 'opencode',
      models: { opencode: 'oc-project', claude: 'claude-project' },
      thinking_level: 'megathink',
    });
    const explicit = {
      execution_mode: 'yolo',
      backend: 'claude',
      model: 'opus',
      thinking_level: 'ultrathink',
    } as const;
    assert.deepEqual(await created(project.worktreeId, explicit), explicit);
    assert.equal(
      (await created(project.worktreeId, { backend: 'claude' })).model,
      'claude-project',
    );
  });

  test('defaults are read at creation: later changes leave existing sessions alone', async () => {
    const project = await world.newProject();
    const session = await createSession(world.api, project.worktreeId);
    await setPreferences({ default_backend: 'codex' });
    await setProjectDefaults(project.projectId, { thinking_level: 'ultrathink' });
    const reread = (await world.api.get(`/api/sessions/${session.id}`)).body;
    assert.deepEqual(settingsOf(reread), settingsOf(session));
  });

  test('switching backend by PATCH re-inherits the model through the same chain', async () => {
    const project = await world.newProject();
    await setProjectDefaults(project.projectId, { models: { codex: 'codex-project' } });
    const session = await createSession(world.api, project.worktreeId);
    const patched = await world.api.patch(`/api/sessions/${session.id}`, { backend: 'codex' });
    assert.equal(patched.body.model, 'codex-project');
  });
});
