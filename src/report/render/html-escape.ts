/**
 * Escaping for the HTML report: text and attribute values, and JSON embedded in a `<script>` element
 * (no `</script>`, no `<!--`, no line separators that break older parsers).
 */

/** Escapes text for an HTML text node or a double-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** JSON text safe inside `<script type="application/json">`: `<`, `>`, `&`, U+2028 and U+2029 escaped. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (item === undefined ? null : item))
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Formats a coordinate for SVG (at most 2 decimals, no trailing zeros). */
export function coordinate(value: number): string {
  return String(Math.round(value * 100) / 100);
}
