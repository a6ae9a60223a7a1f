import type { Codec, UnionDefinition, UnionMembers } from "@tss/marshal";

/** Every TPMU definition the marshal module exports, by type name. */
export function unionDefinitions(M: object): Map<string, UnionDefinition<UnionMembers>>;
/** Calls `visit(unionTypeName, selector)` for every union the value selects. */
export function visitSelectors(
  codec: Codec<unknown>,
  value: unknown,
  unions: Map<string, UnionDefinition<UnionMembers>>,
  visit: (union: string, selector: unknown) => void,
): void;
/** The [union, selector] pairs a value selects. */
export function selectorsOf(
  codec: Codec<unknown>,
  value: unknown,
  unions: Map<string, UnionDefinition<UnionMembers>>,
): [string, unknown][];
/** Every union a codec can reach, with the selectors its members use. */
export function reachableUnions(
  codec: Codec<unknown>,
  unions: Map<string, UnionDefinition<UnionMembers>>,
  out?: Map<string, Set<number>>,
  seen?: Set<Codec<unknown>>,
): Map<string, Set<number>>;
