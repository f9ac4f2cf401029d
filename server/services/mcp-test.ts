import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import {
  getDefaultEnvironment,
  StdioClientTransport,
} from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpTestResult } from '../contract/index.js';
import { GROVE_VERSION } from '../version.js';
import type { ResolvedMcpServer } from '../agents/shared/mcp.js';

/** A server that has not answered `initialize` and `tools/list` by then counts as failed. */
export const MCP_TEST_TIMEOUT_MS = 15_000;

/**
 * Connect to a server as a CLI would (the MCP SDK's own client), list its tools, and disconnect.
 * A stdio server is started in `cwd` with the user's environment plus its own `env`, and stopped
 * again when the test ends. Errors come back as the transport or server said them.
 */
export async function testMcpServer(
  server: ResolvedMcpServer,
  options: { cwd: string; timeoutMs?: number },
): Promise<McpTestResult> {
  const stderr: string[] = [];
  const transport = transportFor(server, options.cwd, stderr);
  const client = new Client({ name: 'grove', version: GROVE_VERSION });
  const timeoutMs = options.timeoutMs ?? MCP_TEST_TIMEOUT_MS;
  try {
    await withTimeout(client.connect(transport, { timeout: timeoutMs }), timeoutMs);
    const { tools } = await withTimeout(
      client.listTools(undefined, { timeout: timeoutMs }),
      timeoutMs,
    );
    return {
      ok: true,
      error: null,
      tools: tools.map((tool) => ({ name: tool.name, description: tool.description ?? null })),
    };
  } catch (error) {
    const said = stderr.join('').trim().split('\n').slice(-3).join('\n');
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: said ? `${message}\n${said}` : message, tools: [] };
  } finally {
    await client.close().catch(() => undefined);
  }
}

function transportFor(server: ResolvedMcpServer, cwd: string, stderr: string[]): Transport {
  const values = (map: ResolvedMcpServer['env']) =>
    Object.fromEntries(Object.entries(map).map(([key, item]) => [key, item.value]));
  if (server.transport === 'stdio') {
    const transport = new StdioClientTransport({
      command: server.command ?? '',
      args: server.args,
      cwd: server.cwd ?? cwd,
      env: { ...getDefaultEnvironment(), ...definedOnly(process.env), ...values(server.env) },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.join('').length < 16_384) stderr.push(chunk.toString('utf8'));
    });
    return transport;
  }
  const url = new URL(server.url ?? '');
  const requestInit = { headers: values(server.headers) };
  return server.transport === 'http'
    ? new StreamableHTTPClientTransport(url, { requestInit })
    : new SSEClientTransport(url, { requestInit });
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`No answer within ${ms / 1000} s.`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
