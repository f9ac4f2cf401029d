import os from 'node:os';
import type { AgentAdapter } from '../agents/shared/types.js';
import type { Session } from '../contract/index.js';
import type { ServiceContext } from '../services/context.js';
import type { SessionsService } from '../services/sessions.js';
import { ProcessGroup } from './process-group.js';
import type { AgentToolkit } from './types.js';

/** A title longer than this is cut at a word boundary. */
const MAX_TITLE = 60;
const FALLBACK_WORDS = 6;
/** A title that takes longer is not worth waiting for: the first words stay. */
const TITLE_TIMEOUT_MS = 60_000;
/** Only the start of a long first message is sent to the model. */
const MAX_PROMPT_CHARS = 2_000;
/** An answer longer than this is no title: the call is stopped. */
const MAX_ANSWER_CHARS = 64 * 1024;

/** The first words of a message as a session name: the fallback when no title comes. */
export function firstWordsTitle(content: string): string | null {
  const words = content.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  if (words.length === 0) return null;
  const head = words.slice(0, FALLBACK_WORDS).join(' ');
  return shorten(words.length > FALLBACK_WORDS ? `${head}…` : head);
}

/** A model's answer as a one-line title: first line, no quotes or trailing period, bounded. */
export function cleanTitle(answer: string): string | null {
  const line = answer
    .split('\n')
    .map((text) => text.trim())
    .find(Boolean);
  if (!line) return null;
  const bare = line
    .replace(/^(title:\s*)/i, '')
    .replace(/^["'`*]+|["'`*]+$/g, '')
    .replace(/\.$/, '')
    .trim();
  return bare ? shorten(bare) : null;
}

function shorten(text: string): string {
  if (text.length <= MAX_TITLE) return text;
  const cut = text.slice(0, MAX_TITLE - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > 20 ? cut.slice(0, space) : cut}…`;
}

export function titlePrompt(content: string): string {
  return [
    'Write a short title (at most 6 words) for a coding session that starts with the message below.',
    'Answer with the title only: no quotes, no punctuation at the end.',
    '',
    content.slice(0, MAX_PROMPT_CHARS),
  ].join('\n');
}

/**
 * One-shot title calls of the backends' fastest models. Each runs outside any worktree (it needs
 * no files), in a process group of its own, and is stopped, with anything it started, before
 * Grove shuts down.
 */
export class SessionTitles {
  private readonly running = new Set<ProcessGroup>();
  private closed = false;

  /**
   * The generated title, or null when the backend has no one-shot form, the call fails, runs out
   * of time or says too much, or Grove is quitting.
   */
  async generate(
    adapter: AgentAdapter,
    executable: string,
    content: string,
    env: NodeJS.ProcessEnv,
  ): Promise<string | null> {
    if (!adapter.buildOneShot || this.closed) return null;
    const spec = adapter.buildOneShot({ executable, prompt: titlePrompt(content), env });
    const group = ProcessGroup.spawn(spec.command, spec.args, { cwd: os.tmpdir(), env: spec.env });
    this.running.add(group);
    let answer = '';
    // A call stopped for any reason gives no title, even if the CLI exits 0 on the interrupt.
    let stopped = false;
    const stop = () => {
      stopped = true;
      void group.stop();
    };
    group.child.stdin?.end();
    group.child.stderr?.resume();
    group.child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      if (stopped) return;
      answer += text;
      if (answer.length > MAX_ANSWER_CHARS) stop();
    });
    const timer = setTimeout(stop, TITLE_TIMEOUT_MS);
    try {
      const { code } = await group.exit;
      return code === 0 && !stopped && !this.closed ? cleanTitle(answer) : null;
    } finally {
      clearTimeout(timer);
      this.running.delete(group);
    }
  }

  /**
   * Stop every call and wait until its processes are gone (a CLI still writes as it exits); no
   * call starts after this.
   */
  async stopAll(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.running].map((group) => group.stop()));
  }
}

/**
 * Names sessions from their first message: its first words at once, then the title the
 * backend's fastest model gives, unless the user names the session meanwhile.
 */
export class SessionNamer {
  private readonly titles = new SessionTitles();

  constructor(
    private readonly context: ServiceContext,
    private readonly sessions: SessionsService,
    private readonly toolkit: AgentToolkit,
  ) {}

  /** Called as the first message is sent; does nothing for a named or already used session. */
  nameFrom(session: Session, content: string): void {
    if (session.message_count > 0 || session.queue.length > 0 || session.named_by_user) return;
    this.name(session, content).catch((error: unknown) =>
      this.context.log(`Grove: could not name session ${session.id}: ${String(error)}`),
    );
  }

  stopAll(): Promise<void> {
    return this.titles.stopAll();
  }

  private async name(session: Session, content: string): Promise<void> {
    const fallback = firstWordsTitle(content);
    if (fallback) await this.sessions.autoName(session.id, fallback);
    const executable = await this.toolkit.resolveExecutable(
      session.backend,
      this.context.store.preferences.cli_paths[session.backend],
    );
    if (!executable) return;
    const adapter = this.toolkit.adapterFor(session.backend);
    const env = { ...process.env, ...this.toolkit.extraEnv };
    const title = await this.titles.generate(adapter, executable, content, env);
    if (title && this.context.store.findSession(session.id)) {
      await this.sessions.autoName(session.id, title);
    }
  }
}
