import { createServer } from "node:net";

/** A TCP port free on 127.0.0.1 right now (the OS picks it; a node started on it next is very likely to get it). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}
