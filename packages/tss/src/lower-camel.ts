/**
 * Method names for the typed commands: the Part 3 name in lowerCamelCase
 * (GetRandom → getRandom, PCR_Read → pcrRead, NV_DefineSpace → nvDefineSpace,
 * ECDH_ZGen → ecdhZGen, ZGen_2Phase → zGen2Phase).
 */
type Segment<S extends string> = S extends Uppercase<S> ? Capitalize<Lowercase<S>> : S;
type Rest<S extends string> = S extends `${infer H}_${infer T}` ? `${Segment<H>}${Rest<T>}` : Segment<S>;
type First<S extends string> = S extends Uppercase<S> ? Lowercase<S> : Uncapitalize<S>;

/** The lowerCamelCase method name of a command name, as a type. */
export type LowerCamel<S extends string> = S extends `${infer H}_${infer T}` ? `${First<H>}${Rest<T>}` : First<S>;

const isUpper = (s: string) => s === s.toUpperCase();

/** The lowerCamelCase method name of a command name. */
export function lowerCamel<S extends string>(name: S): LowerCamel<S> {
  const [head = "", ...rest] = name.split("_");
  const first = isUpper(head) ? head.toLowerCase() : head.charAt(0).toLowerCase() + head.slice(1);
  const tail = rest.map((s) => (isUpper(s) ? s.charAt(0) + s.slice(1).toLowerCase() : s)).join("");
  return (first + tail) as LowerCamel<S>;
}
