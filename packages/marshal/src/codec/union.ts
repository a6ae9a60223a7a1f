import { MarshalError } from "../errors.js";
import type { Codec } from "./codec.js";
import { fieldPath } from "./field-path.js";
import type { NamedValue } from "./named-value.js";

/** One member of a TPMU: the member's name and its type. */
export interface UnionMember<N extends string, T> {
  readonly name: N;
  readonly codec: Codec<T>;
}

/** Declares a union member, e.g. `member("rsaDetail", TPMS_RSA_PARMS)`. */
export function member<const N extends string, T>(name: N, codec: Codec<T>): UnionMember<N, T> {
  return { name, codec };
}

/** Selector value → member, or `null` for a selector whose member is empty (TPM_ALG_NULL). */
export type UnionMembers = Record<number, UnionMember<string, any> | null>;

/** The value of a union: an object with the selected member's name as its one key. */
export type UnionValue<M extends UnionMembers> = {
  [K in keyof M]: M[K] extends UnionMember<infer N, infer T> ? { [P in N]: T } : { readonly [P in never]: never };
}[keyof M];

/**
 * A TPMU definition; bind it to its selector field with `selectedBy`. `V` is its
 * value type: the union's named type (TPMU_PUBLIC_PARMS) or the members' types.
 */
export interface UnionDefinition<M extends UnionMembers, V = UnionValue<M>> {
  readonly typeName: string;
  readonly members: M;
  /** A codec for this union inside a structure whose `field` holds the selector. */
  selectedBy(field: string): Codec<V> & { readonly selectorField: string };
  /** Marshals with an explicit selector. */
  writeSelected(w: Parameters<Codec<unknown>["write"]>[0], value: V, selector: number, path: string): void;
  /** Unmarshals with an explicit selector. */
  readSelected(r: Parameters<Codec<unknown>["read"]>[0], selector: number, path: string): V;
}

/**
 * A TPMU: which member is marshalled depends on a selector held in an earlier
 * field of the enclosing structure. An unknown selector is a SELECTOR error.
 */
export function union<const N extends string, const M extends UnionMembers>(
  typeName: N,
  members: M,
): UnionDefinition<M, NamedValue<N, UnionValue<M>>> {
  type V = NamedValue<N, UnionValue<M>>;
  const lookup = (selector: unknown, path: string): UnionMember<string, any> | null => {
    if (typeof selector !== "number" || !Object.hasOwn(members, selector)) {
      const shown = typeof selector === "number" ? `0x${selector.toString(16)}` : String(selector);
      throw new MarshalError("SELECTOR", path, `${typeName} has no member for selector ${shown}`);
    }
    return members[selector] ?? null;
  };
  const writeSelected: UnionDefinition<M, V>["writeSelected"] = (w, value, selector, path) => {
    const m = lookup(selector, path);
    if (m === null) return;
    if (value === null || typeof value !== "object") {
      throw new MarshalError("VALUE", path, `expected { ${m.name}: ... } for ${typeName}`);
    }
    m.codec.write(w, (value as Record<string, unknown>)[m.name], fieldPath(path, m.name));
  };
  const readSelected: UnionDefinition<M, V>["readSelected"] = (r, selector, path) => {
    const m = lookup(selector, path);
    if (m === null) return {} as V;
    return { [m.name]: m.codec.read(r, fieldPath(path, m.name)) } as V;
  };
  return {
    typeName,
    members,
    writeSelected,
    readSelected,
    selectedBy(field) {
      return {
        typeName,
        kind: "union",
        selectorField: field,
        write: (w, v, p, parent) => writeSelected(w, v, parent?.[field] as number, p),
        read: (r, p, parent) => readSelected(r, parent?.[field] as number, p),
        sample(rng, parent) {
          const m = lookup(parent?.[field], typeName);
          return (m === null ? {} : { [m.name]: m.codec.sample(rng) }) as V;
        },
      };
    },
  };
}
