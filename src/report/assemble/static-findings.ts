/**
 * Findings from the static analysis alone: the analyzer's hotspots (locations that serialize function pairs
 * whatever the arguments) and its packed-slot false sharing, named in the findings vocabulary with their
 * remedy and source line. Identities are `<kind>:<Contract>.<variable>`: no line numbers, no declaration order.
 */
import type { ContractJson } from "../../analyzer/index.js";

import type { Finding, FindingKind, SourceRef } from "../report-model.js";

import { globalVariableKind, remedyCost, remedyFor } from "./finding-kinds.js";

/** Acknowledged names: `Contract.name` (variable or function) → reason. */
export type Acknowledgements = Map<string, string>;

type Hotspot = ContractJson["hotspots"][number];

function rootOf(text: string): string {
  return text.split(/[.[]/)[0] ?? text;
}

/** Source reference of an analyzer position (source names without Hardhat's `project/`). */
export function toSourceRef(
  position: { file: string; line: number; column: number } | undefined,
): SourceRef | undefined {
  return position === undefined
    ? undefined
    : { file: position.file.replace(/^project\//, ""), line: position.line, column: position.column };
}

/** Signatures of the functions of `c` that write `variable` (or any of `a/b`). */
export function writersOf(c: ContractJson, variable: string): string[] {
  const roots = new Set(variable.split("/"));
  return c.functions.filter((f) => f.writes.some((w) => roots.has(rootOf(w.location.text)))).map((f) => f.signature);
}

/**
 * The storage position of `variable` (or of every one of `a/b`) in `c`'s layout, as `slot:offset:type`
 * joined with `/`; undefined when a name is not a variable of the layout.
 */
export function storageSlotOf(c: ContractJson | undefined, variable: string | undefined): string | undefined {
  if (c === undefined || variable === undefined) return undefined;
  const positions = variable.split("/").map((name) => {
    const v = c.storage.find((s) => s.label === name);
    return v === undefined ? undefined : `${v.slot}:${v.offset}:${v.type}`;
  });
  return positions.every((p) => p !== undefined) ? positions.join("/") : undefined;
}

/** The acknowledgement covering a finding: on its variable(s), else on all of its functions. */
export function acknowledgementOf(
  acks: Acknowledgements,
  contract: string | undefined,
  variable: string | undefined,
  functions: readonly string[],
): string | undefined {
  if (contract === undefined) return undefined;
  for (const v of variable?.split("/") ?? []) {
    const ack = acks.get(`${contract}.${v}`);
    if (ack !== undefined) return ack;
  }
  const byFunction = functions.map((f) => acks.get(`${contract}.${f.split("(")[0] ?? f}`));
  return byFunction.length > 0 && byFunction.every((a) => a !== undefined) ? byFunction[0] : undefined;
}

/** Finding kind of an analyzer hotspot. */
export function staticHotspotKind(h: Hotspot): FindingKind {
  if (h.remediation.kind === "transient-lock") return "reentrancy-lock";
  if (h.remediation.kind === "per-key-state" || h.remediation.kind === "pull-payments") return "hot-key";
  return globalVariableKind(h.location);
}

/** The identity of a finding: `<kind>:<Contract>.<variable or subject>`. */
export function findingId(kind: FindingKind, contract: string | undefined, name: string): string {
  return `${kind}:${contract === undefined ? "" : `${contract}.`}${name}`;
}

/** Builds a finding with the table's trade-off and the fitted remedy. */
export function makeFinding(
  fields: Omit<Finding, "id" | "remedy" | "tradeOff" | "acknowledged" | "storageSlot"> & {
    keyRole?: string;
    packedWith?: readonly string[];
    name: string;
    storageSlot?: string | undefined;
  },
  acks: Acknowledgements,
): Finding {
  const { keyRole, name, storageSlot, packedWith: _packedWith, ...rest } = fields;
  const remedy = remedyFor({ ...fields, ...(keyRole === undefined ? {} : { keyRole }) });
  const cost = remedyCost(fields.kind, remedy);
  return {
    id: findingId(fields.kind, fields.contract, name),
    ...rest,
    storageSlot,
    remedy,
    tradeOff: { gasPerTransaction: cost.gasPerTransaction, gasText: cost.gasText, speedup: undefined },
    acknowledged: acknowledgementOf(acks, fields.contract, fields.variable, fields.functions),
  };
}

/**
 * A hotspot no function writes itself (only its neighbours in a packed slot are written): the neighbours and
 * their writers, so that the finding names who writes, never the getters of its pairs.
 */
function packedNeighbours(c: ContractJson, h: Hotspot): { neighbours: string[]; writers: string[] } | undefined {
  if (h.writers.length > 0) return undefined;
  const slot = packedSlotVariables(c, [h.location]).split("/");
  const neighbours = slot.filter((v) => v !== h.location);
  const writers = writersOf(c, neighbours.join("/")).sort();
  return neighbours.length > 0 && writers.length > 0 ? { neighbours, writers } : undefined;
}

function hotspotFinding(c: ContractJson, h: Hotspot, acks: Acknowledgements): Finding {
  const kind = staticHotspotKind(h);
  const functions = [...new Set(h.writers.map((w) => w.function))].sort();
  const source = toSourceRef(h.declaration ?? h.writers[0]?.statements[0]);
  const packed = packedNeighbours(c, h);
  return makeFinding(
    {
      kind,
      name: h.location,
      subject: `${c.name}.${h.location}`,
      contract: c.name,
      variable: h.location,
      storageSlot: storageSlotOf(c, h.location),
      functions: packed?.writers ?? (functions.length > 0 ? functions : [...new Set(h.pairList.flat())].sort()),
      source,
      edgeShare: undefined,
      workloads: [],
      ...(packed === undefined ? {} : { packedWith: packed.neighbours }),
    },
    acks,
  );
}

/**
 * Every variable of the slot the falsely shared variables live in, sorted and joined with `/` (the same name
 * the workload side gives the packed slot, so both become one finding).
 */
function packedSlotVariables(c: ContractJson, variables: readonly string[]): string {
  const slot = c.storage.find((v) => variables.includes(v.label))?.slot;
  const inSlot = slot === undefined ? [] : c.storage.filter((v) => v.slot === slot).map((v) => v.label);
  return [...new Set(inSlot.length > 0 ? inSlot : variables)].sort().join("/");
}

/** The static findings of one contract, one per id. */
export function staticFindings(c: ContractJson, acks: Acknowledgements): Finding[] {
  const byId = new Map<string, Finding>();
  for (const h of c.hotspots) {
    const finding = hotspotFinding(c, h, acks);
    if (!byId.has(finding.id)) byId.set(finding.id, finding);
  }
  for (const fs of c.falseSharing) {
    const variable = packedSlotVariables(c, fs.variables);
    const finding = makeFinding(
      {
        kind: "false-sharing",
        name: variable,
        subject: `${c.name}.${variable} (${variable.includes("/") ? "packed" : "packed struct fields"})`,
        contract: c.name,
        variable,
        storageSlot: storageSlotOf(c, variable),
        functions: writersOf(c, variable).sort(),
        source: toSourceRef(fs.declarations[0]),
        edgeShare: undefined,
        workloads: [],
      },
      acks,
    );
    if (!byId.has(finding.id)) byId.set(finding.id, finding);
  }
  return [...byId.values()];
}
