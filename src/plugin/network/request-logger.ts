/**
 * `loggingEnabled` (and `hardhat_setLoggingEnabled`) on the parallel network: the request log Hardhat's network
 * (EDR) prints, in its format and through the same stream (`console.log`; a repeated method replaces the last
 * line with a count, as Hardhat's `replaceLastLine`). Each request's method (green, red for a failed execution),
 * repeats of a method without details collapsed (`eth_chainId (2)`); a call's and a failed estimate's summary
 * (contract and function or precompile, from, to, console.log lines, the failure); an automined transaction's
 * summary, failed or not (deployment or call, hash, from, to or the created address, value, gas used of the limit,
 * its block); mined blocks (`evm_mine`, `hardhat_mine`, interval mining); values aligned after the longest title
 * printed so far.
 * The details are read back from the chain after the request (request-log-summaries.ts), so only a logging
 * connection pays. Requests whose params do not parse, and `hardhat_setLoggingEnabled` itself, are not printed, as on EDR.
 * The plugin's connections and `parallel-node` (where it is always on, as `hardhat node` turns EDR's on) log
 * through {@link loggedHandle}, so Hardhat's request handlers' own requests are printed as on EDR.
 */
import type { ContractRegistry } from "./contract-registry.js";
import {
  failedTransactionHash,
  failureText,
  LogSummaries,
  precompileCount,
  type Answer,
  type ErrorJson,
  type Handle,
  type LogLine,
  type Tail,
} from "./request-log-summaries.js";

export { weiText } from "./request-log-summaries.js";

/** What the log reads of a request. */
type LoggedRequest = { readonly method: string; readonly params?: unknown };

/** Where the log goes: a line, or a replacement of the last line (Hardhat's printLine / replaceLastLine). */
export interface LogOutput {
  line(text: string): void;
  replaceLast(text: string): void;
}

/** Hardhat's printLine and replaceLastLine (edr/utils/logger.ts). */
export const CONSOLE_OUTPUT: LogOutput = {
  line: (text) => console.log(text),
  replaceLast: (text) => {
    if (process.stdout.isTTY === true) process.stdout.write(`\u001B[?25l\u001B[1F${text}\u001B[0K\n\u001B[?25h`);
    else process.stdout.write(`${text}\n`);
  },
};

const GREEN = (s: string): string => `\u001B[32m${s}\u001B[0m`;
const RED = (s: string): string => `\u001B[31m${s}\u001B[0m`;

/** The request log of one connection (see the module comment). */
export class RequestLogger {
  #enabled: boolean;
  /** Solidity console.log lines of the request being answered, printed in its summary. */
  readonly #console: string[] = [];
  /** The last printed method without details and how many times in a row, for collapsing repeats. */
  #collapsing: { method: string; count: number } | undefined;
  /** The longest title (with its indentation) printed so far: EDR aligns every value after it. */
  #titleLength = 0;
  readonly #summaries: LogSummaries;

  /** `hardfork` tells which addresses are precompiles (EDR names a call to one). */
  constructor(
    enabled: boolean,
    handle: Handle,
    registry: () => Promise<ContractRegistry>,
    hardfork: string | undefined,
    private readonly out: LogOutput = CONSOLE_OUTPUT,
  ) {
    this.#enabled = enabled;
    this.#summaries = new LogSummaries(handle, registry, precompileCount(hardfork));
  }

  /** Prints a Solidity console.log line: at once, or in the request's summary when logging is on (as EDR). */
  consoleLine(line: string): void {
    if (this.#enabled) this.#console.push(line);
    else this.out.line(line);
  }

  /** Whether `method`'s answer is to be passed to {@link log} (a cheap check: most requests need no log). */
  wants(method: string): boolean {
    return this.#enabled || method === "hardhat_setLoggingEnabled";
  }

  /** Logs `request` answered with `response` (when logging is on). */
  async log(request: LoggedRequest, response: Answer): Promise<void> {
    const params = Array.isArray(request.params) ? (request.params as unknown[]) : [];
    const error = "error" in response && response.error !== undefined ? (response.error as ErrorJson) : undefined;
    if (request.method === "hardhat_setLoggingEnabled") {
      if (error === undefined) this.#enabled = params[0] === true;
      return;
    }
    if (!this.#enabled) return;
    const console = this.#console.splice(0);
    if (error?.code === -32004 || error?.code === -32601) {
      this.#collapsing = undefined;
      this.out.line(RED(`${request.method} - Method not supported`));
      return;
    }
    // EDR prints requests that it parsed: executions and refusals, not malformed params.
    if (error !== undefined && error.code !== 3 && error.code !== -32000) return;
    const failure = error === undefined ? undefined : failureText(error);
    const tail = { console, failure };
    const summary = await this.#details(request.method, params, response, tail).catch((): LogLine[] => []);
    this.#dropReadBackLines();
    // A refusal (the request did not run) is printed after the details; an execution's failure is in them.
    const refusal = error !== undefined && failure === undefined ? ["", `  ${String(error.message)}`] : [];
    const details = [...summary, ...refusal];
    this.#print(request.method, details.length === 0 ? details : [...details, ""], error !== undefined);
  }

  /** Logs the block interval mining made, number `blockNumber` (when logging is on), as EDR prints it. */
  async logIntervalMined(blockNumber: bigint): Promise<void> {
    if (!this.#enabled) return;
    const console = this.#console.splice(0);
    const details = await this.#summaries.intervalMined(blockNumber, console).catch((): LogLine[] => []);
    this.#dropReadBackLines();
    this.#collapsing = undefined;
    this.#printDetails(details);
  }

  /**
   * Drops the console.log lines of the log's own read-back requests (a failed mined transaction's call run again
   * before its block prints its lines once more): they belong to no request.
   */
  #dropReadBackLines(): void {
    this.#console.length = 0;
  }

  #print(method: string, details: LogLine[], failed: boolean): void {
    const color = failed ? RED : GREEN;
    const last = this.#collapsing;
    if (details.length === 0 && !failed && last?.method === method) {
      last.count++;
      this.out.replaceLast(color(`${method} (${last.count})`));
      return;
    }
    this.out.line(color(method));
    this.#collapsing = details.length === 0 && !failed ? { method, count: 1 } : undefined;
    this.#printDetails(details);
  }

  #printDetails(details: readonly LogLine[]): void {
    for (const line of details) {
      if (typeof line !== "string") this.#titleLength = Math.max(this.#titleLength, line.indent + line.title.length);
    }
    for (const line of details) {
      if (typeof line === "string") this.out.line(line);
      else this.out.line(`${`${" ".repeat(line.indent)}${line.title}:`.padEnd(this.#titleLength + 1)} ${line.value}`);
    }
  }

  async #details(method: string, params: unknown[], response: Answer, tail: Tail): Promise<LogLine[]> {
    const error = "error" in response ? (response.error as ErrorJson | undefined) : undefined;
    const tx = (params[0] ?? {}) as Record<string, unknown>;
    const ran = error === undefined || tail.failure !== undefined;
    switch (method) {
      case "eth_call":
        return ran ? this.#summaries.call(tx, params[1] ?? "latest", false, tail) : [];
      case "eth_estimateGas":
        return tail.failure === undefined ? [] : this.#summaries.call(tx, params[1] ?? "pending", true, tail);
      case "eth_sendTransaction":
      case "eth_sendRawTransaction":
        if (error === undefined && "result" in response)
          return this.#summaries.sent(String(response.result).toLowerCase(), tail);
        if (error === undefined) return [];
        return ran ? this.#summaries.sent(failedTransactionHash(error), tail) : [];
      case "evm_mine":
        return error === undefined ? this.#summaries.mined(1n, tail.console) : [];
      case "hardhat_mine":
        return error === undefined ? this.#summaries.mined(miningCount(params[0]), tail.console) : [];
      default:
        return tail.console.length === 0 ? [] : ["  console.log:", ...tail.console.map((l) => `    ${l}`)];
    }
  }
}

/** The number of blocks a `hardhat_mine` request mines (its first param, 1 when absent). */
function miningCount(param: unknown): bigint {
  return typeof param === "string" && param !== "" ? BigInt(param) : 1n;
}

/**
 * `handle` with each answer passed to `logger` before it is returned (as EDR prints a request's lines before it
 * answers): the path of every request a Hardhat request handler or a client makes.
 */
export function loggedHandle<Request extends LoggedRequest, Response extends Answer>(
  handle: (request: Request) => Promise<Response>,
  logger: RequestLogger,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const response = await handle(request);
    if (logger.wants(request.method)) await logger.log(request, response);
    return response;
  };
}
