// Proves the model stub against the REAL claude / codex / opencode binaries (one-shot mode).
// Run: node --import tsx --test e2e/model-stub/model-stub.test.ts
// Set MODEL_STUB_WRITE_CAPTURES=1 to refresh captures/<backend>-<scenario>.jsonl.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AgentBackend } from '../support/agent-env.js';
import { BIN_DIR, sessionIdOf } from './cli.js';
import {
  capture,
  describeRun,
  eventText,
  finalText,
  run,
  RUN_TIMEOUT_MS,
  setup,
  startHarness,
  thinkingSeen,
  waitFor,
  type Harness,
} from './test-helpers.js';

const BACKENDS: AgentBackend[] = ['claude', 'codex', 'opencode'];

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.close();
});

describe('real CLIs against the stub', { concurrency: BACKENDS.length }, () => {
  for (const backend of BACKENDS) {
    describe(backend, { concurrency: 3 }, () => {
      it('text answer (with thinking)', async () => {
        const prompt = `stub-text ${backend}: say hello`;
        h.stub.script(prompt, [
          [{ thinking: `Thinking for ${backend}.` }, { text: `Hello from the stub, ${backend}!` }],
        ]);
        const ctx = setup(h, backend, 'text');
        const r = await run(ctx, prompt);
        capture(`${backend}-text`, r.stdout);
        assert.equal(r.exitCode, 0, describeRun(r));
        assert.equal(finalText(backend, r), `Hello from the stub, ${backend}!`, describeRun(r));
        assert.ok(thinkingSeen(backend, r, `Thinking for ${backend}.`), describeRun(r));
        assert.ok(sessionIdOf(r), 'a session id is reported');
      });

      it('tool turns: write, bash, read, edit run for real', async () => {
        const prompt = `stub-tools ${backend}: make notes`;
        h.stub.script(prompt, [
          [
            { text: 'Writing notes.' },
            { tool: 'write', path: 'notes.txt', content: 'alpha\nbeta\n' },
          ],
          [{ tool: 'bash', command: 'cat notes.txt && echo "bash-ran-$((40+2))"' }],
          [{ tool: 'read', path: 'notes.txt' }],
          [{ tool: 'edit', path: 'notes.txt', oldString: 'beta', newString: 'gamma' }],
          [{ text: 'All done.' }],
        ]);
        const ctx = setup(h, backend, 'tools');
        // Claude's acceptEdits only auto-approves edits; pre-approve Bash like Grove's build mode.
        const extraArgs =
          backend === 'claude'
            ? ['--allowedTools', 'Bash']
            : backend === 'opencode'
              ? ['--thinking']
              : [];
        const r = await run(ctx, prompt, { mode: 'build', extraArgs });
        capture(`${backend}-tools`, r.stdout);
        assert.equal(r.exitCode, 0, describeRun(r));
        assert.equal(
          readFileSync(path.join(ctx.repo, 'notes.txt'), 'utf8'),
          'alpha\ngamma\n',
          describeRun(r),
        );
        assert.ok(
          eventText(r).includes('bash-ran-42'),
          `bash output in the stream\n${describeRun(r)}`,
        );
        assert.equal(finalText(backend, r), 'All done.', describeRun(r));
        const turns = h.stub
          .mainRequests()
          .filter((q) => q.prompt === prompt)
          .map((q) => q.turnIndex);
        assert.deepEqual([...new Set(turns)], [0, 1, 2, 3, 4]);
      });

      it('an HTTP 401 surfaces as an error', async () => {
        const prompt = `stub-error ${backend}: fail`;
        h.stub.script(prompt, [
          [{ error: { status: 401, message: `stub says invalid key for ${backend}` } }],
        ]);
        const ctx = setup(h, backend, 'error');
        const r = await run(ctx, prompt);
        capture(`${backend}-error`, r.stdout);
        assert.notEqual(r.exitCode, 0, describeRun(r));
        const errorLine = r.events.find((e) =>
          backend === 'claude'
            ? e['type'] === 'result' && e['is_error'] === true
            : backend === 'codex'
              ? e['type'] === 'turn.failed'
              : e['type'] === 'error',
        );
        assert.ok(errorLine, describeRun(r));
        if (backend !== 'claude')
          assert.match(JSON.stringify(errorLine), /stub says invalid key|401/);
        else assert.equal(errorLine['api_error_status'], 401);
      });

      it('plan mode blocks a scripted write', async () => {
        const prompt = `stub-plan ${backend}: plan only`;
        h.stub.script(prompt, [
          [{ tool: 'write', path: 'plan-blocked.txt', content: 'nope\n' }],
          [{ text: 'Plan: write plan-blocked.txt later.' }],
        ]);
        const ctx = setup(h, backend, 'plan');
        const r = await run(ctx, prompt, { mode: 'plan' });
        capture(`${backend}-plan`, r.stdout);
        assert.equal(r.exitCode, 0, describeRun(r));
        assert.equal(existsSync(path.join(ctx.repo, 'plan-blocked.txt')), false, describeRun(r));
        assert.equal(finalText(backend, r), 'Plan: write plan-blocked.txt later.');
      });

      it('resume continues the same session and resends history', async () => {
        const first = `stub-resume-one ${backend}`;
        const second = `stub-resume-two ${backend}`;
        h.stub.script(first, [[{ text: 'first answer' }]]);
        h.stub.script(second, [[{ text: 'second answer' }]]);
        const ctx = setup(h, backend, 'resume');
        const r1 = await run(ctx, first);
        const id = sessionIdOf(r1);
        assert.ok(id, describeRun(r1));
        const r2 = await run(ctx, second, { resume: id });
        capture(`${backend}-resume`, r2.stdout);
        assert.equal(r2.exitCode, 0, describeRun(r2));
        assert.equal(sessionIdOf(r2), id);
        assert.equal(finalText(backend, r2), 'second answer');
        const request = h.stub.mainRequests().find((q) => q.prompt === second);
        assert.ok(request && JSON.stringify(request.body).includes(first), 'history resent');
        assert.ok(JSON.stringify(request.body).includes('first answer'));
      });

      it('SIGINT mid-stream stops the run', async () => {
        const prompt = `stub-cancel ${backend}: talk slowly`;
        const words = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
        h.stub.script(prompt, [[{ text: words, chunkDelayMs: 400 }]]);
        const ctx = setup(h, backend, 'cancel');
        let pid = 0;
        const pending = run(ctx, prompt, { onSpawn: (p) => (pid = p) });
        await waitFor(() => h.stub.mainRequests().some((q) => q.prompt === prompt), RUN_TIMEOUT_MS);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        process.kill(pid, 'SIGINT');
        const r = await pending;
        capture(`${backend}-cancel`, r.stdout);
        assert.ok(r.durationMs < RUN_TIMEOUT_MS);
        assert.ok(!eventText(r).includes('word29'), 'stopped before the end');
        if (backend === 'claude') {
          assert.equal(r.exitCode, 0, describeRun(r));
          // Claude usually writes an error_during_execution result on SIGINT, but under load it
          // can exit before that line reaches the pipe; it never reports a success.
          const result = r.events.find((e) => e['type'] === 'result');
          if (result) assert.equal(result['subtype'], 'error_during_execution', describeRun(r));
        } else if (backend === 'codex') {
          assert.equal(r.exitCode, 1, describeRun(r));
          assert.ok(
            !r.events.some((e) => e['type'] === 'turn.completed' || e['type'] === 'turn.failed'),
          );
        } else {
          assert.equal(r.signal, 'SIGINT', describeRun(r));
        }
      });
    });
  }
});

describe('claude plan mode over the stream-json control protocol', () => {
  it('offers ExitPlanMode and asks the host through can_use_tool', async () => {
    const prompt = 'stub-exit-plan claude: plan it';
    h.stub.script(prompt, [
      [
        { text: 'Here is the plan.' },
        { tool: 'raw', name: 'ExitPlanMode', input: { plan: '1. Add notes.txt\n2. Test it' } },
      ],
      [{ text: 'Plan approved, starting.' }],
    ]);
    const ctx = setup(h, 'claude', 'exit-plan');
    // Plain `-p` does not offer ExitPlanMode in 2.1.197; the SDK-style flags below do.
    const args = [
      '-p',
      '--output-format',
      'stream-json',
      '--verbose',
      '--input-format',
      'stream-json',
    ];
    args.push(
      '--permission-prompt-tool',
      'stdio',
      '--model',
      ctx.model,
      '--permission-mode',
      'plan',
    );
    const child = spawn(`${BIN_DIR}claude`, args, {
      cwd: ctx.repo,
      env: { ...process.env, ...ctx.env },
    });
    const user = {
      type: 'user',
      message: { role: 'user', content: prompt },
      parent_tool_use_id: null,
      session_id: '',
    };
    child.stdin.write(`${JSON.stringify(user)}\n`);
    const lines: string[] = [];
    const controls: Array<Record<string, unknown>> = [];
    let buffer = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      let nl = buffer.indexOf('\n');
      while (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        nl = buffer.indexOf('\n');
        if (!line.startsWith('{')) continue;
        lines.push(line);
        const event = JSON.parse(line) as Record<string, unknown>;
        if (event['type'] === 'control_request') {
          controls.push(event);
          const request = event['request'] as Record<string, unknown>;
          const answer = { behavior: 'allow', updatedInput: request['input'] };
          const response = {
            type: 'control_response',
            response: { subtype: 'success', request_id: event['request_id'], response: answer },
          };
          child.stdin.write(`${JSON.stringify(response)}\n`);
        }
        if (event['type'] === 'result') child.stdin.end();
      }
    });
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const stdout = `${lines.join('\n')}\n`;
    capture('claude-plan-exit', stdout);
    assert.equal(exitCode, 0, stdout);
    const request = controls[0]?.['request'] as Record<string, unknown> | undefined;
    assert.equal(request?.['subtype'], 'can_use_tool', stdout);
    assert.equal(request?.['tool_name'], 'ExitPlanMode');
    assert.match(stdout, /User has approved your plan/);
    assert.match(stdout, /"result":"Plan approved, starting."/);
    const offered = h.stub.mainRequests('claude').find((q) => q.prompt === prompt)?.tools ?? [];
    assert.ok(
      offered.includes('ExitPlanMode') && offered.includes('AskUserQuestion'),
      offered.join(','),
    );
  });
});
