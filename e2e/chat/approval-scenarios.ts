import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Approval, Backend, ServerFrame } from '../../server/contract/index.js';
import {
  requestedBy,
  startChatRig,
  waitForRun,
  type ChatRig,
  type Requested,
} from './chat-harness.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { nothingAddedIn, processesIn, until } from '../../server/test-support/processes.js';
import { EventRecorder } from '../../server/test-support/harness.js';
import type { GroveServer } from '../../server/server.js';

/** How one backend's CLI is made to ask; what differs between the CLIs. */
export interface ApprovalBackendOptions {
  /**
   * A shell command that writes `text` to `file` (relative to the worktree) and that the CLI asks
   * about in build mode. Claude Code runs plain redirections and `touch` unasked in acceptEdits,
   * so the default goes through `sh -c`.
   */
  writeCommand?: (file: string, text: string) => string;
  /** The command name allow-always remembers for `writeCommand`. */
  commandName?: string;
  /** Whether a deny's message reaches the model (Codex's decline carries none). */
  denyMessageReachesModel?: boolean;
}

/**
 * The approval behaviours every backend must show (issue #12), against its real CLI and the
 * model stub. Each scenario scripts the model with its own phrase and writes its own file.
 */
export function defineApprovalScenarios(
  backend: Backend,
  options: ApprovalBackendOptions = {},
): void {
  const writeCommand = options.writeCommand ?? ((file, text) => `sh -c 'echo ${text} > ${file}'`);
  const commandName = options.commandName ?? 'sh';

  describe(`approvals with the real ${backend} CLI`, { concurrency: false }, () => {
    let rig: ChatRig;
    before(async () => {
      rig = await startChatRig(backend);
    });
    after(async () => {
      await rig.close();
    });

    const session = async (mode: 'plan' | 'build' | 'yolo') =>
      (await rig.createSession({ execution_mode: mode })).id;
    const getSession = async (id: string) => (await rig.test.api.get(`/api/sessions/${id}`)).body;
    const send = async (id: string, content: string): Promise<string> => {
      const sent = await rig.test.api.post(`/api/sessions/${id}/messages`, { content });
      assert.equal(sent.status, 202, JSON.stringify(sent.body));
      return sent.body.run_id as string;
    };
    const answer = (id: string, approvalId: string, body: Record<string, unknown>) =>
      rig.test.api.post(`/api/sessions/${id}/approvals/${approvalId}`, body);
    const fileIn = (name: string) => path.join(rig.repo, name);

    test('build mode asks before a command; allow runs it', async () => {
      rig.stub.script('Approve alpha', [
        [{ tool: 'bash', command: writeCommand('alpha.txt', 'alpha') }],
        [{ text: 'Alpha done.' }],
      ]);
      const id = await session('build');
      const runId = await send(id, 'Approve alpha');
      const approval = await approvalRequested(rig.events, id);
      assert.equal(approval.kind, 'command');
      assert.match(approval.description, /alpha\.txt/);
      assert.equal(approval.command_name, commandName);
      assert.equal(existsSync(fileIn('alpha.txt')), false, 'nothing runs before the answer');
      const waiting = await getSession(id);
      assert.equal(waiting.status, 'awaiting_approval');
      assert.deepEqual(
        waiting.pending_approvals.map((item: { id: string }) => item.id),
        [approval.id],
      );

      const answered = await answer(id, approval.id, { decision: 'allow' });
      assert.equal(answered.status, 200, JSON.stringify(answered.body));
      const run = await waitForRun(rig.events, runId);
      assert.equal(run.terminal.event, 'run-completed', JSON.stringify(run.terminal.data));
      assert.equal(readFileSync(fileIn('alpha.txt'), 'utf8').trim(), 'alpha');
      assert.equal(await resolution(rig.events, approval.id), 'allow');
      const done = await getSession(id);
      assert.deepEqual(done.pending_approvals, []);
      assert.equal((await answer(id, approval.id, { decision: 'allow' })).status, 409);
      assert.equal((await answer(id, crypto.randomUUID(), { decision: 'allow' })).status, 404);
    });

    test('deny leaves the file absent and the run completes', async () => {
      rig.stub.script('Deny bravo', [
        [{ tool: 'bash', command: writeCommand('bravo.txt', 'bravo') }],
        [{ text: 'Bravo skipped.' }],
      ]);
      const id = await session('build');
      const runId = await send(id, 'Deny bravo');
      const approval = await approvalRequested(rig.events, id);
      const message = 'Not now, bravo stays unwritten.';
      assert.equal((await answer(id, approval.id, { decision: 'deny', message })).status, 200);
      const run = await waitForRun(rig.events, runId);
      assert.equal(run.terminal.event, 'run-completed', JSON.stringify(run.terminal.data));
      assert.equal(existsSync(fileIn('bravo.txt')), false);
      assert.equal(await resolution(rig.events, approval.id), 'deny');
      if (options.denyMessageReachesModel ?? true) {
        const followUp = rig.stub
          .mainRequests()
          .filter((request) => request.prompt?.includes('Deny bravo'))
          .at(-1);
        assert.match(JSON.stringify(followUp?.body), /bravo stays unwritten/);
      }
    });

    test('allow-always stops the next ask for the same command', async () => {
      rig.stub.script('Always charlie', [
        [{ tool: 'bash', command: writeCommand('charlie-1.txt', 'one') }],
        [{ tool: 'bash', command: writeCommand('charlie-2.txt', 'two') }],
        [{ text: 'Both charlie files written.' }],
      ]);
      const id = await session('build');
      const runId = await send(id, 'Always charlie');
      const approval = await approvalRequested(rig.events, id);
      assert.equal((await answer(id, approval.id, { decision: 'allow-always' })).status, 200);
      const run = await waitForRun(rig.events, runId);
      assert.equal(run.terminal.event, 'run-completed', JSON.stringify(run.terminal.data));
      assert.equal(readFileSync(fileIn('charlie-2.txt'), 'utf8').trim(), 'two');
      assert.equal(requestsOf(rig.events, id).length, 1, 'the second command is not asked');
      const stored = await getSession(id);
      assert.deepEqual(stored.approval_rules, [{ tool: approval.tool, command_name: commandName }]);
    });

    test('plan mode never writes, even when the CLI asks', async () => {
      rig.stub.script('Plan delta', [
        [{ tool: 'write', path: 'delta.txt', content: 'delta\n' }],
        [{ tool: 'bash', command: writeCommand('delta-2.txt', 'delta') }],
        [{ text: 'Plan: write delta.txt.' }],
      ]);
      const id = await session('plan');
      const run = await rig.converse(id, 'Plan delta');
      assert.equal(run.terminal.event, 'run-completed', JSON.stringify(run.terminal.data));
      assert.equal(existsSync(fileIn('delta.txt')), false);
      assert.equal(existsSync(fileIn('delta-2.txt')), false);
      assert.deepEqual(requestsOf(rig.events, id), [], 'plan mode denies without asking');
    });

    test('yolo mode never asks', async () => {
      rig.stub.script('Yolo echo', [
        [{ tool: 'bash', command: writeCommand('echo.txt', 'echo') }],
        [{ tool: 'write', path: 'echo-2.txt', content: 'echo\n' }],
        [{ text: 'Echo written.' }],
      ]);
      const id = await session('yolo');
      const run = await rig.converse(id, 'Yolo echo');
      assert.equal(run.terminal.event, 'run-completed', JSON.stringify(run.terminal.data));
      assert.equal(readFileSync(fileIn('echo.txt'), 'utf8').trim(), 'echo');
      assert.equal(readFileSync(fileIn('echo-2.txt'), 'utf8'), 'echo\n');
      assert.deepEqual(requestsOf(rig.events, id), []);
    });

    test('cancel while an approval is pending ends the run and leaves no process behind', async () => {
      rig.stub.script('Cancel foxtrot', [
        [{ tool: 'bash', command: writeCommand('foxtrot.txt', 'foxtrot') }],
        [{ text: 'Never reached.' }],
      ]);
      const id = await session('build');
      const before = processesIn(rig.repo);
      const runId = await send(id, 'Cancel foxtrot');
      const approval = await approvalRequested(rig.events, id);
      const waiting = [...processesIn(rig.repo), ...processesIn(rig.warmDir)];
      assert.ok(waiting.length > 0, 'the CLI waits, in the worktree or warm in Grove’s folder');
      assert.deepEqual((await rig.test.api.post(`/api/sessions/${id}/cancel`)).body, {
        cancelled: true,
      });
      const run = await waitForRun(rig.events, runId);
      assert.equal(run.terminal.event, 'run-cancelled');
      await nothingAddedIn(rig.repo, before);
      assert.equal(await resolution(rig.events, approval.id), 'cancelled');
      assert.equal((await answer(id, approval.id, { decision: 'allow' })).status, 409);
      const stored = await getSession(id);
      assert.equal(stored.status, 'idle');
      assert.deepEqual(stored.pending_approvals, []);
      assert.equal(existsSync(fileIn('foxtrot.txt')), false);
    });

    test('a restart while an approval is pending expires it', async () => {
      rig.stub.script('Restart golf', [
        [{ tool: 'bash', command: writeCommand('golf.txt', 'golf') }],
        [{ text: 'Never reached.' }],
      ]);
      const id = await session('build');
      const { dataDir } = rig.test;
      // The same server as a process of its own, killed like a crash while the CLI waits.
      await rig.test.server.close();
      let crashed: ServerProcess | null = await startServerProcess(dataDir, rig.agentEnv);
      const { baseUrl, token } = crashed.api;
      const crashedEvents = await EventRecorder.connect({ url: baseUrl, token } as GroveServer);
      try {
        const sent = await crashed.api.post(`/api/sessions/${id}/messages`, {
          content: 'Restart golf',
        });
        assert.equal(sent.status, 202, JSON.stringify(sent.body));
        // The event comes once the pending approval is saved, so the crash cannot lose it.
        const approval = await approvalRequested(crashedEvents, id);
        crashedEvents.close();
        await crashed.crash();
        crashed = null;

        const restarted = await rig.restart();
        const stored = (await restarted.api.get(`/api/sessions/${id}`)).body;
        assert.deepEqual(stored.pending_approvals, [], 'a pending approval does not survive');
        assert.equal(stored.status, 'idle');
        assert.equal(stored.messages.at(-1).status, 'interrupted');
        const late = await restarted.api.post(`/api/sessions/${id}/approvals/${approval.id}`, {
          decision: 'allow',
        });
        assert.equal(late.status, 409, 'it is expired, not forgotten');
        await until(() => processesIn(rig.repo).length === 0, 60_000);
        assert.equal(existsSync(fileIn('golf.txt')), false);
      } finally {
        crashedEvents.close();
        await crashed?.crash();
        for (const { pid } of processesIn(rig.repo)) process.kill(pid, 'SIGKILL');
      }
    });
  });
}

type Resolved = Extract<ServerFrame, { event: 'approval-resolved' }>;

/** The next approval a session asks for. */
async function approvalRequested(events: EventRecorder, sessionId: string): Promise<Approval> {
  const seen = new Set(requestsOf(events, sessionId).map((approval) => approval.id));
  const ofSession = requestedBy(sessionId);
  const frame = (await events.waitFor(
    (candidate) => ofSession(candidate) && !seen.has(candidate.data.approval.id),
    120_000,
  )) as Requested;
  return frame.data.approval;
}

function requestsOf(events: EventRecorder, sessionId: string): Approval[] {
  return events.frames.filter(requestedBy(sessionId)).map((frame) => frame.data.approval);
}

/** How an approval ended, from its `approval-resolved` event. */
async function resolution(events: EventRecorder, approvalId: string): Promise<string> {
  const frame = (await events.waitFor(
    (candidate) =>
      candidate.event === 'approval-resolved' && candidate.data.approval_id === approvalId,
    60_000,
  )) as Resolved;
  return frame.data.decision;
}
