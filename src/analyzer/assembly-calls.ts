/**
 * Calls out of inline assembly (`call`, `staticcall`): resolved to a call edge when scratch memory holds a known
 * selector and argument words (OpenZeppelin 5's SafeERC20, Uniswap's `_safeTransfer`), at constant offsets or
 * relative to the free memory pointer (solmate's SafeTransferLib).
 */
import { type KeySource, keyText } from "./locations.js";
import type { EncodedCall } from "./evaluation-context.js";
import { selectorEdge } from "./call-edges.js";
import { type AsmState, type YVal, argKey } from "./yul-values.js";
import { memoryWord } from "./assembly-memory.js";
import { encodedInput } from "./assembly-encoded.js";

/**
 * `call(g, to, v, in, size, ...)` / `staticcall(g, to, in, size, ...)`: when memory at `in` holds a known selector
 * and the argument words follow it at constant offsets (SafeERC20's `transfer`/`transferFrom`), the call edge
 * names the function and binds the arguments; calldata passed on whole from the entry point's own is recorded as
 * forwarded (`forwarded-calldata.ts`); otherwise the call is recorded without a callee.
 */
export function assemblyCall(s: AsmState, name: "call" | "staticcall", args: YVal[], src: string): void {
  const to = args[1];
  const [input, size] = name === "call" ? [args[3], args[4]] : [args[2], args[3]];
  const target = to?.kind === "key" ? to.key : undefined;
  const encoded = encodedInput(s, input);
  if (encoded?.forward !== undefined) return forwardedCall(s, name, target, encoded, size, src);
  if (target !== undefined && encoded !== undefined) {
    const edge = selectorEdge(s.c, encoded.selector, encoded.args, target, encoded.decl);
    const fn = edge?.function.split("(")[0] ?? name;
    s.c.call({ kind: name, target: keyText(target), fn, src, ...(edge !== undefined ? { callee: edge } : {}) });
    return;
  }
  const word = memoryWord(s, input, 0n);
  const selector =
    word?.kind === "const"
      ? word.value < 1n << 32n
        ? word.value
        : (word.value & ((1n << 224n) - 1n)) === 0n
          ? word.value >> 224n
          : undefined
      : undefined;
  if (target === undefined || selector === undefined || size?.kind !== "const") {
    // A constant target (console.log's console address) or a key other than this contract's address is named.
    const text = target === undefined ? undefined : keyText(target);
    const key = text === undefined || /\bthis\b/.test(text) ? "<assembly>" : text;
    const named = to?.kind === "const" ? `0x${to.value.toString(16).padStart(40, "0")}` : key;
    s.c.call({ kind: name, target: named, fn: name, src });
    return;
  }
  const count = size.value >= 4n ? Number((size.value - 4n) / 32n) : 0;
  const keys = Array.from({ length: count }, (_, i) => argKey(memoryWord(s, input, 4n + 32n * BigInt(i))));
  const edge = selectorEdge(s.c, selector.toString(16).padStart(8, "0"), keys, target);
  const fn = edge?.function.split("(")[0] ?? name;
  s.c.call({ kind: name, target: keyText(target), fn, src, ...(edge !== undefined ? { callee: edge } : {}) });
}

/**
 * A call of calldata passed on from the entry point's own (`forwarded-calldata.ts`): forwarded when it is called
 * whole (`add(data, 0x20)`, `mload(data)`), as execution then tells it; otherwise a call to code not known.
 */
function forwardedCall(
  s: AsmState,
  name: "call" | "staticcall",
  target: KeySource | undefined,
  encoded: EncodedCall,
  size: YVal | undefined,
  src: string,
): void {
  const whole = name === "call" && target !== undefined && size?.kind === "encodedLength" && size.call === encoded;
  const forward = whole && encoded.forward !== undefined ? { forward: { target, ...encoded.forward } } : {};
  s.c.call({ kind: name, target: target === undefined ? "<assembly>" : keyText(target), fn: name, src, ...forward });
}
