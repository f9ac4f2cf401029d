// Every reference fixture (shared/reference/cli-fixtures, copied into ./fixtures) must yield exactly
// what its expected.json entry records.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Backend } from '../contract/index.js';
import { ClaudeTurnDriver } from './claude/driver.js';
import { CodexTurnDriver, newCodexProcessState } from './codex/driver.js';
import { fixtureLines, fixtureText, recordedTurn, replay } from './shared/parser-harness.js';
import { turnRequest } from './shared/turn-matrix.js';
import type { StreamParser, TurnIO, TurnRequest } from './shared/types.js';

interface ExpectedToolCall {
  id: string;
  name: string;
  input: unknown;
  output: string | null;
  is_error: boolean;
}

interface ExpectedRun {
  cli: Backend;
  exit_code: number;
  stderr: string;
  session_id: string;
  final_text: string | null;
  streamed_text?: string;
  all_text?: string[];
  thinking: string[];
  tool_calls: ExpectedToolCall[];
  is_error: boolean;
  error: { kind: string; code: string | null; message: string } | null;
  usage: Record<string, number> | null;
  cost_usd: number | null;
}

const expected = JSON.parse(fixtureText('expected.json')) as Record<string, ExpectedRun>;

/** The drivers whose captured stdio the fixtures replay (OpenCode's come over HTTP). */
const DRIVERS: Partial<Record<Backend, (io: TurnIO, request: TurnRequest) => StreamParser>> = {
  claude: (io, request) => new ClaudeTurnDriver(io, request),
  codex: (io, request) => new CodexTurnDriver(io, request, newCodexProcessState()),
};

/** The fixtures' error kinds in our stable codes. */
const CODE_FOR_KIND: Record<string, string> = { auth: 'not-logged-in', model: 'model-not-found' };

describe('reference fixtures', () => {
  for (const [file, want] of Object.entries(expected)) {
    it(`${file} yields what expected.json records`, () => {
      const createDriver = DRIVERS[want.cli];
      assert.ok(createDriver, `${want.cli} has no stdio driver to replay`);
      const run = replay(recordedTurn(createDriver, turnRequest()).parser, fixtureLines(file), {
        code: want.exit_code,
        stderr: want.stderr,
      });

      assert.deepEqual(
        run.conversations,
        [want.session_id],
        'one conversation event, first seen id',
      );
      assert.equal(run.texts.at(-1) ?? null, want.final_text, 'final text');
      if (want.all_text) assert.deepEqual(run.texts, want.all_text, 'every text part');
      if (want.streamed_text !== undefined) {
        assert.equal(run.streamed.text, want.streamed_text, 'streamed text deltas');
        assert.equal(run.texts.length, 1, 'the streamed block becomes one part, not two');
      }
      assert.deepEqual(run.thinking, want.thinking, 'thinking parts');

      assert.equal(new Set(run.toolUseIds).size, run.toolUseIds.length, 'one tool_use per call');
      assert.equal(
        new Set(run.toolResultIds).size,
        run.toolResultIds.length,
        'one result per call',
      );
      assert.equal(run.toolCalls.length, want.tool_calls.length, 'tool call count');
      want.tool_calls.forEach((call, index) => {
        const got = run.toolCalls[index];
        assert.ok(got, `tool call ${index}`);
        assert.equal(got.id, call.id);
        assert.equal(got.name, call.name);
        assert.deepEqual(got.input, call.input);
        assert.equal(got.is_error, call.is_error, `${call.id} is_error`);
        // Codex's file_change has no output text; ours is a one-line-per-file summary.
        if (call.output === null) assert.equal(typeof got.output, 'string');
        else assert.equal(got.output, call.output, `${call.id} output`);
      });

      if (want.is_error && want.error) {
        const code = CODE_FOR_KIND[want.error.kind] ?? 'api-error';
        assert.deepEqual(run.errors, [{ code, message: want.error.message }], 'exactly one error');
      } else {
        assert.deepEqual(run.errors, [], 'no error');
      }

      if (want.usage === null) {
        assert.equal(run.usage, null, 'no usage');
      } else {
        assert.ok(run.usage, 'usage reported');
        const { cost_usd, ...tokens } = run.usage;
        assert.deepEqual(tokens, want.usage, 'usage');
        assert.equal(cost_usd, want.cost_usd, 'cost');
      }
    });
  }
});
