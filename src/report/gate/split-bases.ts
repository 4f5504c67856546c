/**
 * A base split out of a contract (`contract Vault` → `abstract contract VaultBase` + `contract Vault is
 * VaultBase`, in one file) is a new contract to the gate, whose findings, written under its name, are the ones
 * the baseline has for the contract it was split from. Without this, a refactor that changes nothing for
 * parallelism showed the base's findings as new hotspots; with it the base is one notice.
 */
import type { ContractReport, ParallelReport } from "../report-model.js";

import { alwaysPairs, type Baseline, type ContractBaseline } from "./baseline.js";
import type { Change } from "./contract-changes.js";
import { renamedId } from "./contract-renames.js";

/** The contract of `c`'s file that has every function of `c`, if one does (`c` may be its base). */
export function splitHost(c: ContractReport, report: ParallelReport): ContractReport | undefined {
  if (c.functions.length === 0) return undefined;
  return report.contracts.find(
    (other) =>
      other.name !== c.name &&
      other.sourceName === c.sourceName &&
      c.functions.every((f) => other.functions.includes(f)),
  );
}

/** Whether every finding and always pair of `c`, under `host`'s name, is in `host`'s baseline entry. */
function coveredBy(c: ContractReport, host: string, hostBase: ContractBaseline): boolean {
  const findings = c.findings.every((f) => hostBase.findings.includes(renamedId(f.id, c.name, host)));
  return findings && alwaysPairs(c).every((p) => hostBase.alwaysPairs.includes(p));
}

/**
 * The one notice of a new contract that is a base split out of a baseline contract of its file (its functions
 * all the host's, its findings and always pairs the host's in the baseline), or undefined when it is not one.
 */
export function splitBaseChanges(c: ContractReport, report: ParallelReport, baseline: Baseline): Change[] | undefined {
  const host = splitHost(c, report);
  const hostBase = host === undefined ? undefined : baseline.contracts[host.name];
  if (host === undefined || hostBase === undefined || !coveredBy(c, host.name, hostBase)) return undefined;
  const text =
    `new contract (${c.sourceName}), a base split out of ${host.name}: its functions are all ${host.name}'s and ` +
    `its findings ${host.name}'s in the baseline, so nothing changed for parallelism`;
  return [{ cause: `contract:${c.name}`, kind: "new-contract", severity: "notice", text }];
}
