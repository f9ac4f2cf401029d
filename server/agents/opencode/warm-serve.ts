import { randomBytes } from 'node:crypto';
import { createOpencodeClient, type OpencodeClient } from '@opencode-ai/sdk/v2/client';
import type { ProcessExit } from '../shared/agent-errors.js';
import type { SpawnSpec } from '../shared/types.js';
import type { WarmChild, WarmLauncher } from '../shared/warm.js';
import { WarmPool, type WarmProcess } from '../shared/warm-pool.js';
import { SERVER_USERNAME } from './client.js';
import { SessionModes } from './session-modes.js';

/** How long an abort may take before the server is stopped regardless. */
const ABORT_TIMEOUT_MS = 3_000;
/** From the spawn to the "listening" line. */
const LISTENING_TIMEOUT_MS = 60_000;
/** What `opencode serve` prints once it accepts requests, with the port it really took. */
const LISTENING = /opencode server listening on (https?:\/\/\S+)/;
/** The password only goes to a server on this machine, as `--hostname 127.0.0.1` asked. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Why a server could not be used: it exited first, did not announce itself, or is not local. */
export class ServeStartError extends Error {
  constructor(
    message: string,
    readonly exit: ProcessExit | null,
    readonly spawnError: Error | null,
  ) {
    super(message);
  }
}

/**
 * One `opencode serve` shared by every OpenCode turn spawned the same way (same environment and
 * MCP config). Each turn scopes its requests to its worktree with `?directory=`, and its mode's
 * permission rules go on its session, so one server holds every worktree, mode and session.
 */
export class WarmServe implements WarmProcess {
  /** Sessions with a turn in flight, with their worktree: aborted before a stop (see `stop`). */
  readonly busy = new Map<string, string>();
  private readonly client: OpencodeClient;

  private constructor(
    readonly child: WarmChild,
    readonly url: string,
    readonly password: string,
    /**
     * Shared by every server of the launcher: a session's rules live with the session in
     * OpenCode's own storage, which all servers read, so which mode it was last given is one
     * fact for all of them (a session moved to another server by an MCP change, then back, must
     * not skip the PATCH that puts its mode back).
     */
    readonly modes: SessionModes,
  ) {
    const credentials = Buffer.from(`${SERVER_USERNAME}:${password}`).toString('base64');
    this.client = createOpencodeClient({
      baseUrl: url,
      headers: { authorization: `Basic ${credentials}` },
    });
  }

  get exited(): Promise<ProcessExit> {
    return this.child.exited;
  }

  /** Starts a server from `spec` (without credentials: each server gets its own password). */
  static async start(
    warm: WarmLauncher,
    spec: SpawnSpec,
    listeningMs = LISTENING_TIMEOUT_MS,
  ): Promise<WarmServe> {
    const password = randomBytes(24).toString('base64url');
    const env = {
      ...spec.env,
      OPENCODE_SERVER_USERNAME: SERVER_USERNAME,
      OPENCODE_SERVER_PASSWORD: password,
    };
    const child = warm.spawn({ ...spec, env });
    try {
      const url = await announcedUrl(child, listeningMs);
      if (!isLoopback(url)) {
        const message = `OpenCode announced its server at ${url}, which is not this machine; Grove did not connect to it.`;
        throw new ServeStartError(message, null, null);
      }
      return new WarmServe(child, url, password, launcherModes(warm));
    } catch (error) {
      await child.stop();
      throw error;
    }
  }

  /** Stops the session's turn, and the tool it runs, leaving the server to the others. */
  async abort(sessionId: string, directory: string): Promise<void> {
    await this.client.session
      .abort({ sessionID: sessionId, directory }, { signal: AbortSignal.timeout(ABORT_TIMEOUT_MS) })
      .catch(() => undefined);
  }

  /**
   * Killed, OpenCode leaves a running tool's child alive (its own process group): busy sessions
   * are aborted first, which ends their tools; then the server's group goes.
   */
  async stop(): Promise<void> {
    await Promise.all(
      [...this.busy].map(([sessionId, directory]) => this.abort(sessionId, directory)),
    );
    await this.child.stop();
  }
}

const pools = new WeakMap<WarmLauncher, WarmPool<WarmServe>>();
const modes = new WeakMap<WarmLauncher, SessionModes>();

function launcherModes(warm: WarmLauncher): SessionModes {
  let known = modes.get(warm);
  if (!known) {
    known = new SessionModes();
    modes.set(warm, known);
  }
  return known;
}

/** The launcher's pool of OpenCode servers, created on first use. */
export function servePool(warm: WarmLauncher): WarmPool<WarmServe> {
  let pool = pools.get(warm);
  if (!pool) {
    pool = warm.track(new WarmPool<WarmServe>(warm.idleMs));
    pools.set(warm, pool);
  }
  return pool;
}

function announcedUrl(child: WarmChild, listeningMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const message = `OpenCode did not start its server within ${listeningMs / 1000} s.`;
      reject(new ServeStartError(message, null, null));
    }, listeningMs);
    timer.unref();
    child.onLine((line) => {
      const url = LISTENING.exec(line)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve(url);
    });
    void child.exited.then((exit) => {
      clearTimeout(timer);
      const message = 'OpenCode exited before its server was listening.';
      reject(new ServeStartError(message, exit, child.spawnError));
    });
  });
}

function isLoopback(url: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(url).hostname);
  } catch {
    return false;
  }
}
