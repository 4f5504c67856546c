/**
 * The checks a caller makes after a call returns: every `require(…)`, `assert(…)` and `revert` that follows the
 * call in the function that contains it. Under synchronous calls they run with the callee's answer in hand;
 * when the callee moves to another shard and the call becomes an asynchronous message, they are what must move
 * into a callback (or be redesigned), so the report lists them with their lines.
 *
 * Read from the source text the build-info holds, at the call's solc `src` offset (bytes): the enclosing
 * function is the nearest `function`/`modifier`/`constructor`/`fallback`/`receive` header before the call,
 * its body ends at the matching brace; comments and string literals are blanked first, so a `require` in a
 * comment or a brace in a string does not count.
 */
import type { SourceLine } from "./sharding-model.js";

const HEADER = /\b(?:function|modifier|constructor|fallback|receive)\b/g;
const CHECK = /\brequire\s*\(|\bassert\s*\(|\brevert\b/g;

/** The text with comments and string literals replaced by spaces (same length, newlines kept). */
export function blankCommentsAndStrings(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, (match) =>
    match.replace(/[^\n]/g, " "),
  );
}

/** Index just past the brace matching the first `{` at or after `from`, or the text's end. */
function bodyEnd(text: string, from: number): number {
  const open = text.indexOf("{", from);
  if (open < 0) return text.length;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return i + 1;
  }
  return text.length;
}

function lineAt(text: string, offset: number): { line: number; column: number; text: string } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const start = before.lastIndexOf("\n") + 1;
  const end = text.indexOf("\n", offset);
  return {
    line,
    column: offset - start + 1,
    text: text
      .slice(start, end < 0 ? undefined : end)
      .trim()
      .slice(0, 120),
  };
}

/** Character offset of a UTF-8 byte offset. */
function charOffset(content: string, bytes: number): number {
  return Buffer.from(content, "utf8").subarray(0, bytes).toString("utf8").length;
}

/**
 * `require`/`assert`/`revert` lines after the call at `src` (`start:length:index`) in `content` (the source
 * file `file`), in source order, one per line; empty when the call is not inside a function body.
 */
export function checksAfterCall(content: string, file: string, src: string): SourceLine[] {
  const [start = NaN, length = 0] = src.split(":").map(Number);
  if (!Number.isInteger(start) || start < 0) return [];
  const from = charOffset(content, start);
  const callEnd = charOffset(content, start + length);
  const code = blankCommentsAndStrings(content);
  let header = -1;
  for (const match of code.slice(0, from).matchAll(HEADER)) header = match.index;
  if (header < 0) return [];
  const end = bodyEnd(code, header);
  if (end <= from) return [];
  const out: SourceLine[] = [];
  const seen = new Set<number>();
  for (const match of code.slice(callEnd, end).matchAll(CHECK)) {
    const at = lineAt(content, callEnd + match.index);
    if (seen.has(at.line)) continue;
    seen.add(at.line);
    out.push({ file, line: at.line, column: at.column, text: at.text });
  }
  return out;
}

/** The whole line at `line` (1-based) of `content`, trimmed to 120 characters. */
export function sourceLineText(content: string, line: number): string {
  return (content.split("\n")[line - 1] ?? "").trim().slice(0, 120);
}
