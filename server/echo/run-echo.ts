import { parseArgs } from 'node:util';
import { startEchoServer } from '@/server/echo/echo-server';
import { startGrpcEchoServer } from '@/server/echo/grpc-echo';

/**
 * `portico echo --port P [--h2c-port P2] [--host H] [--name N] [--namespace NS] [--service S] [--grpc]`:
 * the conformance echo backend. Flags fall back to the upstream image's environment (HTTP_PORT, H2C_PORT, POD_NAME,
 * NAMESPACE, SERVICE_NAME, INGRESS_NAME, GRPC_ECHO_SERVER). Prints one line per echoed request to stdout, as
 * upstream does. `--grpc` (or GRPC_ECHO_SERVER set) serves the gRPC echo (h2c) on the port instead.
 */
export async function runEcho(argv: string[], env: Readonly<Record<string, string | undefined>> = process.env): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        'h2c-port': { type: 'string' },
        host: { type: 'string' },
        name: { type: 'string' },
        namespace: { type: 'string' },
        service: { type: 'string' },
        grpc: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`portico echo: ${(err as Error).message}`);
    process.exit(2);
  }
  const port = portOption('--port', values.port ?? env.HTTP_PORT ?? '3000');
  // What the echo reports about itself, the same in both modes (the conformance checks read it).
  const identity = {
    host: values.host ?? '127.0.0.1',
    pod: values.name ?? env.POD_NAME ?? 'echo',
    namespace: values.namespace ?? env.NAMESPACE ?? '',
    service: values.service ?? env.SERVICE_NAME ?? '',
    ingress: env.INGRESS_NAME ?? '',
    onEcho: (line: string) => void process.stdout.write(`${line}\n`),
  };
  const cannotListen = (err: NodeJS.ErrnoException): never => {
    console.error(`portico echo: cannot listen on port ${port}: ${err.code ?? err.message}`);
    process.exit(2);
  };
  let server: { close(): Promise<void> };
  if (values.grpc === true || (env.GRPC_ECHO_SERVER ?? '') !== '') {
    const grpc = await startGrpcEchoServer({ port, ...identity }).catch(cannotListen);
    console.error(`portico echo: gRPC echo (h2c) listening on ${grpc.url}`);
    server = grpc;
  } else {
    const h2cText = values['h2c-port'] ?? env.H2C_PORT;
    const h2cPort = h2cText === undefined || h2cText === '' ? undefined : portOption('--h2c-port', h2cText);
    const echo = await startEchoServer({ port, h2cPort, ...identity }).catch(cannotListen);
    console.error(`portico echo: listening on ${echo.url}${echo.h2cUrl ? ` (h2c on ${echo.h2cUrl})` : ''}`);
    server = echo;
  }
  const shutdown = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

function portOption(flag: string, text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    console.error(`portico echo: ${flag} must be a port number (0-65535), got ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return port;
}
