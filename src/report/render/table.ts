/**
 * Plain-text tables for the terminal report: columns aligned by visible width (ANSI colour codes are
 * stripped when measuring, wide characters are not expected in the report's content), one space of
 * padding and two between columns, numbers right-aligned by the caller's choice.
 */

const ANSI_PATTERN = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

/** The text without ANSI colour codes. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_PATTERN, "");
}

/** Width of the text as a terminal shows it (code points, colour codes excluded). */
export function visibleWidth(text: string): number {
  return [...stripAnsi(text)].length;
}

/** Pads to a visible width, on the right (`left` alignment) or on the left (`right`). */
export function pad(text: string, width: number, align: "left" | "right" = "left"): string {
  const fill = " ".repeat(Math.max(0, width - visibleWidth(text)));
  return align === "left" ? text + fill : fill + text;
}

/** A column of a {@link renderTable} table. */
export interface Column {
  readonly header: string;
  readonly align?: "left" | "right";
}

/**
 * Renders a table as lines: header, a rule of `-`, then the rows. `indent` is prepended to every line;
 * trailing spaces are trimmed.
 */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[], indent = ""): string[] {
  const widths = columns.map((column, at) =>
    Math.max(visibleWidth(column.header), ...rows.map((row) => visibleWidth(row[at] ?? ""))),
  );
  const line = (cells: readonly string[]): string =>
    (indent + columns.map((column, at) => pad(cells[at] ?? "", widths[at] ?? 0, column.align)).join("  ")).trimEnd();
  const rule = indent + widths.map((width) => "-".repeat(width)).join("  ");
  return [line(columns.map((column) => column.header)), rule, ...rows.map((row) => line(row))];
}
