/**
 * A TCP proxy on 127.0.0.1 in front of a local server, that a test can take down and bring back on the same port:
 * while it is down a connection is refused (ECONNREFUSED), exactly as when the service behind a URL is not
 * running, and every connection open through it is cut. The network boundary itself, no module mock.
 */
import { type AddressInfo, createServer, type Server, Socket } from 'node:net';

export interface TcpProxy {
  /** `http://127.0.0.1:PORT`: the address to give the client instead of the server's. */
  readonly url: string;
  readonly port: number;
  /** Where connections go (a port on 127.0.0.1); may be set after the proxy is listening. */
  setTarget(port: number): void;
  /** Stops listening and cuts every open connection: connections are refused until `up()`. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  readonly isUp: boolean;
  close(): Promise<void>;
}

/** Starts a proxy on a free port, forwarding to `targetPort` (or to the port given later with `setTarget`). */
export async function startTcpProxy(targetPort?: number): Promise<TcpProxy> {
  let target = targetPort ?? 0;
  const open = new Set<Socket>();
  const track = (socket: Socket): void => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  };
  const makeServer = (): Server =>
    createServer((client) => {
      track(client);
      const upstream = new Socket();
      track(upstream);
      upstream.connect(target, '127.0.0.1');
      client.pipe(upstream);
      upstream.pipe(client);
      const cut = (): void => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', cut);
      upstream.on('error', cut);
      client.on('close', cut);
      upstream.on('close', cut);
    });
  let server: Server | null = makeServer();
  const listen = (s: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        s.off('error', reject);
        resolve((s.address() as AddressInfo).port);
      });
    });
  const port = await listen(server, 0);
  const stop = async (): Promise<void> => {
    const s = server;
    server = null;
    for (const socket of open) socket.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setTarget: (p) => {
      target = p;
    },
    down: stop,
    up: async () => {
      if (server) return;
      const s = makeServer();
      await listen(s, port);
      server = s;
    },
    get isUp() {
      return server !== null;
    },
    close: stop,
  };
}
