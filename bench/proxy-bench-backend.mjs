// Child process of proxy-bench.ts: a minimal keep-alive HTTP backend on 127.0.0.1:0 that
// answers every request with a small JSON echo. Prints its port on stdout, then serves until killed.
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const body = JSON.stringify({ method: req.method, path: req.url, host: req.headers.host });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(String(server.address().port)));
