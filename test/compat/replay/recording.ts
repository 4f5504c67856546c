/**
 * The shape of a recording (JSON lines written by `recorder-hooks.ts`) and its reading into one request stream
 * per connection, in the order the requests were made.
 */
import { readFileSync } from "node:fs";

/** The environment variable naming the file the recorder appends to. */
export const RECORD_FILE_VARIABLE = "HARDHAT_PARALLEL_RECORD";

/** A connection the suite opened. */
export interface ConnectionLine {
  readonly kind: "connection";
  /** `<pid>-<n>`: unique across the processes of one run. */
  readonly connection: string;
  readonly network: string;
  /** The network's `initialDate`, if its config sets one. */
  readonly initialDate?: string;
  /** Wall-clock milliseconds when the connection was opened. */
  readonly openedAt: number;
}

/** What one request got: a result or a JSON-RPC error. */
export type Answer =
  { readonly result: unknown } | { readonly error: { code: unknown; message: string; data?: unknown } };

/** One request, as the test code made it, with the answer. */
export interface RequestLine {
  readonly kind: "request";
  readonly connection: string;
  /** The order in which requests entered the connection (answers may come back in another order). */
  readonly seq: number;
  readonly method: string;
  readonly params: unknown[];
  readonly answer: Answer;
  /**
   * Sent while another request of the connection was being answered, by Hardhat's own request handlers (the
   * fee history and block read to fill in fees): not replayed, since replaying the outer request sends it again.
   */
  readonly nested: boolean;
}

/** One recorded request of a stream. */
export type RecordedRequest = Omit<RequestLine, "kind" | "connection">;

/** The requests of one connection. */
export interface RecordedStream {
  readonly connection: ConnectionLine;
  readonly requests: RecordedRequest[];
}

/**
 * Reads a recording into its streams of requests the test code made (nested ones left out; connections without
 * requests too), in opening order.
 */
export function readRecording(file: string): RecordedStream[] {
  const streams = new Map<string, RecordedStream>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    const entry = JSON.parse(line) as ConnectionLine | RequestLine;
    if (entry.kind === "connection") streams.set(entry.connection, { connection: entry, requests: [] });
    else {
      const stream = streams.get(entry.connection);
      if (stream === undefined) throw new Error(`${file}: a request of unknown connection ${entry.connection}`);
      const { kind: _kind, connection: _connection, ...request } = entry;
      if (!request.nested) stream.requests.push(request);
    }
  }
  const all = [...streams.values()].filter((s) => s.requests.length > 0);
  for (const s of all) s.requests.sort((a, b) => a.seq - b.seq);
  return all;
}
