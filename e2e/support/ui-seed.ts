import { randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Message } from '../../server/contract/index.js';

/**
 * Histories written straight into a session's transcript file (one JSON message a line, as the
 * server keeps them), for screens and load tests that need conversations before the chat API
 * can produce them. The server reads the file on every request, so no restart is needed.
 */
export async function seedTranscript(
  dataDir: string,
  sessionId: string,
  messages: Message[],
): Promise<void> {
  const dir = path.join(dataDir, 'transcripts');
  await mkdir(dir, { recursive: true });
  await appendFile(
    path.join(dir, `${sessionId}.jsonl`),
    messages.map((m) => `${JSON.stringify(m)}\n`).join(''),
  );
}

const start = Math.floor(Date.now() / 1000) - 3600;

function user(sessionId: string, at: number, text: string): Message {
  return {
    id: randomUUID(),
    session_id: sessionId,
    role: 'user',
    created_at: at,
    run_id: null,
    parts: [{ type: 'text', text }],
    status: 'complete',
  };
}

function assistant(
  sessionId: string,
  at: number,
  parts: Message['parts'],
  extra: Partial<Message> = {},
): Message {
  return {
    id: randomUUID(),
    session_id: sessionId,
    role: 'assistant',
    created_at: at,
    run_id: randomUUID(),
    parts,
    status: 'complete',
    ...extra,
  };
}

/** A realistic exchange: thinking, a tool call with output, Markdown with code, usage and cost. */
export function demoConversation(sessionId: string): Message[] {
  return [
    user(
      sessionId,
      start,
      'The login form accepts an empty password. Find where it is validated and fix it.',
    ),
    assistant(
      sessionId,
      start + 20,
      [
        {
          type: 'thinking',
          text: 'I should look at the form component and its validation helper before changing anything.',
        },
        { type: 'text', text: 'Let me look at how the form validates its fields.' },
        {
          type: 'tool_use',
          id: 'toolu_1',
          name: 'Grep',
          input: { pattern: 'validatePassword', path: 'src' },
        },
        {
          type: 'tool_result',
          tool_use_id: 'toolu_1',
          output:
            'src/auth/validate.ts:12:export function validatePassword(value: string) {\nsrc/auth/LoginForm.tsx:40:    const error = validatePassword(password);',
          is_error: false,
        },
        {
          type: 'tool_use',
          id: 'toolu_2',
          name: 'Bash',
          input: { command: 'npm test -- auth', description: 'Run the auth tests' },
        },
        {
          type: 'tool_result',
          tool_use_id: 'toolu_2',
          output: 'FAIL src/auth/validate.test.ts\n  ✕ rejects an empty password (4 ms)',
          is_error: true,
        },
        {
          type: 'text',
          text:
            'Found it. `validatePassword` only checks the **length limit**, so an empty string passes:\n\n' +
            "```ts\nexport function validatePassword(value: string): string | null {\n  if (value.length > 128) return 'Too long';\n  return null; // empty passes!\n}\n```\n\n" +
            'I changed it to reject empty and whitespace-only passwords:\n\n' +
            "```diff\n-  if (value.length > 128) return 'Too long';\n+  if (value.trim() === '') return 'Enter a password';\n+  if (value.length > 128) return 'Too long';\n```\n\n" +
            'The failing test passes now. Next steps:\n\n1. Show the message under the field\n2. Add a test for whitespace-only input',
        },
      ],
      {
        usage: {
          input_tokens: 18_240,
          output_tokens: 1_132,
          cache_read_tokens: 12_800,
          cache_write_tokens: 0,
          reasoning_tokens: 0,
          cost_usd: 0.0421,
          duration_ms: 23_400,
        },
      },
    ),
    user(sessionId, start + 120, 'Great. Also add the whitespace test.'),
    assistant(sessionId, start + 150, [{ type: 'text', text: 'Adding the test now.' }], {
      status: 'cancelled',
    }),
  ];
}

/** `count` alternating messages, some with code, for load tests. */
export function bulkConversation(sessionId: string, count: number): Message[] {
  const messages: Message[] = [];
  for (let i = 0; i < count; i++) {
    const at = start - count + i;
    if (i % 2 === 0)
      messages.push(user(sessionId, at, `Question number ${i}: what does line ${i} do?`));
    else {
      const text =
        i % 10 === 1
          ? `Answer ${i}. It calls a helper:\n\n\`\`\`js\nfunction step${i}(x) {\n  return x * ${i};\n}\n\`\`\``
          : `Answer ${i}. It increments the counter and returns the **new value**; nothing else changes.`;
      messages.push(assistant(sessionId, at, [{ type: 'text', text }]));
    }
  }
  return messages;
}
