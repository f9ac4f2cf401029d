// A tiny MCP server for tests, built with the MCP SDK: one `echo` tool that answers with its text
// and whether the secret `ECHO_TOKEN` reached it (never the value). Over stdio by default; with
// `--http <port>` it serves streamable HTTP on 127.0.0.1 and refuses a wrong `Authorization`.
import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

function echoServer(tokenSet) {
  const server = new McpServer({ name: 'grove-echo', version: '1.0.0' });
  server.registerTool(
    'echo',
    { description: 'Echo the text back', inputSchema: { text: z.string() } },
    async ({ text }) => ({
      content: [{ type: 'text', text: `echo: ${text}; token=${tokenSet() ? 'set' : 'unset'}` }],
    }),
  );
  return server;
}

const httpAt = process.argv.indexOf('--http');
if (httpAt === -1) {
  await echoServer(() => Boolean(process.env.ECHO_TOKEN)).connect(new StdioServerTransport());
} else {
  const expected = `Bearer ${process.env.ECHO_TOKEN ?? ''}`;
  const http = createServer(async (req, res) => {
    if (req.headers.authorization !== expected) {
      res.writeHead(401).end('wrong token');
      return;
    }
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void transport.close());
    await echoServer(() => true).connect(transport);
    await transport.handleRequest(req, res);
  });
  http.listen(Number(process.argv[httpAt + 1] ?? 0), '127.0.0.1', () => {
    process.stdout.write(`listening ${http.address().port}\n`);
  });
}
