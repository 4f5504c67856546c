/**
 * Inline CSS and JavaScript of the HTML report. The page is complete without the script (tables and SVG
 * are rendered server-side); the script only adds sorting to tables marked `sortable`, opens the collapsed
 * section a link points to, and reads the embedded report data to mark the page as ready. Below 700 px
 * tables become one block per row, each cell labelled by its column, so nothing is wider than the screen.
 */

/** The page's stylesheet. */
export const REPORT_CSS = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg: #ffffff; --panel: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 1200px; margin: 0 auto; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
p.meta, p.empty, .muted { color: var(--muted); }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 4px; font-weight: 700; letter-spacing: 0.04em; border: 2px solid; }
.verdict.pass { color: #116329; border-color: #116329; background: #dafbe1; }
.verdict.fail { color: #a40e26; border-color: #a40e26; background: #ffebe9; }
.verdict.not-run { color: var(--muted); border-color: var(--line); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; margin: 16px 0; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.card .value { font-size: 22px; font-weight: 600; }
.card .label { color: var(--muted); font-size: 12px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--panel); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.sortable th { cursor: pointer; user-select: none; }
table.sortable th[aria-sort="ascending"]::after { content: " \\25B2"; }
table.sortable th[aria-sort="descending"]::after { content: " \\25BC"; }
.sev { font-weight: 700; }
.sev.error { color: #a40e26; } .sev.warning { color: #9a6700; } .sev.notice { color: #0550ae; }
.diff { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; white-space: nowrap; }
.diff-before { color: #a40e26; background: #ffebe9; text-decoration: none; } .diff-after { color: #116329; background: #dafbe1; text-decoration: none; }
.diff-context { color: var(--muted); }
.hint { margin-top: 8px; padding: 6px 10px; border-left: 3px solid #0550ae; background: var(--panel); }
.row { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
figure { margin: 0; }
.table-wrap { overflow-x: auto; max-width: 100%; }
table.hotspots td:nth-child(2), table.hotspots td:nth-child(3) { overflow-wrap: anywhere; min-width: 120px; }
.figure { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 8px; overflow-x: auto; max-width: 100%; }
.figure figcaption { color: var(--muted); font-size: 12px; margin-bottom: 4px; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
svg .tick { font-size: 11px; fill: #444; }
svg .fn { font-size: 12px; fill: #1b1f24; font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; }
svg .axis-label, svg .legend { font-size: 12px; fill: #1b1f24; }
svg .axis { stroke: #333; stroke-width: 1; }
svg .grid { stroke: #e5e5e5; stroke-width: 1; }
svg .cell-text { font-size: 11px; font-weight: 600; pointer-events: none; }
svg g.cell:hover rect { stroke: #111; stroke-width: 2; }
.legend-row { display: flex; flex-wrap: wrap; gap: 12px; font-size: 12px; color: var(--muted); margin: 4px 0 0; padding: 0; list-style: none; }
.swatch { display: inline-block; width: 14px; height: 14px; border-radius: 3px; vertical-align: -2px; margin-right: 4px; border: 1px solid #bbb; text-align: center; font-size: 10px; line-height: 12px; font-weight: 700; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
.headlines { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 340px), 1fr)); gap: 12px; margin: 8px 0; }
.headline { border: 1px solid var(--line); border-left: 4px solid #0072b2; border-radius: 6px; padding: 8px 12px; min-width: 0; }
.headline h3 { margin: 0 0 4px; overflow-wrap: anywhere; }
.headline p { margin: 4px 0; overflow-wrap: anywhere; }
.headline .big { font-size: 22px; font-weight: 700; }
.headline .gain { font-weight: 600; color: #116329; }
.explain { background: var(--panel); border-radius: 6px; padding: 4px 12px; font-size: 13px; }
.explain p { margin: 6px 0; }
details { margin: 12px 0 0; }
details > summary { cursor: pointer; list-style-position: outside; }
details > summary h2 { display: inline; border: none; font-size: 17px; margin: 0; }
details > .details-body { border-top: 1px solid var(--line); margin-top: 6px; }
nav { margin: 24px 0 4px; overflow-wrap: anywhere; }
td { overflow-wrap: anywhere; }
svg.speedup-chart, svg.heatmap, svg.shard-picture { max-width: 100%; height: auto; display: block; }
.figure { min-width: 0; flex: 1 1 320px; }
.chart-legend .line-swatch { vertical-align: middle; margin-right: 4px; }
@media (max-width: 700px) {
  main { padding: 12px; }
  .table-wrap table, .table-wrap thead, .table-wrap tbody, .table-wrap tr, .table-wrap td { display: block; width: 100%; }
  .table-wrap thead { display: none; }
  .table-wrap tr { border-bottom: 2px solid var(--line); padding: 4px 0; }
  .table-wrap td { border: none; padding: 2px 4px; text-align: left; }
  .table-wrap td.num { text-align: left; }
  .table-wrap td::before { content: attr(data-label) ": "; color: var(--muted); font-weight: 600; }
}
`;

/** The page's script: sortable tables, and `data-ready` on <html> once the embedded data parsed. */
export const REPORT_JS = `
(function () {
  "use strict";
  function cellValue(row, index, numeric) {
    var cell = row.children[index];
    var raw = cell ? (cell.getAttribute("data-value") || cell.textContent || "") : "";
    return numeric ? Number(raw) : raw.toLowerCase();
  }
  function sortBy(table, header, index) {
    var numeric = header.getAttribute("data-type") === "number";
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return ascending ? order : -order;
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    rows.forEach(function (row) { body.appendChild(row); });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      header.tabIndex = 0;
      header.addEventListener("click", function () { sortBy(table, header, index); });
      header.addEventListener("keydown", function (event) { if (event.key === "Enter") sortBy(table, header, index); });
    });
  });
  function openTarget() {
    var element = location.hash.length > 1 ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    for (; element; element = element.parentElement) if (element.tagName === "DETAILS") element.open = true;
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  var data = JSON.parse(document.getElementById("report-data").textContent);
  document.documentElement.setAttribute("data-ready", String(data.schemaVersion));
})();
`;
