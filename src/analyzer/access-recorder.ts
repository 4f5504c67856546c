/**
 * The recording half of the access collector (`collect-accesses.ts`): the effects of the invocation being
 * evaluated — reads, writes (what they store, whether made on every path), unknown accesses, calls out — the
 * path facts and the guards that doom or re-key earlier accesses.
 */
import type { ContractContext } from "./contract-context.js";
import type { Effects, ExternalCall, Frame, StartGuard, Val } from "./evaluation-context.js";
import { startGuardsOf } from "./restored-locks.js";
import { type KeySource, type SymbolicLocation, deepOf, unknownLocation } from "./locations.js";
import { type Fact, PathFacts } from "./path-facts.js";
import { markDoomed, rekeyAccesses } from "./doomed-paths.js";
import { type StoredValues, storesOf } from "./stored-values.js";

/** Where the evaluation of one contract's functions records what they access, read, write and call. */
export abstract class AccessRecorder {
  effects: Effects = { accesses: [], calls: [] };
  protected nextRef = 0;
  /** Guards passed on the current path (hold in callees). */
  readonly facts = new PathFacts();
  /** Nesting of branches and loops being evaluated (guards inside them hold on some paths only). */
  branchDepth = 0;
  /** Operands being evaluated that may not run: a conditional's branches, the right side of `&&`/`||`. */
  optional = 0;
  /** Bodies that may return early, and self-calls (a `try` may undo them), being evaluated. */
  protected exits = 0;
  /** Values read in the entry point's own body and modifiers: ref → location and access index. */
  protected readonly entryReads = new Map<number, { location: SymbolicLocation; index: number }>();
  /** Start guards of the entry point being evaluated (`restored-locks.ts`). */
  protected startGuards: StartGuard[] = [];

  /**
   * `stored`: the contract's stored-value facts, for a second pass (`stored-values.ts`); without them, `asked`
   * collects the locations whose read values the first pass would have asked about.
   */
  constructor(
    readonly ctx: ContractContext,
    private readonly stored?: StoredValues,
    private readonly asked?: SymbolicLocation[],
  ) {}

  /** Records reads of locations (deep for reference types copied out of storage). */
  read(locs: SymbolicLocation[], src: string): void {
    for (const location of locs) {
      const loc = location.type.kind === "value" ? location : deepOf(location);
      this.effects.accesses.push({ mode: "read", location: loc, commutative: false, src });
    }
  }

  /** Records writes of locations; `commutative` for `+=`, `-=`, `++`, `--` on value types; what they store. */
  write(locs: SymbolicLocation[], src: string, commutative = false, stored?: Val | "zeros"): void {
    for (const location of locs) {
      const loc = location.type.kind === "value" ? location : deepOf(location);
      const what =
        stored === "zeros" ? { zeroes: true as const } : stored ? { stores: storesOf(location, stored) } : {};
      this.effects.accesses.push({
        mode: "write",
        location: loc,
        commutative: commutative && loc === location,
        src,
        ...what,
        ...(this.conditional() ? {} : { unconditional: true as const }),
      });
    }
  }

  /** Whether what is evaluated now may not run on every path that gets this far. */
  protected conditional(): boolean {
    return this.branchDepth > 0 || this.optional > 0 || this.exits > 0;
  }

  /** The value read at a value-type location as a key, when the contract's writes tell. */
  storedValue(loc: SymbolicLocation): KeySource | undefined {
    if (this.stored === undefined) this.asked?.push(loc);
    return this.stored?.of(loc);
  }

  /** Records an access the analysis cannot place. */
  unknown(mode: "read" | "write", reason: string, src: string): void {
    this.effects.accesses.push({ mode, location: unknownLocation(reason), commutative: false, src });
  }

  /** A new identity for a value read from storage. */
  newRef(): number {
    return this.nextRef++;
  }

  /** Whether evaluation is in the entry point's own body or modifiers (not in a function it calls). */
  protected atEntryLevel(): boolean {
    return false;
  }

  /** Remembers where the entry point itself read the value `ref` (the access just recorded). */
  noteStoredRead(ref: number, location: SymbolicLocation): void {
    if (this.atEntryLevel()) this.entryReads.set(ref, { location, index: this.effects.accesses.length - 1 });
  }

  /** A guard passed in `frame`: its facts hold from here on; on every path of the frame, doomed accesses revert. */
  assume(facts: readonly Fact[], frame: Frame): void {
    this.facts.add(facts);
    if ((frame.depth ?? 0) !== 0) return;
    // A modifier's frame counts as one that may return early; a body that can (the function's or the
    // modifier's) makes everything in it conditional, so a guard passed unconditionally is on every path.
    if (this.atEntryLevel() && !this.conditional())
      this.startGuards.push(...startGuardsOf(this.effects, facts, this.entryReads));
    if (frame.earlyReturn !== true) markDoomed(this.effects, facts);
  }

  /** A guard passed on every path of `frame` proves the value `ref` equal to `key` (`doomed-paths.ts`). */
  rekey(ref: number, key: KeySource, frame: Frame): void {
    if ((frame.depth ?? 0) === 0 && frame.earlyReturn !== true) rekeyAccesses(this.effects, ref, key);
  }

  /**
   * Whether nothing evaluated so far can have changed storage: the entry point's own body (not a modifier, a
   * callee, a branch or a loop), no write and no call but static ones recorded yet (evaluation follows the order
   * statements run in).
   */
  unchangedSoFar(frame: Frame): boolean {
    if (!this.atEntryLevel() || frame.fn === undefined || (frame.depth ?? 0) !== 0 || this.loops > 0) return false;
    return (
      this.effects.accesses.every((a) => a.mode === "read") && this.effects.calls.every((c) => c.kind === "staticcall")
    );
  }

  /** Loops being evaluated: their headers (a condition, `i++`) run again after the body's writes. */
  private loops = 0;

  /** Runs `body` (a loop, header included) with `unchangedSoFar` false throughout. */
  protected looping(body: () => void): void {
    this.loops += 1;
    try {
      body();
    } finally {
      this.loops -= 1;
    }
  }

  /** Getter returns the calls being evaluated are made only when zero (`zero-defaults.ts`), innermost last. */
  private readonly zeroTests: KeySource[] = [];

  /** Runs `body` (the `if` of a get-or-create local) with its entry-level calls made only when `key` is 0. */
  protected zeroTested(key: KeySource, body: () => void): void {
    this.zeroTests.push(key);
    try {
      body();
    } finally {
      this.zeroTests.pop();
    }
  }

  /** Records an external call. */
  call(call: ExternalCall): void {
    const zero = this.atEntryLevel() ? this.zeroTests : [];
    const when = [
      ...this.facts.since(0).filter((f) => f.key.startsWith('{"kind":"param"')),
      ...zero.map((k) => ({ key: JSON.stringify(k), value: "0", equal: true })),
    ];
    this.effects.calls.push(when.length > 0 ? { ...call, when } : call);
    const reenters = call.kind !== "staticcall" && call.target !== "this";
    if (reenters && this.effects.firstCallOut === undefined) this.effects.firstCallOut = this.effects.accesses.length;
    if (reenters) this.effects.lastCallOut = this.effects.accesses.length;
  }
}
