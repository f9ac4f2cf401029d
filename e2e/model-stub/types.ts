// Public types of the scripted model stub. Everything here is provider-neutral: the
// provider handlers (anthropic.ts, responses.ts) translate steps into each API's wire format.

/** A file read. Claude/OpenCode: their Read/read tool. Codex: `cat` through its shell tool. */
export interface ReadToolStep {
  tool: 'read';
  /** Relative paths are resolved against the CLI's working directory (taken from its prompt). */
  path: string;
}

/** A shell command. Claude: Bash. OpenCode: bash. Codex: exec_command (or shell/shell_command). */
export interface BashToolStep {
  tool: 'bash';
  command: string;
  description?: string;
}

/**
 * A string replacement. Claude/OpenCode: Edit/edit (both refuse to edit a file the session has
 * not read first, so script a `read` turn before). Codex: an apply_patch Update hunk, so
 * `oldString`/`newString` must be whole lines there.
 */
export interface EditToolStep {
  tool: 'edit';
  path: string;
  oldString: string;
  newString: string;
}

/** Create or overwrite a file. Claude: Write. OpenCode: write. Codex: apply_patch Add File. */
export interface WriteToolStep {
  tool: 'write';
  path: string;
  content: string;
}

/** Escape hatch: a native tool call passed through as-is (e.g. Claude's ExitPlanMode). */
export interface RawToolStep {
  tool: 'raw';
  name: string;
  /** Object input (JSON function arguments), or a string for Codex custom (freeform) tools. */
  input: Record<string, unknown> | string;
}

export type ToolStep = ReadToolStep | BashToolStep | EditToolStep | WriteToolStep | RawToolStep;

export interface ThinkingStep {
  thinking: string;
}

export interface TextStep {
  text: string;
  /** If set, the text is streamed word by word with this pause between deltas. */
  chunkDelayMs?: number;
}

/**
 * Codex defers MCP tools behind its `tool_search` tool: the model searches, and Codex answers with
 * the matching tools (a `tool_search_output`), which the model may then call. Responses API only.
 */
export interface ToolSearchStep {
  toolSearch: string;
}

export interface DelayStep {
  delayMs: number;
}

export interface ErrorStep {
  /** The whole response becomes this HTTP error (in the provider's error JSON shape). */
  error: { status: number; message: string; type?: string };
}

/**
 * The response pauses here until `hold` settles: a test keeps a run going for exactly as long as
 * it needs (to queue messages, to cancel mid-answer) instead of guessing a duration.
 */
export interface HoldStep {
  hold: Promise<unknown>;
}

/** Text saying how many images the request carried, and their media types. */
export interface EchoImagesStep {
  echoImages: true;
}

export type Step =
  | ThinkingStep
  | TextStep
  | DelayStep
  | HoldStep
  | ErrorStep
  | EchoImagesStep
  | ToolStep
  | ToolSearchStep;

/** One model response. */
export type Turn = Step[];

export type Matcher = string | RegExp;

export type Provider = 'anthropic' | 'openai-responses';

/** The CLI a request came from, guessed from its tool list and headers. */
export type Dialect = 'claude' | 'codex' | 'opencode' | 'unknown';

export interface RecordedRequest {
  /** Order of arrival, from 0. */
  seq: number;
  method: string;
  /** Path without the query string, e.g. `/v1/messages`. */
  path: string;
  provider: Provider | 'other';
  dialect: Dialect;
  /** `main` = an agent turn that the script answers; `side` = title/count/etc. */
  kind: 'main' | 'side';
  model: string | undefined;
  /** Text of the latest real user prompt in the request (system reminders stripped). */
  prompt: string | undefined;
  /** Tool names the CLI offered in this request. */
  tools: string[];
  /** Media types of the images in the request's user input (`image/png`…). */
  images: string[];
  /** Index of the script entry that answered (-1: default answer; undefined: side request). */
  scriptIndex?: number;
  /** Index of the turn in that entry that was answered. */
  turnIndex?: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (or the raw text if it was not JSON). */
  body: unknown;
}

export interface ModelStub {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. Providers add `/v1/...`. */
  readonly url: string;
  /** All requests received so far, oldest first. */
  readonly requests: RecordedRequest[];
  /**
   * When the latest user prompt contains `match` (substring or RegExp), answer with `turns[0]`;
   * the follow-up request after the tool results of turn N gets turn N+1. Later scripts win over
   * earlier ones; scripting the same string/RegExp source again replaces the old entry.
   */
  script(match: Matcher, turns: Turn[]): void;
  /** Text used for requests no script matches (and for script turns past the end). */
  setDefaultText(text: string): void;
  /** Only the main (agent turn) requests, optionally filtered by dialect. */
  mainRequests(dialect?: Dialect): RecordedRequest[];
  /** Forget scripts and recorded requests. */
  reset(): void;
  close(): Promise<void>;
}
