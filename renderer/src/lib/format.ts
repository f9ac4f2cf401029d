import type { Backend, ExecutionMode, ThinkingLevel, TokenCounts, Usage } from '@contract';

export const BACKEND_LABELS: Record<Backend, string> = {
  claude: 'Claude Code',
  codex: 'Codex',
  opencode: 'OpenCode',
};

export const MODE_LABELS: Record<ExecutionMode, string> = {
  plan: 'Plan',
  build: 'Build',
  yolo: 'YOLO',
};

export const MODE_HINTS: Record<ExecutionMode, string> = {
  plan: 'Reads and plans; never changes files',
  build: 'Edits files in the worktree without asking',
  yolo: 'Bypasses every permission prompt',
};

export const THINKING_LABELS: Record<ThinkingLevel, string> = {
  off: 'Thinking off',
  think: 'Think',
  megathink: 'Megathink',
  ultrathink: 'Ultrathink',
};

export const MODES: readonly ExecutionMode[] = ['plan', 'build', 'yolo'];
export const THINKING_LEVELS: readonly ThinkingLevel[] = [
  'off',
  'think',
  'megathink',
  'ultrathink',
];
export const BACKENDS: readonly Backend[] = ['claude', 'codex', 'opencode'];

/** Suggestions for the model field; any name the CLI accepts can be typed. */
export const MODEL_SUGGESTIONS: Record<Backend, readonly string[]> = {
  claude: ['sonnet', 'opus', 'haiku'],
  codex: ['gpt-5.5'],
  opencode: ['anthropic/claude-sonnet-4-5', 'openai/gpt-5.5'],
};

export function nextMode(mode: ExecutionMode): ExecutionMode {
  return MODES[(MODES.indexOf(mode) + 1) % MODES.length] ?? 'plan';
}

export function formatTokens(count: number): string {
  if (count < 1000) return String(count);
  if (count < 10_000) return `${(count / 1000).toFixed(1)}k`;
  if (count < 1_000_000) return `${Math.round(count / 1000)}k`;
  return `${(count / 1_000_000).toFixed(1)}M`;
}

export function formatCost(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds % 60)} s`;
}

/** "1.2k in", "340 out", then cached and reasoning tokens where there are any. */
export function formatTokenCounts(tokens: TokenCounts): string[] {
  const parts = [
    `${formatTokens(tokens.input_tokens)} in`,
    `${formatTokens(tokens.output_tokens)} out`,
  ];
  const cached = tokens.cache_read_tokens + tokens.cache_write_tokens;
  if (cached > 0) parts.push(`${formatTokens(cached)} cached`);
  if (tokens.reasoning_tokens > 0) parts.push(`${formatTokens(tokens.reasoning_tokens)} reasoning`);
  return parts;
}

/** "1.2k in · 340 out · 2.1k cached · $0.0123 · 4.2 s" */
export function formatUsage(usage: Usage): string {
  const parts = formatTokenCounts(usage);
  if (usage.cost_usd !== null) parts.push(formatCost(usage.cost_usd));
  if (usage.duration_ms > 0) parts.push(formatDuration(usage.duration_ms));
  return parts.join(' · ');
}

/** "just now", "5 min ago", "3 h ago", else a date. `now` in seconds. */
export function relativeTime(seconds: number, now = Date.now() / 1000): string {
  const delta = Math.max(0, now - seconds);
  if (delta < 45) return 'just now';
  if (delta < 3600) return `${Math.round(delta / 60)} min ago`;
  if (delta < 86_400) return `${Math.round(delta / 3600)} h ago`;
  return new Date(seconds * 1000).toLocaleDateString();
}

/** "14:05": plain arithmetic, since Intl formatting is slow on first use and this runs per row. */
export function clockTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}
