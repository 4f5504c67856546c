/**
 * The `tracer` and `tracerConfig` members of `debug_traceTransaction` / `debug_traceCall` options, read as
 * Hardhat's network reads them: geth's native tracers `callTracer`, `prestateTracer`, `4byteTracer`,
 * `noopTracer`, `muxTracer` and `flatCallTracer`; any other string is taken for a JavaScript tracer, which it
 * refuses ("JS Tracer is not enabled"); malformed configurations are refused with its messages (-32602).
 */
import { invalidArgument, invalidParams, type RpcError } from "../rpc-error.js";

import type { CallTracerConfig } from "./call-frames.js";
import type { Erc7562Config } from "./erc7562.js";
import type { FlatCallConfig } from "./flat-call-frames.js";
import type { PrestateConfig } from "./prestate.js";

/** A native tracer and its configuration. */
export type NativeTracer =
  | { readonly name: "callTracer"; readonly config: CallTracerConfig }
  | { readonly name: "prestateTracer"; readonly config: PrestateConfig }
  | { readonly name: "flatCallTracer"; readonly config: FlatCallConfig }
  | { readonly name: "erc7562Tracer"; readonly config: Erc7562Config }
  | { readonly name: "4byteTracer" }
  | { readonly name: "noopTracer" }
  | { readonly name: "muxTracer"; readonly tracers: ReadonlyArray<readonly [string, NativeTracer]> };

/** EDR's refusals: -32602 with `data: null`. */
function refusal(message: string): RpcError {
  return invalidArgument(message);
}

const BUILT_IN = new Set(["callTracer", "prestateTracer", "4byteTracer", "noopTracer", "muxTracer", "flatCallTracer"]);

function record(raw: unknown): Record<string, unknown> | undefined {
  return typeof raw === "object" && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
}

/** The boolean members `names` of a configuration (absent or null: false); throws when malformed. */
function flags<K extends string>(raw: unknown, names: readonly K[]): Record<K, boolean> {
  const config = raw === undefined || raw === null ? {} : record(raw);
  if (config === undefined) throw refusal("invalid tracer config");
  const out = {} as Record<K, boolean>;
  for (const name of names) {
    const value = config[name];
    if (value !== undefined && value !== null && typeof value !== "boolean") throw refusal("invalid tracer config");
    out[name] = value === true;
  }
  return out;
}

function nativeTracer(name: string, rawConfig: unknown): NativeTracer {
  switch (name) {
    case "callTracer":
      return { name, config: flags(rawConfig, ["onlyTopCall", "withLog"]) };
    case "prestateTracer":
      return { name, config: flags(rawConfig, ["diffMode", "disableCode", "disableStorage"]) };
    case "flatCallTracer": {
      const { includePrecompiles } = flags(rawConfig, ["convertParityErrors", "includePrecompiles"]);
      return { name, config: { includePrecompiles } };
    }
    case "muxTracer":
      return { name, tracers: muxTracers(rawConfig) };
    case "erc7562Tracer":
      return { name, config: erc7562Config(rawConfig) };
    case "4byteTracer":
    case "noopTracer":
      return { name };
    default:
      throw refusal("JS Tracer is not enabled");
  }
}

/** revm-inspectors' type names (EDR's mux messages name tracers by them). */
const TYPE_NAMES: Readonly<Record<string, string>> = {
  "4byteTracer": "FourByteTracer",
  callTracer: "CallTracer",
  prestateTracer: "PreStateTracer",
  noopTracer: "NoopTracer",
  muxTracer: "MuxTracer",
  flatCallTracer: "FlatCallTracer",
};
const STRUCT_NAMES: Readonly<Record<string, string>> = {
  callTracer: "CallConfig",
  prestateTracer: "PreStateConfig",
  flatCallTracer: "FlatCallConfig",
};
const FIELDS: Readonly<Record<string, readonly string[]>> = {
  callTracer: ["onlyTopCall", "withLog"],
  prestateTracer: ["diffMode", "disableCode", "disableStorage"],
  flatCallTracer: ["convertParityErrors", "includePrecompiles"],
};

/** serde's wording of an unexpected JSON value. */
function unexpected(value: unknown): string {
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return `boolean \`${String(value)}\``;
  if (typeof value === "string") return `string ${JSON.stringify(value)}`;
  return Array.isArray(value) ? "sequence" : "map";
}

/** A mux member's configuration checked as revm-inspectors deserializes it. */
function checkedMuxConfig(name: string, sub: unknown): void {
  const absent = sub === undefined || sub === null;
  const typeName = TYPE_NAMES[name] ?? name;
  if (name === "muxTracer" || ((name === "4byteTracer" || name === "noopTracer") && !absent))
    throw refusal(`unexpected config for tracer '${typeName}'`);
  const fields = FIELDS[name];
  if (fields === undefined) return;
  if (absent) throw refusal(`expected config is missing for tracer '${typeName}'`);
  const config = record(sub);
  if (config === undefined)
    throw refusal(
      `error deserializing config: invalid type: ${unexpected(sub)}, expected struct ${STRUCT_NAMES[name]}`,
    );
  for (const field of fields) {
    const value = config[field];
    if (value !== undefined && value !== null && typeof value !== "boolean")
      throw refusal(`error deserializing config: invalid type: ${unexpected(value)}, expected a boolean`);
  }
}

/** `erc7562Tracer`'s configuration: `withLog` and `ignoredOpcodes` (quantities); `stackTopItemsSize` is not used. */
function erc7562Config(raw: unknown): Erc7562Config {
  const { withLog } = flags(raw, ["withLog"]);
  const ignored = record(raw)?.ignoredOpcodes;
  if (ignored === undefined || ignored === null) return { withLog, ignoredOpcodes: new Set() };
  if (!Array.isArray(ignored)) throw refusal("invalid tracer config");
  const opcodes = ignored.map((op: unknown) => {
    const value = typeof op === "string" && /^0x[0-9a-fA-F]{1,2}$/.test(op) ? Number(op) : op;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 255)
      throw refusal("invalid tracer config");
    return value;
  });
  return { withLog, ignoredOpcodes: new Set(opcodes) };
}

function muxTracers(raw: unknown): Array<readonly [string, NativeTracer]> {
  if (raw === undefined || raw === null) return [];
  const config = record(raw);
  if (config === undefined) throw refusal("invalid tracer config");
  return Object.entries(config).map(([name, sub]) => {
    if (!BUILT_IN.has(name)) throw refusal(`unsupported tracer type: 'JsTracer(${JSON.stringify(name)})'`);
    checkedMuxConfig(name, sub);
    return [name, nativeTracer(name, sub)] as const;
  });
}

/**
 * The native tracer the options ask for; undefined when they ask for none (the struct-log tracer).
 * Throws EDR's refusal for a JavaScript tracer, an unknown name or a malformed configuration.
 */
export function nativeTracerOf(rawOptions: unknown): NativeTracer | undefined {
  const options = record(rawOptions);
  const tracer = options?.tracer;
  if (tracer === undefined || tracer === null) return undefined;
  if (typeof tracer !== "string") throw refusal("data did not match any variant of untagged enum GethDebugTracerType");
  if (!BUILT_IN.has(tracer) && tracer !== "erc7562Tracer") throw refusal("JS Tracer is not enabled");
  return nativeTracer(tracer, options?.tracerConfig);
}

/** The struct-log tracer's switches, booleans wherever given (EDR's `GethDebugTracingOptions`). */
const SWITCHES = ["disableStorage", "disableMemory", "disableStack", "enableMemory", "enableReturnData"];

/**
 * Fails (-32602, naming the member) when the options param at `index` is not shaped as Hardhat's network reads
 * it: an object (or nothing) whose switches are booleans and whose `timeout` is a string (null: absent). Read
 * before the transaction or block is looked up, as there.
 */
export function checkTraceOptions(params: unknown[], index: number): void {
  const raw = params[index];
  if (raw === undefined || raw === null) return;
  const options = record(raw);
  if (options === undefined) throw invalidParams(`invalid value for parameter ${index} (options): expected an object`);
  const wrong = (name: string, expected: string): boolean =>
    options[name] !== undefined && options[name] !== null && typeof options[name] !== expected;
  for (const name of SWITCHES) {
    if (wrong(name, "boolean"))
      throw invalidParams(`invalid value for parameter ${index} (options.${name}): expected true or false`);
  }
  if (wrong("timeout", "string"))
    throw invalidParams(
      `invalid value for parameter ${index} (options.timeout): expected a duration string such as "5s"`,
    );
}
