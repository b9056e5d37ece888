import http from "node:http";
import type net from "node:net";

/**
 * An HTTP server on loopback that can stop listening and listen again on the same port (a fake
 * upstream going down and coming back), and that drops its open connections when it stops.
 * `sockets` are the open connections, for fakes that drop them on other occasions too.
 */
export interface Listener {
  readonly sockets: Set<net.Socket>;
  /** Listens on `port` (0: any free one) and resolves with the port taken. */
  listen(port: number): Promise<number>;
  /** Stops listening and destroys every open connection; a no-op when not listening. */
  stop(): Promise<void>;
}

export function loopbackListener(handler: http.RequestListener): Listener {
  const sockets = new Set<net.Socket>();
  let server: http.Server | undefined;
  return {
    sockets,
    listen: (port) =>
      new Promise<number>((resolve, reject) => {
        const s = http.createServer({ keepAlive: true }, handler);
        server = s;
        s.on("connection", (c) => {
          sockets.add(c);
          c.on("close", () => sockets.delete(c));
        });
        s.once("error", reject);
        s.listen(port, "127.0.0.1", () => resolve((s.address() as net.AddressInfo).port));
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (!server?.listening) return resolve();
        server.close(() => resolve());
        for (const c of sockets) c.destroy();
      }),
  };
}
