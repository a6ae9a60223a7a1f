/**
 * Walks the codec tree of a value: which TPMU member each union of a structure
 * selected. The differential test uses it to tell a selector libtss2-mu does not
 * know (a 1.83 addition) from a real disagreement; the round-trip test uses it to
 * prove that sampling reaches every member of every union.
 *
 * Plain JavaScript (with codec-tree.d.mts) so the full-run scripts can use it on
 * the built package as well as the tests on the sources.
 */

/**
 * Every TPMU definition the marshal module exports, by type name.
 * @param {Record<string, unknown>} M the @tss/marshal module
 */
export function unionDefinitions(M) {
  const out = new Map();
  for (const v of Object.values(M)) {
    if (
      v &&
      typeof v === "object" &&
      typeof v.selectedBy === "function" &&
      v.members &&
      typeof v.typeName === "string"
    ) {
      out.set(v.typeName, v);
    }
  }
  return out;
}

/**
 * Calls `visit(unionTypeName, selector)` for every union the value selects,
 * depth first, through structures, lists and sized structures.
 */
export function visitSelectors(codec, value, unions, visit) {
  if (value === null || value === undefined) return;
  if (codec.fields) {
    for (const [name, field] of Object.entries(codec.fields)) {
      if (field.kind === "union") {
        const selector = value[field.selectorField];
        visit(field.typeName, selector);
        const def = unions.get(field.typeName);
        const m = def?.members[selector];
        if (m) visitSelectors(m.codec, value[name]?.[m.name], unions, visit);
      } else {
        visitSelectors(field, value[name], unions, visit);
      }
    }
  } else if (codec.kind === "tpml" && codec.element && Array.isArray(value)) {
    for (const e of value) visitSelectors(codec.element, e, unions, visit);
  } else if (codec.kind === "tpm2bStruct" && codec.inner) {
    visitSelectors(codec.inner, value[codec.field], unions, visit);
  }
}

/** The [union, selector] pairs a value selects. */
export function selectorsOf(codec, value, unions) {
  const out = [];
  visitSelectors(codec, value, unions, (u, s) => out.push([u, s]));
  return out;
}

/**
 * Every union a codec can reach, with the selectors its members use: the unions
 * of its fields, their members' unions, list elements and sized structures.
 */
export function reachableUnions(codec, unions, out = new Map(), seen = new Set()) {
  if (seen.has(codec)) return out;
  seen.add(codec);
  if (codec.fields) {
    for (const field of Object.values(codec.fields)) {
      if (field.kind === "union") {
        const def = unions.get(field.typeName);
        if (!def) continue;
        if (!out.has(def.typeName)) out.set(def.typeName, new Set(Object.keys(def.members).map(Number)));
        for (const m of Object.values(def.members)) if (m) reachableUnions(m.codec, unions, out, seen);
      } else {
        reachableUnions(field, unions, out, seen);
      }
    }
  } else if (codec.kind === "tpml" && codec.element) {
    reachableUnions(codec.element, unions, out, seen);
  } else if (codec.kind === "tpm2bStruct" && codec.inner) {
    reachableUnions(codec.inner, unions, out, seen);
  }
  return out;
}
