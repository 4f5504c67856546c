/**
 * Runs one execution (a mined transaction's replay for `debug_traceTransaction`, a request for
 * `debug_traceCall`) with a native tracer, and answers as Hardhat's network answers: `callTracer`,
 * `prestateTracer`, `4byteTracer`, `noopTracer`, `flatCallTracer`, `erc7562Tracer`, and `muxTracer` combining
 * the first five. Frames are
 * recorded from the EVM's events only during this run.
 */
import { Address } from "@ethereumjs/util";

import type { Chain } from "../../chain/chain.js";
import type { StateView } from "../../state/account-data.js";
import type { AccessSets } from "../../vocabulary.js";

import { callTrace } from "./call-frames.js";
import { Erc7562Collector, type Erc7562Config } from "./erc7562.js";
import { FrameRecorder, type RecordedFrame } from "./frame-recorder.js";
import { flatCallTrace, type TxPlace } from "./flat-call-frames.js";
import { prestateTrace } from "./prestate.js";
import type { NativeTracer } from "./tracer-options.js";

/** What the traced run gave. */
export interface NativeRun {
  /** Gas used after refunds (the receipt's). */
  readonly gasUsed: bigint;
  /** The transaction's (or request's) gas limit. */
  readonly gasLimit: bigint;
  readonly access: AccessSets;
}

/** Where and over what the run happens. */
export interface NativeTraceContext {
  /** State before the run. */
  readonly view: StateView;
  readonly place: TxPlace;
}

/** Runs `run` with `tracer` on and builds its answer. */
export async function traceNative(
  chain: Chain,
  tracer: NativeTracer,
  context: NativeTraceContext,
  run: () => Promise<NativeRun>,
): Promise<unknown> {
  if (tracer.name === "noopTracer") {
    await run();
    return {};
  }
  const recorder = new FrameRecorder();
  const erc7562 =
    tracer.name === "erc7562Tracer" ? erc7562Collector(chain, tracer.config, recorder, context) : undefined;
  const events = chain.context.vm.evm.events;
  events?.on("beforeMessage", recorder.beforeMessage);
  events?.on("afterMessage", recorder.afterMessage);
  // 4byteTracer needs the frames' inputs only, prestateTracer the creations and self-destructions: no step
  // listener for them (steps are the costly part of a trace).
  const steps = tracer.name !== "4byteTracer" && tracer.name !== "prestateTracer";
  if (steps) events?.on("step", recorder.step);
  if (erc7562 !== undefined) events?.on("step", erc7562.step);
  let outcome: NativeRun;
  try {
    outcome = await run();
  } finally {
    events?.off("beforeMessage", recorder.beforeMessage);
    events?.off("afterMessage", recorder.afterMessage);
    if (steps) events?.off("step", recorder.step);
    if (erc7562 !== undefined) events?.off("step", erc7562.step);
  }
  const root = recorder.root;
  if (root === undefined) return {};
  if (erc7562 !== undefined) return erc7562.answer(root, { gas: outcome.gasLimit, gasUsed: outcome.gasUsed });
  return answer(chain, tracer, { root, outcome, context, mux: false, destructed: recorder.destructed });
}

function erc7562Collector(
  chain: Chain,
  config: Erc7562Config,
  recorder: FrameRecorder,
  context: NativeTraceContext,
): Erc7562Collector {
  const { txState } = chain.context;
  const storage = (address: Uint8Array, slot: Uint8Array): bigint => txState.storageWord(new Address(address), slot);
  return new Erc7562Collector(config, () => recorder.current, context.view, storage);
}

interface Traced {
  readonly root: RecordedFrame;
  readonly outcome: NativeRun;
  readonly context: NativeTraceContext;
  /** Inside `muxTracer`: the outermost call frame keeps the gas it was given. */
  readonly mux: boolean;
  /** Addresses self-destructed in frames that succeeded. */
  readonly destructed: ReadonlySet<string>;
}

function answer(chain: Chain, tracer: NativeTracer, traced: Traced): unknown {
  const { root, outcome, context } = traced;
  switch (tracer.name) {
    case "callTracer":
      return callTrace(root, tracer.config, {
        gas: traced.mux ? root.gas : outcome.gasLimit,
        gasUsed: outcome.gasUsed,
      });
    case "prestateTracer":
      return prestateTrace(
        { access: outcome.access, view: context.view, ...createdAndDestroyed(root, traced.destructed) },
        tracer.config,
      );
    case "flatCallTracer":
      return flatCallTrace(root, tracer.config, context.place, {
        gas: traced.mux ? root.gas : outcome.gasLimit,
        gasUsed: root.gasUsed,
        isPrecompile: (address) => chain.context.vm.evm.getPrecompile?.(address as `0x${string}`) !== undefined,
      });
    case "4byteTracer":
      return fourBytes(root);
    case "noopTracer":
    case "erc7562Tracer":
      return {};
    case "muxTracer":
      return Object.fromEntries(
        tracer.tracers.map(([name, sub]) => [name, answer(chain, sub, { ...traced, mux: true })]),
      );
  }
}

/** `4byteTracer`: calls by selector and argument size (every call frame with at least 4 bytes of input). */
function fourBytes(root: RecordedFrame): Record<string, number> {
  const counts: Record<string, number> = {};
  const visit = (frame: RecordedFrame): void => {
    const bytes = (frame.input.length - 2) / 2;
    if (!frame.kind.startsWith("CREATE") && bytes >= 4) {
      const key = `${frame.input.slice(0, 10)}-${bytes - 4}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    frame.children.forEach(visit);
  };
  visit(root);
  return counts;
}

/** Addresses created by successful creations (in frames that all succeeded), and those of them destroyed. */
function createdAndDestroyed(
  root: RecordedFrame,
  destructed: ReadonlySet<string>,
): { created: Set<string>; destroyed: Set<string> } {
  const created = new Set<string>();
  const visit = (frame: RecordedFrame): void => {
    if (frame.error !== undefined) return;
    if (frame.kind.startsWith("CREATE") && frame.to !== undefined) created.add(frame.to);
    frame.children.forEach(visit);
  };
  visit(root);
  return { created, destroyed: new Set([...destructed].filter((address) => created.has(address))) };
}
