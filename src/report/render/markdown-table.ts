/** GitHub-flavoured Markdown tables, shared by the Markdown renderer and its sections. */

/** Escapes text for a GitHub table cell. */
export function escapeCell(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, " ");
}

/** A GitHub-flavoured table; `right` lists the right-aligned column positions. */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  right: readonly number[] = [],
): string[] {
  const line = (cells: readonly string[]): string => `| ${cells.map(escapeCell).join(" | ")} |`;
  const rule = `|${headers.map((_, at) => (right.includes(at) ? " ---: " : " --- ")).join("|")}|`;
  return [line(headers), rule, ...rows.map(line)];
}
