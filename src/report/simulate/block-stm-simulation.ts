/**
 * Discrete-event simulation of Block-STM on P threads, measured in gas.
 *
 * The scheduler and memory (block-stm-scheduler.ts) decide what each thread does; this file decides when.
 * P simulated threads loop on next_task like the paper's threads. Time is gas:
 *
 * - an execution task takes the transaction's gas. It reads its whole read set when it starts and publishes
 *   its writes when it ends ("read at start, write at end"), the widest window in which a lower transaction
 *   can invalidate it, so the simulation errs on the pessimistic side;
 * - an execution that meets an ESTIMATE stops at once (cost 0) and the transaction waits for the blocking
 *   one (add_dependency); the thread asks for another task;
 * - a validation task takes `validationCostFraction × gas` of the transaction, then checks the read set
 *   against the memory as it is at that moment and aborts the incarnation if a read changed.
 *
 * Events are processed in (time, thread) order and idle threads ask for work in thread order, so the result
 * is a pure function of the block and the parameters. The recording gives each transaction one read set and
 * one write set; a real re-execution could follow another path and touch other locations, which the
 * simulation cannot know.
 *
 * Outputs: makespan and speedup against the sequential time (total gas, no validation), executions per
 * transaction, aborts (failed validations), suspensions on ESTIMATE markers, wasted gas (gas of aborted
 * incarnations) and validation gas. With one thread the speedup is 1 / (1 + validationCostFraction); on a
 * fully dependent block it stays at or below 1, as the paper's ≈ 0.7× sequential worst case.
 */
import { type BlockTrace, gasOf } from "../record/block-trace.js";
import { BlockStmScheduler, type BlockStmTask, type Version } from "./block-stm-scheduler.js";
import { PriorityQueue } from "./priority-queue.js";

/** Parameters of the Block-STM simulation. */
export interface BlockStmOptions {
  /** Cost of validating a transaction, as a fraction of its gas. Default 0.05. */
  readonly validationCostFraction?: number;
}

/** Default validation cost: 5 % of the transaction's gas. */
export const DEFAULT_VALIDATION_COST_FRACTION = 0.05;

/** Outcome of simulating one block on `threads` threads. */
export interface BlockStmResult {
  readonly threads: number;
  /** Total gas of the block (the sequential time). */
  readonly sequentialGas: number;
  /** Simulated time, in gas, when the last task finishes. */
  readonly makespanGas: number;
  /** `sequentialGas / makespanGas` (1 for an empty or zero-cost block). */
  readonly speedup: number;
  /** Execution tasks that ran to the end (every incarnation that published writes). */
  readonly executions: number;
  /** `executions / transactions` (0 for an empty block). */
  readonly executionsPerTx: number;
  /** Validations that aborted an incarnation. */
  readonly aborts: number;
  /** Executions stopped at an ESTIMATE marker. */
  readonly suspensions: number;
  /** Validation tasks run. */
  readonly validations: number;
  /** Gas of executions whose incarnation was later aborted. */
  readonly wastedGas: number;
  /** Gas spent validating. */
  readonly validationGas: number;
  /**
   * Start and end time of each transaction's last (committed) incarnation, by index: the schedule Block-STM
   * ended up with. Each transaction starts after every transaction it depends on ended.
   */
  readonly committed: readonly { readonly start: number; readonly end: number }[];
}

interface Busy {
  readonly start: number;
  readonly time: number;
  readonly thread: number;
  readonly task: BlockStmTask;
  readonly versions: Version[];
}

interface Counters {
  executions: number;
  aborts: number;
  suspensions: number;
  validations: number;
  wastedGas: number;
  validationGas: number;
}

/** One simulation run: the scheduler, the clock and the counters. */
class Simulation {
  readonly counters: Counters = {
    executions: 0,
    aborts: 0,
    suspensions: 0,
    validations: 0,
    wastedGas: 0,
    validationGas: 0,
  };
  readonly busy = new PriorityQueue<Busy>((a, b) => (a.time === b.time ? a.thread < b.thread : a.time < b.time));
  readonly idle: number[] = [];
  readonly committed: { start: number; end: number }[];
  makespan = 0;

  constructor(
    readonly scheduler: BlockStmScheduler,
    readonly gas: readonly number[],
    readonly validationCostFraction: number,
  ) {
    this.committed = gas.map(() => ({ start: 0, end: 0 }));
  }

  /** Starts `task` (or whatever follows it) on `thread` at `now`; returns false when the thread stays idle. */
  start(thread: number, first: BlockStmTask | undefined, now: number): boolean {
    for (let task = first; task !== undefined; task = this.scheduler.nextTask()) {
      const gas = this.gas[task.tx] ?? 0;
      if (task.kind === "validation") {
        const cost = gas * this.validationCostFraction;
        this.busy.push({ start: now, time: now + cost, thread, task, versions: [] });
        return true;
      }
      const read = this.scheduler.readAll(task.tx);
      if (typeof read !== "number") {
        this.busy.push({ start: now, time: now + gas, thread, task, versions: read });
        return true;
      }
      if (!this.scheduler.addDependency(task.tx, read)) {
        throw new Error(`Block-STM simulation: transaction ${read} is executed but still an ESTIMATE`);
      }
      this.counters.suspensions++;
    }
    return false;
  }

  /** Completes the earliest running task and returns the follow-up task it hands to its thread. */
  complete(event: Busy): BlockStmTask | undefined {
    const gas = this.gas[event.task.tx] ?? 0;
    this.makespan = Math.max(this.makespan, event.time);
    if (event.task.kind === "execution") {
      this.counters.executions++;
      this.committed[event.task.tx] = { start: event.start, end: event.time };
      return this.scheduler.finishExecution(event.task, event.versions);
    }
    this.counters.validations++;
    this.counters.validationGas += gas * this.validationCostFraction;
    const valid = this.scheduler.validateReadSet(event.task.tx);
    const { aborted, next } = this.scheduler.finishValidation(event.task, valid);
    if (aborted) {
      this.counters.aborts++;
      this.counters.wastedGas += gas;
    }
    return next;
  }

  /** Lets idle threads, lowest first, take tasks at `now`. */
  dispatchIdle(now: number): void {
    while (this.idle.length > 0) {
      const thread = this.idle[0] as number;
      if (!this.start(thread, this.scheduler.nextTask(), now)) return;
      this.idle.shift();
    }
  }

  /** Marks `thread` idle, keeping the idle threads in ascending order. */
  rest(thread: number): void {
    let at = this.idle.length;
    while (at > 0 && (this.idle[at - 1] as number) > thread) at--;
    this.idle.splice(at, 0, thread);
  }

  run(threads: number): void {
    for (let thread = 0; thread < threads; thread++) this.idle.push(thread);
    this.dispatchIdle(0);
    for (let event = this.busy.pop(); event !== undefined; event = this.busy.pop()) {
      const follow = this.complete(event);
      if (!this.start(event.thread, follow ?? this.scheduler.nextTask(), event.time)) this.rest(event.thread);
      this.dispatchIdle(event.time);
    }
    if (!this.scheduler.allExecuted || !this.scheduler.exhausted) {
      throw new Error("Block-STM simulation stalled with transactions left unexecuted (internal error)");
    }
  }
}

/** Simulates Block-STM on `threads` threads over one block (see the file header for the model). */
export function simulateBlockStm(block: BlockTrace, threads: number, options: BlockStmOptions = {}): BlockStmResult {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`threads must be a positive integer, got ${threads}`);
  const fraction = options.validationCostFraction ?? DEFAULT_VALIDATION_COST_FRACTION;
  if (!(fraction >= 0) || !Number.isFinite(fraction))
    throw new Error(`validationCostFraction must be ≥ 0, got ${fraction}`);
  const gas = block.transactions.map(gasOf);
  const simulation = new Simulation(new BlockStmScheduler(block), gas, fraction);
  simulation.run(threads);
  const sequentialGas = gas.reduce((sum, value) => sum + value, 0);
  const { makespan, counters } = simulation;
  const size = block.transactions.length;
  return {
    threads,
    sequentialGas,
    makespanGas: makespan,
    speedup: makespan === 0 ? 1 : sequentialGas / makespan,
    executionsPerTx: size === 0 ? 0 : counters.executions / size,
    ...counters,
    committed: simulation.committed,
  };
}
