/**
 * The one engine behind the error catalogs of hardhat-parallel (plugin, analyzer, report): each catalog is a
 * table of message and hint templates keyed by kind; a fault is built from an entry and its parameters, so
 * every message names the problem and every error carries the fix. Hardhat-free: the plugin turns the text
 * into a `HardhatPluginError`, the analyzer and the report throw a {@link CataloguedError}.
 */

/** One entry of a catalog: templates whose `{name}` placeholders are filled from the parameters. */
export interface CatalogEntry {
  /** What went wrong. */
  readonly message: string;
  /** What the user should do about it. */
  readonly hint: string;
}

/** Values of a catalog entry's placeholders. */
export type CatalogParams = Readonly<Record<string, string | number>>;

/** Fills `{name}` placeholders of `template` from `params`; unknown placeholders stay as written. */
export function fillTemplate(template: string, params: CatalogParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = params[key];
    return value === undefined ? whole : String(value);
  });
}

/** The filled message and hint of an entry, and the full text: message, a blank line, then `Hint: ...`. */
export function catalogText(
  entry: CatalogEntry,
  params: CatalogParams,
): { readonly message: string; readonly hint: string; readonly text: string } {
  const message = fillTemplate(entry.message, params);
  const hint = fillTemplate(entry.hint, params);
  return { message, hint, text: `${message}\n\nHint: ${hint}` };
}

/** A catalogued fault: its `kind`, the filled message and hint, and the fix in `hint`. */
export class CataloguedError<Kind extends string> extends Error {
  /** Which catalog entry this is. */
  readonly kind: Kind;
  /** What the user should do about it. */
  readonly hint: string;

  constructor(name: string, kind: Kind, entry: CatalogEntry, params: CatalogParams = {}, cause?: unknown) {
    const { hint, text } = catalogText(entry, params);
    super(text, cause === undefined ? undefined : { cause });
    this.name = name;
    this.kind = kind;
    this.hint = hint;
  }
}
