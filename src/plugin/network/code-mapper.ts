/**
 * Maps the code a failed frame ran to the project's compiled contract and its source maps (for Solidity stack
 * traces): the contract is found by code as for revert messages (contract-registry.ts), its build info is read
 * on the first failure that needs it and kept for the process, and the decoded instructions of a piece of code
 * are kept too (a suite reverts in the same contracts again and again: decoding an ERC20's source map costs
 * about a millisecond each time).
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import type { FailureFrame } from "../../runtime/rpc/failure-frames.js";

import { projectRegistry } from "./contract-registry.js";
import { decodeInstructions, readBuild, type Build, type MappedCode, type MappedInstruction } from "./source-maps.js";

type Host = Pick<HardhatRuntimeEnvironment, "artifacts"> & { config: { paths: { artifacts: string } } };

const builds = new Map<string, Promise<Build | undefined>>();

/** How many decoded codes are kept (creations with other constructor arguments are other codes). */
const DECODED_CODES = 16;

/** Decoded instructions by build, source map and code, the most recently used last. */
const decoded = new Map<string, Map<number, MappedInstruction>>();

/**
 * {@link decodeInstructions} of `code` under `sourceMap` of build `buildKey`, remembered: the instructions depend
 * on nothing else (`known` tells the build's own source files).
 */
function instructionsOf(
  buildKey: string,
  code: string,
  sourceMap: string,
  known: (file: number) => boolean,
): ReadonlyMap<number, MappedInstruction> {
  const key = `${buildKey}\0${sourceMap}\0${code}`;
  const hit = decoded.get(key);
  if (hit !== undefined) {
    decoded.delete(key);
    decoded.set(key, hit);
    return hit;
  }
  const instructions = decodeInstructions(code, sourceMap, known);
  decoded.set(key, instructions);
  if (decoded.size > DECODED_CODES) decoded.delete(decoded.keys().next().value ?? key);
  return instructions;
}

async function loadBuild(host: Host, id: string): Promise<Build | undefined> {
  const input = await host.artifacts.getBuildInfoPath(id);
  const output = await host.artifacts.getBuildInfoOutputPath(id);
  return input === undefined || output === undefined ? undefined : readBuild(input, output);
}

const buildKeyOf = (host: Host, id: string): string => `${host.config.paths.artifacts}\0${id}`;

function buildOf(host: Host, id: string): Promise<Build | undefined> {
  const key = buildKeyOf(host, id);
  let build = builds.get(key);
  if (build === undefined) {
    // A build info that cannot be read gives no stack trace (never a failed request).
    build = loadBuild(host, id).catch(() => undefined);
    builds.set(key, build);
  }
  return build;
}

/** The mapped code of `frame` in `host`'s project, if the project compiled it and its build info is there. */
export async function mappedCode(host: Host, frame: FailureFrame): Promise<MappedCode | undefined> {
  const registry = await projectRegistry(host);
  const entry = frame.creation ? registry.byCreationCode(frame.code) : registry.byRuntimeCode(frame.code);
  if (entry?.build === undefined) return undefined;
  const build = await buildOf(host, entry.build.id);
  const maps = build?.sourceMaps.get(entry.build.sourceName)?.get(entry.name);
  const sourceMap = frame.creation ? maps?.[1] : maps?.[0];
  if (build === undefined || sourceMap === undefined || sourceMap === "") return undefined;
  const source = [...build.sources.values()].find((s) => s.sourceName === entry.build?.sourceName);
  const definition = source?.definitions.get(entry.name);
  return {
    contract: entry.name,
    instructions: instructionsOf(buildKeyOf(host, entry.build.id), frame.code, sourceMap, (file) =>
      build.sources.has(file),
    ),
    sources: build.sources,
    ...(definition === undefined ? {} : { definition }),
    ...(build.solcVersion === undefined ? {} : { solcVersion: build.solcVersion }),
    decodes: (calldata) => {
      try {
        entry.abi.decodeFunctionData(calldata.slice(0, 10), calldata);
        return true;
      } catch {
        return false;
      }
    },
  };
}
