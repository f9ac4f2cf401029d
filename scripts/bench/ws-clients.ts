// WebSocket clients for the fan-out figure, in their own process so the time they spend reading
// events does not delay the PATCH timer. Args: ws-url clients expected-events. Prints "ready"
// once every client is connected, then one JSON line when all got `expected` events (or 60 s).
import WebSocket from 'ws';

const [url = '', clientArg = '0', expectedArg = '0'] = process.argv.slice(2);
const expected = Number(expectedArg);
const received: number[][] = [];

await Promise.all(
  Array.from({ length: Number(clientArg) }, async (_, index) => {
    const socket = new WebSocket(url);
    const names: number[] = [];
    received[index] = names;
    socket.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as {
        event: string;
        data: { updates?: { name?: string } };
      };
      const name = frame.event === 'session-updated' ? frame.data.updates?.name : undefined;
      if (name?.startsWith('Fan ')) names.push(Number(name.slice(4)));
      if (received.every((list) => list.length >= expected)) report();
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  }),
);
console.log('ready');
// With no clients there is nothing to wait for.
if (received.length === 0) report();
setTimeout(report, 60_000).unref();

function report(): void {
  const inOrder = received.every(
    (names) => names.every((value, index) => value === index) && names.length === expected,
  );
  console.log(JSON.stringify({ inOrder, counts: received.map((names) => names.length) }));
  process.exit(0);
}
