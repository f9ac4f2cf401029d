// Environment (and config files) that make the real `claude`, `codex` and `opencode` CLIs talk
// only to the local model stub (e2e/model-stub), with every config/data dir inside `homeDir`.
// Merge the result over process.env for the process that spawns the CLI (the Grove server).

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type AgentBackend = 'claude' | 'codex' | 'opencode';

export interface AgentEnv {
  env: Record<string, string>;
  /** Value for the CLI's model flag (`--model`, `-m`). */
  model: string;
}

/** Model id the stub advertises for each backend. */
export const STUB_MODELS = {
  claude: 'sonnet',
  codex: 'gpt-5.5',
  opencode: 'stub/stub-model',
} as const satisfies Record<AgentBackend, string>;

/** Codex provider id and the env var holding its (fake) key. */
const CODEX_PROVIDER = 'grove-stub';
const CODEX_KEY_ENV = 'GROVE_STUB_API_KEY';

function common(homeDir: string): Record<string, string> {
  return {
    HOME: homeDir,
    XDG_CONFIG_HOME: path.join(homeDir, '.config'),
    XDG_DATA_HOME: path.join(homeDir, '.local', 'share'),
    XDG_CACHE_HOME: path.join(homeDir, '.cache'),
    XDG_STATE_HOME: path.join(homeDir, '.local', 'state'),
    // HOME has no ~/.gitconfig, so give git an identity for commits made in tests.
    GIT_AUTHOR_NAME: 'Grove Test',
    GIT_AUTHOR_EMAIL: 'grove-test@example.invalid',
    GIT_COMMITTER_NAME: 'Grove Test',
    GIT_COMMITTER_EMAIL: 'grove-test@example.invalid',
    // OpenCode installs @opencode-ai/plugin into its config dir in the background via npm;
    // offline mode makes that fail at once instead of reaching the registry.
    npm_config_offline: 'true',
    NO_UPDATE_NOTIFIER: '1',
  };
}

function claudeEnv(stubUrl: string, homeDir: string): Record<string, string> {
  mkdirSync(path.join(homeDir, '.claude'), { recursive: true });
  return {
    CLAUDE_CONFIG_DIR: path.join(homeDir, '.claude'),
    ANTHROPIC_BASE_URL: stubUrl,
    ANTHROPIC_API_KEY: 'sk-ant-model-stub',
    // Empty = unset for Claude Code's checks; keeps a caller's real credentials out.
    ANTHROPIC_AUTH_TOKEN: '',
    CLAUDE_CODE_OAUTH_TOKEN: '',
    CLAUDECODE: '',
    // bypassPermissions / --dangerously-skip-permissions refuse to run as root without it.
    IS_SANDBOX: '1',
    // No telemetry, error reporting, auto-update or other non-API traffic.
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    // Fail fast on scripted HTTP errors instead of retrying with backoff (default 10 retries).
    CLAUDE_CODE_MAX_RETRIES: '0',
  };
}

export function codexConfigToml(stubUrl: string): string {
  return [
    '# Written by e2e/support/agent-env.ts: route Codex to the local model stub.',
    `model = "${STUB_MODELS.codex}"`,
    `model_provider = "${CODEX_PROVIDER}"`,
    'check_for_update_on_startup = false',
    '',
    '[analytics]',
    'enabled = false',
    '',
    '[feedback]',
    'enabled = false',
    '',
    '[features]',
    '# The plugin marketplace sync contacts github.com at startup.',
    'plugins = false',
    '',
    `[model_providers.${CODEX_PROVIDER}]`,
    'name = "Grove model stub"',
    `base_url = "${stubUrl}/v1"`,
    'wire_api = "responses"',
    `env_key = "${CODEX_KEY_ENV}"`,
    'requires_openai_auth = false',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    'stream_idle_timeout_ms = 30000',
    '',
  ].join('\n');
}

function codexEnv(stubUrl: string, homeDir: string): Record<string, string> {
  const codexHome = path.join(homeDir, '.codex');
  mkdirSync(codexHome, { recursive: true });
  writeFileSync(path.join(codexHome, 'config.toml'), codexConfigToml(stubUrl));
  return {
    CODEX_HOME: codexHome,
    [CODEX_KEY_ENV]: 'sk-model-stub',
    // Keep real OpenAI credentials out of the child.
    OPENAI_API_KEY: '',
    CODEX_API_KEY: '',
  };
}

export function opencodeConfig(stubUrl: string): Record<string, unknown> {
  const [provider, model] = STUB_MODELS.opencode.split('/') as [string, string];
  return {
    $schema: 'https://opencode.ai/config.json',
    model: STUB_MODELS.opencode,
    small_model: STUB_MODELS.opencode,
    autoupdate: false,
    share: 'disabled',
    provider: {
      [provider]: {
        // Bundled in the opencode binary: nothing is downloaded at run time.
        npm: '@ai-sdk/anthropic',
        name: 'Grove model stub',
        options: { baseURL: `${stubUrl}/v1`, apiKey: 'sk-ant-model-stub' },
        models: {
          [model]: {
            name: 'Stub model',
            tool_call: true,
            reasoning: true,
            // Images reach the stub as image blocks (it reports them: e2e/chat/attachments).
            attachment: true,
            modalities: { input: ['text', 'image'], output: ['text'] },
            temperature: false,
            limit: { context: 200000, output: 32000 },
            cost: { input: 0, output: 0 },
          },
        },
      },
    },
  };
}

function opencodeEnv(stubUrl: string, homeDir: string): Record<string, string> {
  const configDir = path.join(homeDir, '.config', 'opencode');
  mkdirSync(configDir, { recursive: true });
  const configFile = path.join(configDir, 'opencode.json');
  writeFileSync(configFile, `${JSON.stringify(opencodeConfig(stubUrl), null, 2)}\n`);
  return {
    OPENCODE_CONFIG: configFile,
    OPENCODE_DISABLE_MODELS_FETCH: '1',
    OPENCODE_DISABLE_AUTOUPDATE: '1',
    OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
    OPENCODE_DISABLE_DEFAULT_PLUGINS: '1',
    OPENCODE_DISABLE_SHARE: '1',
    // Do not read ~/.claude (CLAUDE.md, skills) of whoever runs the tests.
    OPENCODE_DISABLE_CLAUDE_CODE: '1',
    OPENCODE_DISABLE_EXTERNAL_SKILLS: '1',
  };
}

/**
 * Env vars (and config files written under `homeDir`) that point one CLI at the stub and at
 * nothing else. `homeDir` should be a fresh temp dir per test; it becomes HOME.
 */
export function agentEnv(backend: AgentBackend, stubUrl: string, homeDir: string): AgentEnv {
  const url = stubUrl.replace(/\/+$/, '');
  mkdirSync(homeDir, { recursive: true });
  const specific =
    backend === 'claude'
      ? claudeEnv(url, homeDir)
      : backend === 'codex'
        ? codexEnv(url, homeDir)
        : opencodeEnv(url, homeDir);
  return { env: { ...common(homeDir), ...specific }, model: STUB_MODELS[backend] };
}
