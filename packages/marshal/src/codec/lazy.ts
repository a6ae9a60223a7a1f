/**
 * Values built on first use. Every codec and command schema of this package is
 * declared as `lazy(() => struct(...))`: importing the package then creates one
 * small placeholder per type instead of building several hundred codecs, and a
 * bundler drops the placeholders nobody imports (`lazy` has no side effects).
 *
 * A placeholder is the value itself, not a wrapper: the first read of any of its
 * properties builds the value and copies its properties onto the placeholder, so
 * identity (`schema.parameters.fields.x === TPM2B_DIGEST`) holds and later reads
 * are plain property reads. The values are objects whose properties are all among
 * {@link LAZY_KEYS}; building one with another property is an error, caught by the
 * tests that build every type and schema.
 */

/** The property names a lazily built value may have: those of codecs, unions and command schemas. */
export const LAZY_KEYS: readonly string[] = [
  // Codec
  "typeName",
  "kind",
  "write",
  "read",
  "sample",
  // Codec variants: struct, tpm2b, tpm2bStruct, tpml, attributes, interface types, "+" and optional forms
  "fields",
  "maxSize",
  "field",
  "inner",
  "element",
  "maxCount",
  "definedMask",
  "size",
  "allows",
  "plus",
  "optional",
  // Union definitions and their bound codecs
  "members",
  "selectedBy",
  "selectorField",
  "writeSelected",
  "readSelected",
  // Command schemas
  "name",
  "code",
  "handles",
  "parameters",
  "responseHandles",
  "response",
  "handleNames",
  "responseHandleNames",
  "authHandles",
  "decryptable",
  "encryptable",
];

const ALLOWED = new Set(LAZY_KEYS);
/** The builder of each placeholder not yet built; `null` while it is being built. */
const pending = new WeakMap<object, (() => object) | null>();
let built = 0;

/** Builds a placeholder's value and makes the placeholder that value; returns it. */
function materialize(placeholder: object): object {
  const build = pending.get(placeholder);
  if (build === undefined) return placeholder;
  if (build === null) throw new Error("@tss/marshal: a lazily built value refers to itself while being built");
  pending.set(placeholder, null);
  let value: object;
  try {
    value = build();
  } catch (e) {
    pending.set(placeholder, build);
    throw e;
  }
  const descriptors = Object.getOwnPropertyDescriptors(value);
  for (const key of Reflect.ownKeys(descriptors)) {
    if (typeof key !== "string" || !ALLOWED.has(key)) {
      pending.set(placeholder, build);
      throw new Error(`@tss/marshal: a lazily built value has a property not in LAZY_KEYS: ${String(key)}`);
    }
  }
  Object.defineProperties(placeholder, descriptors);
  Object.setPrototypeOf(placeholder, Object.getPrototypeOf(value));
  pending.delete(placeholder);
  built++;
  return placeholder;
}

/** The prototype of every placeholder: a getter per allowed key that builds the value first. */
const PLACEHOLDER: object = Object.create(
  Object.prototype,
  Object.fromEntries(
    LAZY_KEYS.map((key) => [
      key,
      {
        get(this: object): unknown {
          // Once built, the placeholder has the value's own properties and prototype,
          // so this getter is not reached again; a key the value lacks reads undefined.
          if (!pending.has(this)) return undefined;
          return (materialize(this) as Record<string, unknown>)[key];
        },
        configurable: true,
      },
    ]),
  ),
);

/**
 * A value built on first use: `export const X = lazy(() => struct("X", {...}))`.
 * The result stands for the built value (same type); it is built when one of its
 * properties is first read. The builder runs once.
 */
/* @__NO_SIDE_EFFECTS__ */
export function lazy<T extends object>(build: () => T): T {
  const placeholder = Object.create(PLACEHOLDER) as object;
  pending.set(placeholder, build);
  return placeholder as T;
}

/** Builds a lazily declared value now (no effect on a value already built); returns it. */
export function force<T extends object>(value: T): T {
  return materialize(value) as T;
}

/** True while `value` is a placeholder whose value has not been built. */
export function isPending(value: object): boolean {
  return pending.get(value) !== undefined;
}

/** How many lazily declared values have been built in this process (for tests of import cost). */
export function lazyBuiltCount(): number {
  return built;
}

/**
 * An object or array built on first use, for tables whose keys are not known in
 * advance (COMMANDS, ALL_TYPES): a Proxy that builds the table on its first trap
 * and forwards every operation to it. Not for hot paths; codecs use {@link lazy}.
 */
/* @__NO_SIDE_EFFECTS__ */
export function lazyTable<T extends object>(build: () => T, shape: T extends readonly unknown[] ? [] : object): T {
  let table: T | undefined;
  const get = (): T => {
    table ??= build();
    return table;
  };
  return new Proxy(shape as T, {
    get: (_t, key) => {
      const t = get();
      const v = Reflect.get(t, key, t);
      // Methods of built-ins (Map.prototype.get ...) need the real object as `this`.
      return typeof v === "function" && !Object.hasOwn(t, key) ? v.bind(t) : v;
    },
    has: (_t, key) => Reflect.has(get(), key),
    ownKeys: () => Reflect.ownKeys(get()),
    getOwnPropertyDescriptor: (_t, key) => {
      const d = Reflect.getOwnPropertyDescriptor(get(), key);
      // A proxy may not report a non-configurable property its target lacks (an array's length).
      if (d && !Reflect.getOwnPropertyDescriptor(shape, key)) d.configurable = true;
      return d;
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}
