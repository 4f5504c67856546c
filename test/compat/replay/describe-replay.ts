/** A suite's replay as text: per connection the requests compared, each divergence with both answers. */
import type { SuiteReplay } from "./replay-suite.js";

/** JSON with long hex strings (bytecode) shortened to their first bytes and length. */
function brief(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === "string" && v.length > 140 ? `${v.slice(0, 74)}…(${(v.length - 2) / 2} bytes)` : v,
  );
}

/** The replay of one suite as lines of text. */
export function describeReplay(replay: SuiteReplay): string {
  const on = replay.network ?? "Hardhat's network";
  const lines = [`${replay.suite.name} (recorded on ${on}): ${replay.streams.length} connections`];
  for (const s of replay.streams) {
    const fidelity =
      s.unfaithful === undefined
        ? ""
        : `; replay left the recording at step ${s.unfaithful.step} (${s.unfaithful.method}): ${s.unfaithful.where}`;
    lines.push(
      `  connection ${s.connection}: ${s.requests} requests, ${s.methods.size} methods, ${s.divergences.length} divergences${fidelity}`,
    );
    for (const d of s.divergences) {
      lines.push(
        `    step ${d.step} ${d.method} ${brief(d.params)}`,
        `      EDR answered:      ${brief(d.edr)}`,
        `      parallel answered: ${brief(d.parallel)}`,
        `      first difference:  ${d.where}`,
      );
    }
  }
  return lines.join("\n");
}
