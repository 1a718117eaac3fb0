// A trivial Node HTTP app for the PM2 side of bench/reload.sh: answers every request
// with a small JSON body and the pid, and closes its server on SIGINT (what PM2 sends
// to the old instance during `pm2 reload`), as PM2's graceful-shutdown guide advises.
'use strict';
const http = require('http');

const port = Number(process.env.PORT || 3000);
const server = http.createServer((req, res) => {
  const body = JSON.stringify({ message: 'Hello from Node', pid: process.pid });
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
});
server.listen(port, '127.0.0.1');
process.on('SIGINT', () => server.close(() => process.exit(0)));
