import type http from "node:http";
import type net from "node:net";

/** A local server on loopback: its port and URL, and a close that does not wait on idle keep-alive connections. */
export interface Listening {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 (`port` 0: any free port). `server.close` alone waits for every open connection to end. */
export async function listenOnLoopback(server: http.Server, port = 0): Promise<Listening> {
  const sockets = new Set<net.Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  const bound = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port));
  });
  return {
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
