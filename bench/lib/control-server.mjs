// The control for `npm run bench -- noisy`: a node:http server in a process of its own that answers
// every request with a constant JSON at once (no database, no tenancy, no framework). Read at the
// victim's rate beside the victim, it shows how much the machine alone (its cores shared with the
// neighbour's load, the load generator and the databases) stretches a tail that Quorum cannot
// touch. CONTROL_PORT is the port; it prints "listening" when ready.
import http from 'node:http';

const body = '{"ok":true}';
const server = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.CONTROL_PORT), '127.0.0.1', () => console.log('listening'));
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
