/**
 * Turns solc `src` strings (`start:length:sourceIndex`, byte offsets) into file, 1-based line and column,
 * using the source text of the build-info's input. Line starts are computed once per file.
 */
import type { BuildInfo } from "./build-info.js";

/** A position in a Solidity source file. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
  /** The first line of the source text at that position (trimmed, at most 120 characters). */
  text?: string;
}

/** Resolves `src` strings of one build-info. */
export class SourceMapper {
  private readonly files = new Map<number, string>();
  private readonly cache = new Map<number, { bytes: Buffer; lineStarts: number[] }>();

  constructor(private readonly buildInfo: BuildInfo) {
    for (const [name, source] of Object.entries(buildInfo.output.sources)) this.files.set(source.id, name);
  }

  private text(index: number): { bytes: Buffer; lineStarts: number[] } | undefined {
    const cached = this.cache.get(index);
    if (cached !== undefined) return cached;
    const name = this.files.get(index);
    const content = name === undefined ? undefined : this.buildInfo.input.sources[name]?.content;
    if (content === undefined) return undefined;
    const bytes = Buffer.from(content, "utf8");
    const lineStarts = [0];
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) lineStarts.push(i + 1);
    const entry = { bytes, lineStarts };
    this.cache.set(index, entry);
    return entry;
  }

  /** Position of a `src` string, or `undefined` when the source is not in the build-info. */
  locate(src: string): SourcePosition | undefined {
    const [start = NaN, length = 0, index = NaN] = src.split(":").map(Number);
    const file = this.files.get(index);
    const text = this.text(index);
    if (file === undefined || Number.isNaN(start)) return undefined;
    if (text === undefined) return { file, line: 0, column: 0 };
    let lo = 0;
    let hi = text.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((text.lineStarts[mid] ?? 0) <= start) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = text.lineStarts[lo] ?? 0;
    const column = text.bytes.subarray(lineStart, start).toString("utf8").length + 1;
    const snippet = text.bytes
      .subarray(start, start + Math.min(length, 160))
      .toString("utf8")
      .split("\n")[0]
      ?.trim()
      .slice(0, 120);
    return { file, line: lo + 1, column, ...(snippet ? { text: snippet } : {}) };
  }
}
