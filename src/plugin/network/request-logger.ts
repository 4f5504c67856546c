/**
 * `loggingEnabled` (and `hardhat_setLoggingEnabled`) on the parallel network: the request log Hardhat's network
 * (EDR) prints, in its format and through the same stream (`console.log`; a repeated method replaces the last
 * line with a count, as Hardhat's `replaceLastLine`). Each request's method (green, red for a failed execution),
 * repeats of a method without details collapsed (`eth_chainId (2)`); a call's and a failed estimate's summary
 * (contract and function, from, to, the error); an automined transaction's summary (deployment or call, hash,
 * from, to or the created address, value, gas used of the limit, its block); mined blocks (`evm_mine`,
 * `hardhat_mine`). The details are read back from the chain after the request, so only a logging connection
 * pays. Requests whose params do not parse, and `hardhat_setLoggingEnabled` itself, are not printed, as on EDR.
 */
import type { JsonRpcRequest } from "hardhat/types/providers";

import type { ContractRegistry } from "./contract-registry.js";

/** A JSON-RPC answer: a result or an error. */
type Answer = { readonly result?: unknown } | { readonly error?: unknown };
type Handle = (request: JsonRpcRequest) => Promise<Answer>;
type Json = Record<string, unknown>;

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
const REVERT_PREFIX = /^VM Exception while processing transaction: /;

/** A `Title:` padded so values start at column 23, as EDR aligns them at every indentation. */
function titled(indent: number, title: string, value: string): string {
  return `${" ".repeat(indent)}${`${title}:`.padEnd(23 - indent)}${value}`;
}

/**
 * EDR's human-readable amount of wei: wei below 100,000, gwei below 100,000 gwei, else ETH, with the first four
 * decimals of the fraction printed as a number without its leading and trailing zeros (EDR prints 10^16 wei as
 * "0.1 ETH" and 1,000,000,001 wei as "1. gwei"; measured).
 */
export function weiText(wei: bigint): string {
  if (wei === 0n) return "0 ETH";
  if (wei < 100_000n) return `${wei} wei`;
  if (wei < 100_000_000_000_000n) return `${edrDecimal(wei, 9)} gwei`;
  return `${edrDecimal(wei, 18)} ETH`;
}

function edrDecimal(value: bigint, decimals: number): string {
  const unit = 10n ** BigInt(decimals);
  const fraction = (value % unit) / 10n ** BigInt(decimals - 4);
  return `${value / unit}.${fraction === 0n ? "" : fraction.toString().replace(/0+$/, "")}`;
}

const str = (value: unknown): string => (typeof value === "string" ? value.toLowerCase() : "");
const num = (value: unknown): bigint => (typeof value === "string" && value !== "" ? BigInt(value) : 0n);

/** The request log of one connection (see the module comment). */
export class RequestLogger {
  #enabled: boolean;
  /** Solidity console.log lines of the request being answered, printed in its summary. */
  readonly #console: string[] = [];
  /** The last printed method without details and how many times in a row, for collapsing repeats. */
  #collapsing: { method: string; count: number } | undefined;

  constructor(
    enabled: boolean,
    private readonly handle: Handle,
    private readonly registry: () => Promise<ContractRegistry>,
    private readonly out: LogOutput = CONSOLE_OUTPUT,
  ) {
    this.#enabled = enabled;
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
  async log(request: JsonRpcRequest, response: Answer): Promise<void> {
    const params = Array.isArray(request.params) ? (request.params as unknown[]) : [];
    const failed = "error" in response && response.error !== undefined;
    if (request.method === "hardhat_setLoggingEnabled") {
      if (!failed) this.#enabled = params[0] === true;
      return;
    }
    if (!this.#enabled) return;
    const { code, message } = failed ? (response.error as { code?: unknown; message?: unknown }) : {};
    const printed = this.#console.splice(0);
    if (code === -32004 || code === -32601) {
      this.#collapsing = undefined;
      this.out.line(RED(`${request.method} - Method not supported`));
      return;
    }
    // EDR prints requests that it parsed: executions and refusals, not malformed params.
    if (failed && code !== 3 && code !== -32000) return;
    const summary = await this.#details(request.method, params, response).catch((): string[] => []);
    const refusal = code === -32000 ? ["", `  ${String(message)}`, ""] : [];
    const consoleLines = printed.length === 0 ? [] : ["  console.log:", ...printed.map((l) => `    ${l}`), ""];
    const details = [...summary, ...refusal, ...consoleLines];
    const color = failed ? RED : GREEN;
    const last = this.#collapsing;
    if (details.length === 0 && !failed && last?.method === request.method) {
      last.count++;
      this.out.replaceLast(color(`${request.method} (${last.count})`));
      return;
    }
    this.out.line(color(request.method));
    this.#collapsing = details.length === 0 && !failed ? { method: request.method, count: 1 } : undefined;
    for (const line of details) this.out.line(line);
  }

  async #get(method: string, params: unknown[]): Promise<Json | undefined> {
    const response = await this.handle({ jsonrpc: "2.0", id: 0, method, params });
    const result = "result" in response ? response.result : undefined;
    return typeof result === "object" && result !== null ? (result as Json) : undefined;
  }

  async #getText(method: string, params: unknown[]): Promise<string> {
    const response = await this.handle({ jsonrpc: "2.0", id: 0, method, params });
    return "result" in response ? str(response.result) : "";
  }

  async #details(method: string, params: unknown[], response: Answer): Promise<string[]> {
    const error = "error" in response ? (response.error as { code?: unknown; message?: unknown }) : undefined;
    const reverted = error?.code === 3 ? String(error.message).replace(REVERT_PREFIX, "") : undefined;
    const tx = (params[0] ?? {}) as Json;
    switch (method) {
      case "eth_call":
        return error === undefined || reverted !== undefined ? this.#callSummary(tx, reverted, false) : [];
      case "eth_estimateGas":
        return reverted === undefined ? [] : this.#callSummary(tx, reverted, true);
      case "eth_sendTransaction":
      case "eth_sendRawTransaction":
        return "result" in response ? this.#sentSummary(str(response.result)) : [];
      case "evm_mine":
        return error === undefined ? this.#minedSummary(1n) : [];
      case "hardhat_mine":
        return error === undefined ? this.#minedSummary(params[0] === undefined ? 1n : num(params[0])) : [];
      default:
        return [];
    }
  }

  /** EDR's "Contract deployment: Name" / "Contract call: Name#function" line; none for an account without code. */
  async #contractLine(indent: number, to: string, input: string): Promise<string | undefined> {
    const registry = await this.registry();
    if (to === "") {
      return titled(indent, "Contract deployment", registry.byCreationCode(input)?.name ?? "<UnrecognizedContract>");
    }
    const code = await this.#getText("eth_getCode", [to, "latest"]);
    if (code === "0x" || code === "") return undefined;
    const entry = registry.byRuntimeCode(code);
    if (entry === undefined) return titled(indent, "Contract call", "<UnrecognizedContract>");
    const selector = input.slice(0, 10);
    const fn = input.length >= 10 ? entry.abi.getFunction(selector)?.name : undefined;
    return titled(indent, "Contract call", `${entry.name}#${fn ?? "<unrecognized-selector>"}`);
  }

  /** The revert message of a failed mined transaction: its call replayed in its block's parent state. */
  async #replayError(tx: Json): Promise<string | undefined> {
    const call = { from: tx.from, to: tx.to, data: tx.input, value: tx.value, gas: tx.gas };
    const parent = `0x${(num(tx.blockNumber) - 1n).toString(16)}`;
    const answer = await this.handle({ jsonrpc: "2.0", id: 0, method: "eth_call", params: [call, parent] });
    const error = "error" in answer ? (answer.error as { code?: unknown; message?: unknown }) : undefined;
    return error?.code === 3 ? String(error.message).replace(REVERT_PREFIX, "") : undefined;
  }

  async #callSummary(tx: Json, reverted: string | undefined, withValue: boolean): Promise<string[]> {
    const to = str(tx.to);
    const contract = await this.#contractLine(2, to, str(tx.data ?? tx.input));
    if (contract === undefined && reverted === undefined) return [];
    const lines = contract === undefined ? [] : [contract];
    lines.push(titled(2, "From", str(tx.from)));
    if (to !== "") lines.push(titled(2, "To", to));
    if (withValue) lines.push(titled(2, "Value", weiText(num(tx.value))));
    lines.push("");
    return reverted === undefined ? lines : [...lines, `  Error: ${reverted}`, ""];
  }

  async #sentSummary(hash: string): Promise<string[]> {
    const receipt = await this.#get("eth_getTransactionReceipt", [hash]);
    const tx = await this.#get("eth_getTransactionByHash", [hash]);
    if (receipt === undefined || tx === undefined) return [];
    const [to, input] = [str(tx.to), str(tx.input)];
    const contract = await this.#contractLine(2, to, input);
    const lines = contract === undefined ? [] : [contract];
    if (to === "") lines.push(titled(2, "Contract address", str(receipt.contractAddress)));
    lines.push(titled(2, "Transaction", hash), titled(2, "From", str(tx.from)));
    if (to !== "") lines.push(titled(2, "To", to));
    lines.push(
      titled(2, "Value", weiText(num(tx.value))),
      titled(2, "Gas used", `${num(receipt.gasUsed)} of ${num(tx.gas)}`),
      titled(2, `Block #${num(receipt.blockNumber)}`, str(receipt.blockHash)),
      "",
    );
    return lines;
  }

  async #minedSummary(count: bigint): Promise<string[]> {
    const block = await this.#get("eth_getBlockByNumber", ["latest", true]);
    if (block === undefined) return [];
    const number = num(block.number);
    const txs = Array.isArray(block.transactions) ? (block.transactions as Json[]) : [];
    if (count > 1n && txs.length === 0) return [`  Mined empty block range #${number - count + 1n} to #${number}`, ""];
    if (count !== 1n) return [];
    if (txs.length === 0) return [`  Mined empty block #${number} with base fee ${num(block.baseFeePerGas)}`, ""];
    const lines = [
      `  Mined block #${number}`,
      `    Block: ${str(block.hash)}`,
      `      Base fee: ${num(block.baseFeePerGas)}`,
    ];
    for (const tx of txs) lines.push(...(await this.#blockTransaction(tx)));
    return lines;
  }

  async #blockTransaction(tx: Json): Promise<string[]> {
    const hash = str(tx.hash);
    const receipt = await this.#get("eth_getTransactionReceipt", [hash]);
    const [to, input] = [str(tx.to), str(tx.input)];
    const contract = await this.#contractLine(8, to, input);
    const lines = [titled(6, "Transaction", hash), ...(contract === undefined ? [] : [contract])];
    if (to === "") lines.push(titled(8, "Contract address", str(receipt?.contractAddress)));
    lines.push(titled(8, "From", str(tx.from)));
    if (to !== "") lines.push(titled(8, "To", to));
    lines.push(
      titled(8, "Value", weiText(num(tx.value))),
      titled(8, "Gas used", `${num(receipt?.gasUsed)} of ${num(tx.gas)}`),
    );
    // The error is read back by running the call again before the block: exact for the block's first transaction.
    if (receipt?.status !== "0x0" || num(tx.transactionIndex) !== 0n) return [...lines, ""];
    const error = await this.#replayError(tx);
    return error === undefined ? [...lines, ""] : [...lines, "", `        Error: ${error}`, ""];
  }
}
