/**
 * The Block-STM simulation as first written (string versions, a location map walked on every read), kept as
 * the reference the optimized src/report/simulate/block-stm-{scheduler,simulation}.ts must match exactly.
 */
import { type BlockTrace, gasOf, type LocationKey } from "../../../src/report/record/block-trace.js";

type Status = "ready" | "executing" | "executed" | "aborting";
interface Task {
  kind: "execution" | "validation";
  tx: number;
  incarnation: number;
}
interface Writer {
  tx: number;
  delta: boolean;
}

class ReferenceScheduler {
  executionIdx = 0;
  validationIdx = 0;
  readonly size: number;
  readonly reads: LocationKey[][];
  readonly writers = new Map<LocationKey, Writer[]>();
  readonly status: Status[];
  readonly incarnation: number[];
  readonly dependents: number[][];
  readonly written: number[];
  readonly estimate: boolean[];
  readSet: string[][];
  readonly writesSomething: boolean[];

  constructor(block: BlockTrace) {
    this.size = block.transactions.length;
    this.reads = block.transactions.map((tx) => [...new Set(tx.reads)]);
    block.transactions.forEach((tx, index) => {
      const plain = new Set(tx.writes);
      for (const key of new Set([...tx.writes, ...tx.deltas]))
        this.writers.set(key, [...(this.writers.get(key) ?? []), { tx: index, delta: !plain.has(key) }]);
    });
    this.status = new Array<Status>(this.size).fill("ready");
    this.incarnation = new Array<number>(this.size).fill(0);
    this.dependents = Array.from({ length: this.size }, () => []);
    this.written = new Array<number>(this.size).fill(-1);
    this.estimate = new Array<boolean>(this.size).fill(false);
    this.readSet = Array.from({ length: this.size }, () => []);
    this.writesSomething = block.transactions.map((tx) => tx.writes.length + tx.deltas.length > 0);
  }

  read(location: LocationKey, tx: number): { version: string } | { blockedBy: number } {
    const list = (this.writers.get(location) ?? []).filter((w) => w.tx < tx);
    const seen: string[] = [];
    for (let at = list.length - 1; at >= 0; at--) {
      const writer = list[at] as Writer;
      const incarnation = this.written[writer.tx] ?? -1;
      if (incarnation === -1) continue;
      if (this.estimate[writer.tx]) return { blockedBy: writer.tx };
      seen.push(`${writer.tx}.${incarnation}`);
      if (!writer.delta) break;
    }
    return { version: seen.join(",") };
  }

  readAll(tx: number): { versions: string[] } | { blockedBy: number } {
    const versions: string[] = [];
    for (const location of this.reads[tx] ?? []) {
      const outcome = this.read(location, tx);
      if ("blockedBy" in outcome) return outcome;
      versions.push(outcome.version);
    }
    return { versions };
  }

  get exhausted(): boolean {
    return Math.min(this.executionIdx, this.validationIdx) >= this.size;
  }

  nextTask(): Task | undefined {
    while (!this.exhausted) {
      let task: Task | undefined;
      if (this.validationIdx < this.executionIdx) {
        const tx = this.validationIdx++;
        if (tx < this.size && this.status[tx] === "executed")
          task = { kind: "validation", tx, incarnation: this.incarnation[tx] ?? 0 };
      } else task = this.tryIncarnate(this.executionIdx++);
      if (task !== undefined) return task;
    }
    return undefined;
  }

  tryIncarnate(tx: number): Task | undefined {
    if (tx >= this.size || this.status[tx] !== "ready") return undefined;
    this.status[tx] = "executing";
    return { kind: "execution", tx, incarnation: this.incarnation[tx] ?? 0 };
  }

  setReady(tx: number): void {
    this.status[tx] = "ready";
    this.incarnation[tx] = (this.incarnation[tx] ?? 0) + 1;
  }

  finishExecution(task: Task, versions: string[]): Task | undefined {
    const { tx } = task;
    const wroteNew = this.written[tx] === -1 && this.writesSomething[tx] === true;
    this.written[tx] = task.incarnation;
    this.estimate[tx] = false;
    this.readSet[tx] = versions;
    this.status[tx] = "executed";
    const dependents = this.dependents[tx] ?? [];
    this.dependents[tx] = [];
    for (const waiting of dependents) this.setReady(waiting);
    if (dependents.length > 0) this.executionIdx = Math.min(this.executionIdx, ...dependents);
    if (this.validationIdx <= tx) return undefined;
    if (!wroteNew) return { kind: "validation", tx, incarnation: task.incarnation };
    this.validationIdx = tx;
    return undefined;
  }

  finishValidation(task: Task): { aborted: boolean; next: Task | undefined } {
    const { tx } = task;
    const recorded = this.readSet[tx] ?? [];
    const valid = (this.reads[tx] ?? []).every((location, at) => {
      const outcome = this.read(location, tx);
      return "version" in outcome && outcome.version === recorded[at];
    });
    const current = this.status[tx] === "executed" && this.incarnation[tx] === task.incarnation;
    if (valid || !current) return { aborted: false, next: undefined };
    this.status[tx] = "aborting";
    this.estimate[tx] = true;
    this.setReady(tx);
    this.validationIdx = Math.min(this.validationIdx, tx + 1);
    return { aborted: true, next: this.executionIdx > tx ? this.tryIncarnate(tx) : undefined };
  }
}

interface Busy {
  start: number;
  time: number;
  thread: number;
  task: Task;
  versions: string[];
}

/** The reference simulation: the same outputs as `simulateBlockStm`, computed the original way. */
export function referenceBlockStm(block: BlockTrace, threads: number, fraction = 0.05): Record<string, unknown> {
  const s = new ReferenceScheduler(block);
  const gas = block.transactions.map(gasOf);
  const counters = { executions: 0, aborts: 0, suspensions: 0, validations: 0, wastedGas: 0, validationGas: 0 };
  const committed = gas.map(() => ({ start: 0, end: 0 }));
  let busy: Busy[] = [];
  const idle: number[] = [];
  let makespan = 0;
  const start = (thread: number, first: Task | undefined, now: number): boolean => {
    for (let task = first; task !== undefined; task = s.nextTask()) {
      const g = gas[task.tx] ?? 0;
      if (task.kind === "validation") {
        busy.push({ start: now, time: now + g * fraction, thread, task, versions: [] });
        return true;
      }
      const read = s.readAll(task.tx);
      if ("versions" in read) {
        busy.push({ start: now, time: now + g, thread, task, versions: read.versions });
        return true;
      }
      if (s.status[read.blockedBy] === "executed") throw new Error("reference: ESTIMATE of an executed transaction");
      s.status[task.tx] = "aborting";
      s.dependents[read.blockedBy]?.push(task.tx);
      counters.suspensions++;
    }
    return false;
  };
  const dispatch = (now: number): void => {
    idle.sort((a, b) => a - b);
    while (idle.length > 0 && start(idle[0] as number, s.nextTask(), now)) idle.shift();
  };
  for (let thread = 0; thread < threads; thread++) idle.push(thread);
  dispatch(0);
  while (busy.length > 0) {
    busy.sort((a, b) => a.time - b.time || a.thread - b.thread);
    const event = busy[0] as Busy;
    busy = busy.slice(1);
    const g = gas[event.task.tx] ?? 0;
    makespan = Math.max(makespan, event.time);
    let follow: Task | undefined;
    if (event.task.kind === "execution") {
      counters.executions++;
      committed[event.task.tx] = { start: event.start, end: event.time };
      follow = s.finishExecution(event.task, event.versions);
    } else {
      counters.validations++;
      counters.validationGas += g * fraction;
      const { aborted, next } = s.finishValidation(event.task);
      if (aborted) {
        counters.aborts++;
        counters.wastedGas += g;
      }
      follow = next;
    }
    if (!start(event.thread, follow ?? s.nextTask(), event.time)) idle.push(event.thread);
    dispatch(event.time);
  }
  const sequentialGas = gas.reduce((sum, value) => sum + value, 0);
  const size = block.transactions.length;
  return {
    threads,
    sequentialGas,
    makespanGas: makespan,
    speedup: makespan === 0 ? 1 : sequentialGas / makespan,
    executionsPerTx: size === 0 ? 0 : counters.executions / size,
    ...counters,
    committed,
  };
}
