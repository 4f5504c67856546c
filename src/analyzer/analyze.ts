/**
 * The analyzer pipeline: load build-infos → per contract, storage roots from storageLayout and function
 * summaries from the AST (or, when the layout is missing or empty and the AST leaves accesses unplaced, from
 * the runtime bytecode) → conflict classes for every pair → hotspots and false sharing → the JSON result.
 */
import type { ContractDefinition } from "solidity-ast";
import { astDereferencer, findAll } from "solidity-ast/utils.js";
import type { BuildInfo, ContractOutput } from "./build-info.js";
import { type BuildInfoSource, loadBuildInfo } from "./build-info-loader.js";
import { summarizeBytecode } from "./bytecode-fallback.js";
import { type ConflictClass, classifyContract } from "./classify-conflicts.js";
import { ConstantEvaluator, erc7201Id, erc7201Slot } from "./constants.js";
import { type BuildContext, ContractContext, nodeLookup } from "./contract-context.js";
import { AnalyzerError } from "./errors.js";
import { summarizeCreation } from "./creation-summary.js";
import { CallComposer, type ComposableContract } from "./compose-calls.js";
import { attachAcross } from "./classify-across.js";
import { type FunctionSummary, finishSummary, summarizeContract } from "./function-summaries.js";
import { unknownLocation } from "./locations.js";
import { findFalseSharing, findHotspots } from "./hotspots.js";
import {
  type AnalysisResult,
  type ContractJson,
  type FindingJson,
  RESULT_SCHEMA_VERSION,
  functionJson,
} from "./result.js";
import { SourceMapper } from "./source-locations.js";
import { TypeLayouts } from "./type-layout.js";
import { withComposedBalances } from "./eth-balance.js";
import { type ImmutableOffsets, immutableOffsets } from "./deployed-immutables.js";

/** Options of {@link analyze}. */
export interface AnalyzeOptions {
  /** Only analyze contracts with these names (default: every non-library, non-interface contract). */
  contracts?: string[];
}

const HINT_LAYOUT =
  'Add "storageLayout" to solc\'s outputSelection (hardhat-parallel adds it automatically to every Hardhat compiler; in Foundry set `extra_output = ["storageLayout"]`) and recompile.';

function buildContext(info: BuildInfo): BuildContext {
  const deref = astDereferencer(info.output);
  const namespaces = new Map<bigint, string>();
  for (const source of Object.values(info.output.sources)) {
    for (const struct of findAll("StructDefinition", source.ast)) {
      const id = erc7201Id(struct.documentation ?? undefined);
      if (id !== undefined) namespaces.set(erc7201Slot(id), id);
    }
  }
  const contracts = Object.values(info.output.sources).flatMap((source) => [
    ...findAll("ContractDefinition", source.ast),
  ]);
  return {
    deref,
    contracts,
    constants: new ConstantEvaluator(deref),
    layouts: new TypeLayouts(deref),
    namespaces,
    node: nodeLookup(deref),
  };
}

function signatures(out: ContractOutput | undefined): Map<string, string> {
  return new Map(Object.entries(out?.evm?.methodIdentifiers ?? {}).map(([sig, sel]) => [sel, sig]));
}

interface Summarized {
  method: "ast" | "bytecode";
  summaries: FunctionSummary[];
  findings: FindingJson[];
}

function summarize(ctx: ContractContext, out: ContractOutput | undefined, label: string): Summarized {
  const layout = out?.storageLayout;
  const bytecode = out?.evm?.deployedBytecode?.object;
  const findings: FindingJson[] = [];
  const hasState = ctx.linearization.some((c) =>
    c.nodes.some((n) => n.nodeType === "VariableDeclaration" && !n.constant && n.mutability !== "immutable"),
  );
  if (layout === undefined && hasState) {
    findings.push({
      kind: "missing-storage-layout",
      contract: label,
      message: `${label}: the build-info has no storageLayout.`,
      hint: HINT_LAYOUT,
    });
  }
  const summaries = summarizeContract(ctx);
  const unplaced = summaries.some((s) => s.unknowns.length > 0);
  const emptyOrMissing = layout === undefined || layout.storage.length === 0;
  if (emptyOrMissing && unplaced && bytecode !== undefined && bytecode.length > 0) {
    findings.push({
      kind: "bytecode-fallback",
      contract: label,
      message: `${label}: storageLayout is ${layout === undefined ? "missing" : "empty"} and the AST leaves accesses unplaced; summaries come from the runtime bytecode.`,
      hint:
        layout === undefined
          ? HINT_LAYOUT
          : "Declare state in regular or ERC-7201 (`@custom:storage-location`) storage for source-level results.",
    });
    // The walk explores selectors; `fallback`/`receive` keep their (sound, if unknown-laden) AST summaries.
    const special = summaries.filter((s) => s.kind === "fallback" || s.kind === "receive");
    const walked = [...summarizeBytecode(bytecode, signatures(out)), ...special];
    return { method: "bytecode", summaries: walked, findings };
  }
  return { method: "ast", summaries, findings };
}

/** A creation summary for a contract summarized from its runtime bytecode: the constructor is not analyzed. */
function opaqueCreation(): FunctionSummary {
  const reason = "constructor of a contract summarized from its runtime bytecode";
  const location = unknownLocation(reason);
  return finishSummary({
    name: "constructor",
    signature: "constructor()",
    selector: null,
    kind: "constructor",
    stateMutability: "unknown",
    params: [],
    accesses: [{ mode: "write", location, commutative: false, src: "" }],
    calls: [],
    src: "",
  });
}

function countClasses(pairs: { class: ConflictClass }[]): Record<ConflictClass, number> {
  const counts: Record<ConflictClass, number> = {
    none: 0,
    "key-dependent": 0,
    always: 0,
    "commutative-only": 0,
    unknown: 0,
  };
  for (const p of pairs) counts[p.class] += 1;
  return counts;
}

/** A contract summarized, waiting for composition and classification. */
interface Prepared {
  info: BuildInfo;
  build: BuildContext;
  mapper: SourceMapper;
  contract: ContractDefinition;
  sourceName: string;
  ctx: ContractContext;
  out: ContractOutput | undefined;
  summarized: Summarized;
  creation: FunctionSummary;
}

function prepareContract(
  info: BuildInfo,
  build: BuildContext,
  mapper: SourceMapper,
  contract: ContractDefinition,
  sourceName: string,
): Prepared {
  const out = info.output.contracts?.[sourceName]?.[contract.name];
  const ctx = new ContractContext(build, contract, out?.storageLayout, signatures(out));
  const summarized = summarize(ctx, out, `${sourceName}:${contract.name}`);
  const creation = summarized.method === "ast" ? summarizeCreation(ctx) : opaqueCreation();
  return { info, build, mapper, contract, sourceName, ctx, out, summarized, creation };
}

function composable(p: Prepared): ComposableContract {
  return {
    name: p.contract.name,
    concrete: p.contract.contractKind === "contract" && !p.contract.abstract,
    bases: p.ctx.linearization.map((c) => c.name),
    summaries: p.summarized.summaries,
    creation: p.creation,
  };
}

function analyzeContract(p: Prepared, composer: CallComposer): { json: ContractJson; findings: FindingJson[] } {
  const { info, build, mapper, contract, sourceName, out } = p;
  const { method, findings } = p.summarized;
  const locate = (src: string) => mapper.locate(src);
  // A callee paying this contract (WETH's withdraw) changes its own balance: the summaries say so too.
  const [summaries, composed] = withComposedBalances(p.summarized.summaries, (s) => composer.compose(s, contract.name));
  const pairs = classifyContract(summaries, locate);
  attachAcross(pairs, summaries, composed);
  const declarations = new Map((out?.storageLayout?.storage ?? []).map((e) => [e.label, e.astId]));
  const declarationOf = (labelText: string) => {
    const id = declarations.get(labelText);
    return id === undefined ? undefined : locate(build.deref("VariableDeclaration", id).src);
  };
  const hotCtx = { summaries, locate, declarationOf };
  const storage = (out?.storageLayout?.storage ?? []).map((e) => {
    const declaration = declarationOf(e.label);
    return {
      label: e.label,
      slot: `0x${BigInt(e.slot).toString(16)}`,
      offset: e.offset,
      type: out?.storageLayout?.types?.[e.type]?.label ?? e.type,
      ...(declaration ? { declaration } : {}),
    };
  });
  const json: ContractJson = {
    name: contract.name,
    sourceName,
    buildInfo: info.file,
    solcVersion: info.solcVersion ?? null,
    kind: contract.abstract ? "abstract" : "contract",
    method,
    storage,
    namespaces: [...build.namespaces].map(([slot, id]) => ({ id, slot: `0x${slot.toString(16)}` })),
    functions: summaries.map((s) => functionJson(s, locate, composed.get(s))),
    creation: functionJson(p.creation, locate),
    matrix: { functions: summaries.map((s) => s.signature), pairs },
    counts: countClasses(pairs),
    hotspots: findHotspots(pairs, hotCtx),
    falseSharing: findFalseSharing(pairs, hotCtx),
    ...withImmutables(build, out),
  };
  return { json, findings };
}

/** The contract's immutable offsets (`deployed-immutables.ts`), when its output has references to them. */
function withImmutables(build: BuildContext, out: ContractOutput | undefined): { immutables?: ImmutableOffsets } {
  const immutables = immutableOffsets(build, out?.evm?.deployedBytecode?.immutableReferences);
  return immutables === undefined ? {} : { immutables };
}

/**
 * Analyzes the contracts of one or more build-infos: function summaries, the conflict matrix, hotspots.
 *
 * @param buildInfos paths or parsed build-infos (Hardhat 2/3, Foundry, standard-JSON pairs).
 * @throws AnalyzerError for unreadable, truncated or non-solc input, naming the file and the fix.
 */
export function analyze(
  buildInfos: BuildInfoSource | readonly BuildInfoSource[],
  options: AnalyzeOptions = {},
): AnalysisResult {
  const sources = (Array.isArray(buildInfos) ? buildInfos : [buildInfos]) as BuildInfoSource[];
  if (sources.length === 0) throw new AnalyzerError("NO_INPUT");
  const prepared: Prepared[] = [];
  const seen = new Set<string>();
  for (const source of sources) {
    const info = loadBuildInfo(source);
    const build = buildContext(info);
    const mapper = new SourceMapper(info);
    for (const [sourceName, { ast }] of Object.entries(info.output.sources)) {
      for (const contract of findAll("ContractDefinition", ast)) {
        if (contract.contractKind !== "contract") continue;
        if (options.contracts !== undefined && !options.contracts.includes(contract.name)) continue;
        const key = `${sourceName}:${contract.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        prepared.push(prepareContract(info, build, mapper, contract, sourceName));
      }
    }
  }
  // Callees resolve among every analyzed contract, across build-infos (Uniswap periphery calling core).
  const composer = new CallComposer(prepared.map(composable));
  const contracts: ContractJson[] = [];
  const findings: FindingJson[] = [];
  for (const p of prepared) {
    const result = analyzeContract(p, composer);
    contracts.push(result.json);
    findings.push(...result.findings);
  }
  return { schemaVersion: RESULT_SCHEMA_VERSION, tool: "hardhat-parallel/analyzer", contracts, findings };
}
