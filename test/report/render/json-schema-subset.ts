/**
 * A small validator for the subset of JSON Schema (draft 2020-12) the report and baseline schemas use:
 * `type`, `properties`, `required`, `additionalProperties`, `propertyNames`, `items`, `enum`, `const`,
 * `minimum`, `exclusiveMinimum`, `maximum`, `minLength`, `minProperties`, `pattern`, `anyOf` and local `$ref` (`#/$defs/...`). Annotation keywords are
 * ignored; any other keyword is reported as unsupported, so the schemas cannot silently outgrow it.
 */

/** A JSON Schema object (the subset above). */
export type Schema = { readonly [keyword: string]: unknown };

const ANNOTATIONS = new Set(["$schema", "$id", "$defs", "title", "description"]);
const SUPPORTED = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "propertyNames",
  "items",
  "enum",
  "const",
  "minimum",
  "exclusiveMinimum",
  "maximum",
  "minLength",
  "minProperties",
  "pattern",
  "anyOf",
  "$ref",
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function typeMatches(value: unknown, expected: unknown): boolean {
  const types = Array.isArray(expected) ? expected : [expected];
  const actual = typeOf(value);
  return types.some((type) => type === actual || (type === "number" && actual === "integer"));
}

function resolve(root: Schema, ref: string): Schema {
  if (!ref.startsWith("#/")) throw new Error(`unsupported $ref ${ref}`);
  let node: unknown = root;
  for (const part of ref.slice(2).split("/")) node = isObject(node) ? node[part] : undefined;
  if (!isObject(node)) throw new Error(`unresolved $ref ${ref}`);
  return node;
}

function checkObject(value: Record<string, unknown>, schema: Schema, root: Schema, path: string): string[] {
  const errors: string[] = [];
  if (typeof schema.minProperties === "number" && Object.keys(value).length < schema.minProperties)
    errors.push(`${path}: fewer than ${schema.minProperties} properties`);
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const name of Array.isArray(schema.required) ? schema.required : []) {
    if (typeof name === "string" && !(name in value)) errors.push(`${path}: missing required property "${name}"`);
  }
  for (const [name, child] of Object.entries(value)) {
    const where = `${path}.${name}`;
    const own = properties[name];
    if (isObject(own)) errors.push(...validate(child, own, root, where));
    else if (schema.additionalProperties === false) errors.push(`${where}: property not allowed`);
    else if (isObject(schema.additionalProperties))
      errors.push(...validate(child, schema.additionalProperties, root, where));
    if (isObject(schema.propertyNames)) errors.push(...validate(name, schema.propertyNames, root, `${where} (name)`));
  }
  return errors;
}

function checkScalar(value: unknown, schema: Schema, path: string): string[] {
  const errors: string[] = [];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if ("const" in schema && schema.const !== value) errors.push(`${path}: expected ${JSON.stringify(schema.const)}`);
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum)
      errors.push(`${path}: ${value} < ${schema.minimum}`);
    if (typeof schema.exclusiveMinimum === "number" && value <= schema.exclusiveMinimum)
      errors.push(`${path}: ${value} <= ${schema.exclusiveMinimum}`);
    if (typeof schema.maximum === "number" && value > schema.maximum)
      errors.push(`${path}: ${value} > ${schema.maximum}`);
  }
  if (typeof value === "string" && typeof schema.minLength === "number" && value.length < schema.minLength)
    errors.push(`${path}: shorter than ${schema.minLength}`);
  if (typeof value === "string" && typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value)) {
    errors.push(`${path}: "${value}" does not match ${schema.pattern}`);
  }
  return errors;
}

/** Errors of `value` against `schema` (empty when valid); `root` resolves `$ref`s. */
export function validate(value: unknown, schema: Schema, root: Schema = schema, path = "$"): string[] {
  const unsupported = Object.keys(schema).filter((key) => !SUPPORTED.has(key) && !ANNOTATIONS.has(key));
  if (unsupported.length > 0) return [`${path}: unsupported keyword(s) ${unsupported.join(", ")}`];
  if (typeof schema.$ref === "string") {
    const errors = validate(value, resolve(root, schema.$ref), root, path);
    if (errors.length > 0) return errors;
  }
  if (Array.isArray(schema.anyOf)) {
    const branches = schema.anyOf.filter(isObject).map((branch) => validate(value, branch, root, path));
    if (!branches.some((errors) => errors.length === 0))
      return [`${path}: no anyOf branch matches (${branches.flat().join("; ")})`];
  }
  if ("type" in schema && !typeMatches(value, schema.type))
    return [`${path}: expected ${JSON.stringify(schema.type)}, got ${typeOf(value)}`];
  const errors = checkScalar(value, schema, path);
  if (isObject(value)) errors.push(...checkObject(value, schema, root, path));
  if (Array.isArray(value) && isObject(schema.items)) {
    const items = schema.items;
    value.forEach((item, at) => errors.push(...validate(item, items, root, `${path}[${at}]`)));
  }
  return errors;
}

/** Paths of schema nodes that declare properties without a `description` (documentation coverage). */
export function undocumented(schema: unknown, path = "#"): string[] {
  if (Array.isArray(schema)) return schema.flatMap((item, at) => undocumented(item, `${path}/${at}`));
  if (!isObject(schema)) return [];
  const missing: string[] = [];
  if (isObject(schema.properties)) {
    for (const [name, child] of Object.entries(schema.properties)) {
      if (!isObject(child) || typeof child.description !== "string" || child.description === "")
        missing.push(`${path}/properties/${name}`);
    }
  }
  for (const [key, child] of Object.entries(schema)) missing.push(...undocumented(child, `${path}/${key}`));
  return missing;
}
