/**
 * Linking a contract's creation code to its external libraries, as Hardhat's artifacts describe it: every
 * placeholder of a library (its `linkReferences`: source, library name, byte offsets) is replaced by the
 * address the library was deployed at. A workload's `deploy` uses it, so moving logic into a library with
 * public functions keeps the workload deploying the contract instead of stopping the report.
 */

/** Byte ranges of a library's placeholders, by source and library name (an artifact's `linkReferences`). */
export type LinkReferences = Readonly<
  Record<string, Readonly<Record<string, ReadonlyArray<{ readonly start: number; readonly length: number }>>>>
>;

/** One library a bytecode needs: its fully qualified name (`source:Library`) and its bare name. */
export interface NeededLibrary {
  readonly qualifiedName: string;
  readonly name: string;
}

/** The libraries `references` names, in a stable order. */
export function neededLibraries(references: LinkReferences | undefined): NeededLibrary[] {
  const needed: NeededLibrary[] = [];
  for (const [source, libraries] of Object.entries(references ?? {}))
    for (const name of Object.keys(libraries)) needed.push({ qualifiedName: `${source}:${name}`, name });
  return needed.sort((a, b) => a.qualifiedName.localeCompare(b.qualifiedName));
}

/**
 * `bytecode` (0x-prefixed hex) with every placeholder of `references` replaced by its library's address from
 * `addresses` (by fully qualified name). A library without an address is an error naming it.
 */
export function linkBytecode(
  bytecode: string,
  references: LinkReferences | undefined,
  addresses: ReadonlyMap<string, string>,
): string {
  let hex = bytecode.startsWith("0x") ? bytecode.slice(2) : bytecode;
  for (const [source, libraries] of Object.entries(references ?? {}))
    for (const [name, ranges] of Object.entries(libraries)) {
      const address = addresses.get(`${source}:${name}`);
      if (address === undefined) throw new Error(`library ${source}:${name} was not deployed`);
      const bare = address.toLowerCase().replace(/^0x/, "");
      for (const { start, length } of ranges) {
        if (length !== 20) throw new Error(`library ${name}'s placeholder is ${length} bytes long, not 20`);
        hex = hex.slice(0, start * 2) + bare + hex.slice((start + length) * 2);
      }
    }
  return `0x${hex}`;
}
