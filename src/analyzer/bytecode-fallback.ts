import type { FunctionSummary } from "./function-summaries.js";
export function summarizeBytecode(_code: string, _sigs: Map<string, string>): FunctionSummary[] {
  return [];
}
