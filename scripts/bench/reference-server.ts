// Reference servers for the read-path figures, run as their own process like Grove's server:
// `bare` is node:http, `express` a stock Express 5 app; both send the bytes of the file given.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import express from 'express';

const [kind, file] = process.argv.slice(2);
const bytes = readFileSync(file ?? '');

const sendBytes = (response: http.ServerResponse) => {
  response.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': bytes.length,
  });
  response.end(bytes);
};

let server: http.Server;
if (kind === 'bare') {
  server = http.createServer((_request, response) => sendBytes(response));
} else {
  const app = express();
  app.get('/{*path}', (_request, response) => {
    response.type('json').send(bytes);
  });
  server = http.createServer(app);
}
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object')
    console.log(`listening on http://127.0.0.1:${address.port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
