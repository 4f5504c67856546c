/**
 * Compiled code mapped to its Solidity sources, as Hardhat's network (EDR) maps it for stack traces: each
 * instruction of a contract's deployed or creation code gets its source-map entry (`evm.deployedBytecode.
 * sourceMap`, `evm.bytecode.sourceMap` of the build-info output: offset, length, file index, jump type), a
 * location in a generated source (a file index the build's sources do not list) counts as none, and a
 * location's function is the function, constructor, modifier or free function of the file whose source range
 * contains it (from the sources' ASTs; with their selectors, payability and contracts, and each contract's bases,
 * for the dispatcher's refusals EDR infers). Lines count from 1 over the source's bytes. Build infos are read on the
 * first failure that needs them and kept for the process.
 */
import { readFile } from "node:fs/promises";

/** A location in a source: byte offset and length in the build's file with index `file`. */
export interface SourceLocation {
  readonly offset: number;
  readonly length: number;
  readonly file: number;
}

/** One instruction of mapped code. */
export interface MappedInstruction {
  readonly opcode: number;
  /** solc's jump type: "i" into a function, "o" out of one, "-" otherwise. */
  readonly jump: string;
  readonly location: SourceLocation | undefined;
}

/** A function-like definition of a source (EDR's kinds: ContractFunctionType). */
export interface FunctionDefinition {
  readonly name: string;
  /**
   * EDR's ContractFunctionType: 0 constructor, 1 function, 2 fallback, 3 receive, 4 public state variable's
   * getter, 5 modifier, 6 free function.
   */
  readonly type: number;
  readonly location: SourceLocation;
  /** The external selector (8 hex digits), for public and external functions and getters. */
  readonly selector?: string;
  readonly payable?: boolean;
  /** The AST id of the contract it is defined in (none for a free function). */
  readonly scope?: number;
}

/** A contract's definition: where it is, its AST id, its bases (most derived first, itself included), its kind. */
export interface ContractDefinition {
  readonly location: SourceLocation;
  readonly id: number;
  readonly bases: readonly number[];
  readonly library: boolean;
}

/** A source file of a build. */
export interface BuildSource {
  readonly sourceName: string;
  readonly content: Buffer;
  readonly functions: readonly FunctionDefinition[];
  /** Contract name → its definition's location. */
  readonly contracts: ReadonlyMap<string, SourceLocation>;
  /** Contract name → its definition. */
  readonly definitions: ReadonlyMap<string, ContractDefinition>;
}

/** A contract's code with its instructions by pc, and the sources of its build. */
export interface MappedCode {
  readonly contract: string;
  readonly instructions: ReadonlyMap<number, MappedInstruction>;
  readonly sources: ReadonlyMap<number, BuildSource>;
  /** The contract's definition, when found in its source. */
  readonly definition?: ContractDefinition;
  /** The compiler's version (`0.8.28`), when the build info names it. */
  readonly solcVersion?: string;
  /** Whether `calldata` (0x hex) decodes as the arguments of the function it selects (by the contract's ABI). */
  readonly decodes?: (calldata: string) => boolean;
}

interface AstNode {
  readonly nodeType?: string;
  readonly name?: string;
  readonly kind?: string;
  readonly src?: string;
  readonly nodes?: readonly AstNode[];
  readonly id?: number;
  readonly scope?: number;
  readonly functionSelector?: string;
  readonly stateMutability?: string;
  readonly stateVariable?: boolean;
  readonly linearizedBaseContracts?: readonly number[];
  readonly contractKind?: string;
}

const FUNCTION_TYPES: Readonly<Record<string, number>> = {
  constructor: 0,
  function: 1,
  fallback: 2,
  receive: 3,
  freeFunction: 6,
};

function locationOf(src: string | undefined): SourceLocation | undefined {
  const [offset, length, file] = (src ?? "").split(":").map(Number);
  if (offset === undefined || length === undefined || file === undefined || [offset, length, file].some(isNaN)) {
    return undefined;
  }
  return { offset, length, file };
}

function definitionOf(node: AstNode): FunctionDefinition | undefined {
  const location = locationOf(node.src);
  const getter = node.nodeType === "VariableDeclaration" && node.functionSelector !== undefined;
  const type = getter ? 4 : node.nodeType === "ModifierDefinition" ? 5 : FUNCTION_TYPES[node.kind ?? ""];
  const known = node.nodeType === "FunctionDefinition" || node.nodeType === "ModifierDefinition" || getter;
  if (!known || location === undefined || type === undefined) return undefined;
  return {
    name: node.name ?? "",
    type,
    location,
    ...(node.functionSelector === undefined ? {} : { selector: node.functionSelector.toLowerCase() }),
    payable: node.stateMutability === "payable",
    ...(node.scope === undefined ? {} : { scope: node.scope }),
  };
}

function contractDefinitionOf(node: AstNode, location: SourceLocation): ContractDefinition {
  const id = node.id ?? -1;
  return { location, id, bases: node.linearizedBaseContracts ?? [id], library: node.contractKind === "library" };
}

function sourceOf(sourceName: string, content: string, ast: AstNode): BuildSource {
  const functions: FunctionDefinition[] = [];
  const contracts = new Map<string, SourceLocation>();
  const definitions = new Map<string, ContractDefinition>();
  for (const node of ast.nodes ?? []) {
    const own = definitionOf(node);
    if (own !== undefined) functions.push(own);
    const location = locationOf(node.src);
    if (node.nodeType !== "ContractDefinition" || location === undefined) continue;
    contracts.set(node.name ?? "", location);
    definitions.set(node.name ?? "", contractDefinitionOf(node, location));
    for (const member of node.nodes ?? []) {
      const definition = definitionOf(member);
      if (definition !== undefined) functions.push(definition);
    }
  }
  return { sourceName, content: Buffer.from(content, "utf8"), functions, contracts, definitions };
}

/**
 * Decodes `sourceMap` (solc's compressed form) over the instructions of `code` (hex); a location in a file that
 * `known` refuses (the compiler's generated sources) is none.
 */
export function decodeInstructions(
  code: string,
  sourceMap: string,
  known: (file: number) => boolean,
): Map<number, MappedInstruction> {
  const bytes = Buffer.from(code.replace(/^0x/, ""), "hex");
  const entries = sourceMap.split(";");
  const instructions = new Map<number, MappedInstruction>();
  let [offset, length, file, jump] = [-1, -1, -1, "-"];
  for (let pc = 0, index = 0; pc < bytes.length; index++) {
    const opcode = bytes[pc] ?? 0;
    const fields = entries[index]?.split(":");
    if (fields !== undefined) {
      const number = (at: number, previous: number): number =>
        fields[at] === undefined || fields[at] === "" ? previous : Number(fields[at]);
      [offset, length, file] = [number(0, offset), number(1, length), number(2, file)];
      jump = fields[3] === undefined || fields[3] === "" ? jump : fields[3];
    }
    const location = fields === undefined || !known(file) ? undefined : { offset, length, file };
    instructions.set(pc, { opcode, jump: fields === undefined ? "-" : jump, location });
    pc += opcode >= 0x60 && opcode <= 0x7f ? opcode - 0x5e : 1;
  }
  return instructions;
}

/** A build's sources by file index, and its contracts' source maps by source name and contract name. */
export interface Build {
  readonly sources: ReadonlyMap<number, BuildSource>;
  readonly solcVersion?: string;
  /** `sourceName` → contract name → [deployed code's, creation code's] source map. */
  readonly sourceMaps: ReadonlyMap<string, ReadonlyMap<string, readonly [string, string]>>;
}

type Evm = { deployedBytecode?: { sourceMap?: string }; bytecode?: { sourceMap?: string } };

interface BuildOutput {
  readonly sources: Record<string, { id: number; ast?: AstNode }>;
  readonly contracts?: Record<string, Record<string, { evm?: Evm }>>;
}

/** A build from its input and output build-info files. */
export async function readBuild(inputPath: string, outputPath: string): Promise<Build> {
  const { input, solcVersion } = JSON.parse(await readFile(inputPath, "utf8")) as {
    input: { sources: Record<string, { content?: string }> };
    solcVersion?: string;
  };
  const { output } = JSON.parse(await readFile(outputPath, "utf8")) as { output: BuildOutput };
  const sources = new Map<number, BuildSource>();
  for (const [name, { id, ast }] of Object.entries(output.sources)) {
    const content = input.sources[name]?.content;
    if (content !== undefined && ast !== undefined) sources.set(id, sourceOf(name, content, ast));
  }
  const sourceMaps = new Map<string, Map<string, readonly [string, string]>>();
  for (const [sourceName, contracts] of Object.entries(output.contracts ?? {})) {
    const byName = new Map<string, readonly [string, string]>();
    for (const [name, { evm }] of Object.entries(contracts)) {
      byName.set(name, [evm?.deployedBytecode?.sourceMap ?? "", evm?.bytecode?.sourceMap ?? ""]);
    }
    sourceMaps.set(sourceName, byName);
  }
  return { sources, sourceMaps, ...(solcVersion === undefined ? {} : { solcVersion }) };
}
