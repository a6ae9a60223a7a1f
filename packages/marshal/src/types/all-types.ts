/**
 * ALL_TYPES: every codec of the Part 2 types, for round-trip, differential and
 * fuzz tests: the base types of chapter 5 (UINT8 .. INT64, BYTE, TPMI_YES_NO, from
 * the codec engine) and each codec exported here, with its `.plus` and `.optional` forms.
 * Unions are not codecs of their own (a union needs the selector of its parent),
 * so they are exercised through the structures that hold them, which are listed.
 */
import type { Codec } from "../codec/codec.js";
import { lazyTable } from "../codec/lazy.js";
import * as primitives from "../codec/primitives.js";
import * as algorithmParameters from "./algorithm-parameters.js";
import * as attachedComponents from "./attached-components.js";
import * as attributes from "./attributes.js";
import * as baseTypes from "./base-types.js";
import * as capabilities from "./capabilities.js";
import * as contextData from "./context-data.js";
import * as creationData from "./creation-data.js";
import * as interfaceTypes from "./interface-types.js";
import * as keyObject from "./key-object.js";
import * as nvStorage from "./nv-storage.js";
import * as structures from "./structures.js";

/** True for a value that is a codec (has typeName, kind, write, read and sample). */
function isCodec(x: unknown): x is Codec<unknown> {
  if (x === null || typeof x !== "object") return false;
  const c = x as Partial<Codec<unknown>>;
  return (
    typeof c.typeName === "string" &&
    typeof c.write === "function" &&
    typeof c.read === "function" &&
    typeof c.sample === "function"
  );
}

/**
 * Structures whose union has no member in revision 1.83 (TPMU_SET_CAPABILITIES):
 * no value of them can be drawn, so they are left out of ALL_TYPES.
 */
export const TYPES_WITHOUT_VALUES: readonly Codec<unknown>[] = [
  capabilities.TPMS_SET_CAPABILITY_DATA,
  capabilities.TPM2B_SET_CAPABILITY_DATA,
];

function collect(): Codec<unknown>[] {
  const modules = [
    primitives,
    baseTypes,
    attributes,
    interfaceTypes,
    structures,
    algorithmParameters,
    keyObject,
    capabilities,
    nvStorage,
    contextData,
    creationData,
    attachedComponents,
  ];
  const seen = new Set<Codec<unknown>>(TYPES_WITHOUT_VALUES);
  const out: Codec<unknown>[] = [];
  const add = (c: Codec<unknown>) => {
    if (seen.has(c)) return;
    seen.add(c);
    out.push(c);
  };
  for (const mod of modules) {
    for (const value of Object.values(mod)) {
      if (!isCodec(value)) continue;
      add(value);
      const variants = value as { plus?: unknown; optional?: unknown };
      if (isCodec(variants.plus)) add(variants.plus);
      if (isCodec(variants.optional)) add(variants.optional);
    }
  }
  return out;
}

/**
 * Every Part 2 codec this package defines, with their `.plus` and `.optional` forms.
 * Collected (and every codec built) on first use, not at import.
 */
export const ALL_TYPES: readonly Codec<unknown>[] = /* @__PURE__ */ lazyTable(collect, []);
