/**
 * Compiled code mapped to its Solidity sources, as Hardhat's network (EDR) maps it for stack traces: each
 * instruction of a contract's deployed or creation code gets its source-map entry (`evm.deployedBytecode.
 * sourceMap`, `evm.bytecode.sourceMap` of the build-info output: offset, length, file index, jump type), a
 * location in a generated source (a file index the build's sources do not list) counts as none, and a
 * location's function is the function, constructor, modifier or free function of the file whose source range
 * contains it (from the sources' ASTs). Lines count from 1 over the source's bytes. Build infos are read on the
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
  /** EDR's ContractFunctionType: 0 constructor, 1 function, 2 fallback, 3 receive, 5 modifier, 6 free function. */
  readonly type: number;
  readonly location: SourceLocation;
}

/** A source file of a build. */
export interface BuildSource {
  readonly sourceName: string;
  readonly content: Buffer;
  readonly functions: readonly FunctionDefinition[];
  /** Contract name → its definition's location. */
  readonly contracts: ReadonlyMap<string, SourceLocation>;
}

/** A contract's code with its instructions by pc, and the sources of its build. */
export interface MappedCode {
  readonly contract: string;
  readonly instructions: ReadonlyMap<number, MappedInstruction>;
  readonly sources: ReadonlyMap<number, BuildSource>;
}

interface AstNode {
  readonly nodeType?: string;
  readonly name?: string;
  readonly kind?: string;
  readonly src?: string;
  readonly nodes?: readonly AstNode[];
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
  const type = node.nodeType === "ModifierDefinition" ? 5 : FUNCTION_TYPES[node.kind ?? ""];
  const known = node.nodeType === "FunctionDefinition" || node.nodeType === "ModifierDefinition";
  return known && location !== undefined && type !== undefined ? { name: node.name ?? "", type, location } : undefined;
}

function sourceOf(sourceName: string, content: string, ast: AstNode): BuildSource {
  const functions: FunctionDefinition[] = [];
  const contracts = new Map<string, SourceLocation>();
  for (const node of ast.nodes ?? []) {
    const own = definitionOf(node);
    if (own !== undefined) functions.push(own);
    const location = locationOf(node.src);
    if (node.nodeType !== "ContractDefinition" || location === undefined) continue;
    contracts.set(node.name ?? "", location);
    for (const member of node.nodes ?? []) {
      const definition = definitionOf(member);
      if (definition !== undefined) functions.push(definition);
    }
  }
  return { sourceName, content: Buffer.from(content, "utf8"), functions, contracts };
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
  const { input } = JSON.parse(await readFile(inputPath, "utf8")) as {
    input: { sources: Record<string, { content?: string }> };
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
  return { sources, sourceMaps };
}
