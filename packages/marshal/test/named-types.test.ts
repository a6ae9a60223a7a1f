/**
 * Named types of the Part 2 structures (src/types/named-types.ts): the file is what
 * the generator makes from the codecs today; every structure codec's fields are its
 * named type's fields; codecs, unmarshal and command schemas carry the names; and a
 * union member the selector does not allow is a compile error. The `@ts-expect-error`
 * lines are checked by `pnpm typecheck` (this folder is in tsconfig.json's include):
 * a line that no longer errors fails the type check.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type CommandInput,
  type CommandOutput,
  type Commands,
  type Infer,
  marshal,
  SampleRng,
  TPM_ALG_ID,
  TPM_CAP,
  TPM_ECC_CURVE,
  TPM_HT,
  TPM_ST,
  TPM2B_PUBLIC,
  TPMS_ATTEST,
  TPMS_CAPABILITY_DATA,
  TPMT_ASYM_SCHEME,
  TPMT_ECC_SCHEME,
  TPMT_HA,
  TPMT_KDF_SCHEME,
  TPMT_KEYEDHASH_SCHEME,
  TPMT_PUBLIC,
  TPMT_RSA_SCHEME,
  TPMT_SENSITIVE,
  TPMT_SIG_SCHEME,
  TPMT_SIGNATURE,
  TPMT_SYM_DEF,
  TPMT_SYM_DEF_OBJECT,
  unmarshal,
} from "@tss/marshal";
import { describe, expect, expectTypeOf, it } from "vitest";
// @ts-expect-error: plain JavaScript shared with the generator script, no declarations
import { renderNamedTypes, TYPE_MODULE_FILES } from "../scripts/named-types-render.mjs";
import type * as Marshal from "../src/index.js";
import * as algorithmParameters from "../src/types/algorithm-parameters.js";
import * as attachedComponents from "../src/types/attached-components.js";
import * as capabilities from "../src/types/capabilities.js";
import * as contextData from "../src/types/context-data.js";
import * as creationData from "../src/types/creation-data.js";
import * as keyObject from "../src/types/key-object.js";
import type { NamedTypes } from "../src/types/named-types.js";
import * as ntc2 from "../src/types/ntc2-cfg-struct.js";
import * as nvStorage from "../src/types/nv-storage.js";
import * as structures from "../src/types/structures.js";

const A = TPM_ALG_ID;
const here = dirname(fileURLToPath(import.meta.url));
const typesDir = join(here, "..", "src", "types");

const empty = new Uint8Array(0);
const rsaParms = {
  symmetric: { algorithm: A.AES, keyBits: { aes: 128 }, mode: { aes: A.CFB } },
  scheme: { scheme: A.NULL, details: {} },
  keyBits: 2048,
  exponent: 0,
} as const;

describe("named types: the generated file", () => {
  it("is what the generator makes from the codecs today (node packages/marshal/scripts/generate-named-types.mjs)", () => {
    const modules: Record<string, unknown> = {
      "structures.ts": structures,
      "algorithm-parameters.ts": algorithmParameters,
      "key-object.ts": keyObject,
      "capabilities.ts": capabilities,
      "nv-storage.ts": nvStorage,
      "context-data.ts": contextData,
      "creation-data.ts": creationData,
      "attached-components.ts": attachedComponents,
      "ntc2-cfg-struct.ts": ntc2,
    };
    expect(Object.keys(modules).sort()).toEqual([...(TYPE_MODULE_FILES as string[])].sort());
    const sources = Object.fromEntries(
      (TYPE_MODULE_FILES as string[]).map((f) => [f, readFileSync(join(typesDir, f), "utf8")]),
    );
    const rng = new SampleRng(1);
    const text: string = renderNamedTypes({
      modules,
      sources,
      constants: { TPM_ALG_ID, TPM_ST, TPM_CAP, TPM_HT },
      sample: (codec: { sample(r: SampleRng): unknown }) => codec.sample(rng),
      acceptsEmpty: (codec: Parameters<typeof unmarshal>[0]) => {
        try {
          unmarshal(codec, new Uint8Array(2));
          return true;
        } catch {
          return false;
        }
      },
    });
    const biome = spawnSync(
      join(here, "..", "..", "..", "node_modules", ".bin", "biome"),
      ["check", "--write", `--stdin-file-path=${join(typesDir, "named-types.ts")}`],
      { input: text, encoding: "utf8" },
    );
    expect(biome.status, biome.stderr).toBe(0);
    expect(readFileSync(join(typesDir, "named-types.ts"), "utf8")).toBe(biome.stdout);
  });

  it("names every structure, list and union: TPMT_PUBLIC, TPM2B_PUBLIC, TPML_PCR_SELECTION, TPMU_PUBLIC_PARMS ...", () => {
    const names = [
      "TPMT_PUBLIC",
      "TPM2B_PUBLIC",
      "TPML_PCR_SELECTION",
      "TPMU_PUBLIC_PARMS",
      "TPMS_ATTEST",
      "TPMT_SIGNATURE",
    ] as const;
    expectTypeOf<(typeof names)[number]>().toExtend<keyof NamedTypes>();
    const text = readFileSync(join(typesDir, "named-types.ts"), "utf8");
    for (const n of names) expect(text).toContain(`${n}: ${n};`);
    expect(text).not.toMatch(/StructValue|UnionValue/);
  });
});

// ---- type level: the codecs' field tables and the named types agree ----

type KeysOfUnion<T> = T extends unknown ? keyof T : never;
type Same<A, B> = [Exclude<A, B>, Exclude<B, A>] extends [never, never] ? true : false;
/** Names of struct codecs whose field names differ from their named type's (never when all agree). */
type StructFieldMismatch = {
  [N in keyof NamedTypes & keyof typeof Marshal]: (typeof Marshal)[N] extends { readonly fields: infer F }
    ? string extends KeysOfUnion<NamedTypes[N]>
      ? keyof F extends never
        ? never
        : N
      : Same<keyof F, KeysOfUnion<NamedTypes[N]>> extends true
        ? never
        : N
    : never;
}[keyof NamedTypes & keyof typeof Marshal];
/** Names of TPM2B structure codecs whose field differs from their named type's. */
type Tpm2bFieldMismatch = {
  [N in keyof NamedTypes & keyof typeof Marshal]: (typeof Marshal)[N] extends { readonly field: infer F }
    ? Same<F, keyof NamedTypes[N]> extends true
      ? never
      : N
    : never;
}[keyof NamedTypes & keyof typeof Marshal];

/** Names the walk above reaches (so that it is not empty by accident). */
type Walked<Key extends string> = {
  [N in keyof NamedTypes & keyof typeof Marshal]: (typeof Marshal)[N] extends { readonly [P in Key]: unknown }
    ? N
    : never;
}[keyof NamedTypes & keyof typeof Marshal];

describe("named types: codecs, unmarshal and commands carry the names", () => {
  it("the fields of every struct and TPM2B codec are those of its named type (a type-level walk)", () => {
    expectTypeOf<StructFieldMismatch>().toEqualTypeOf<never>();
    expectTypeOf<Tpm2bFieldMismatch>().toEqualTypeOf<never>();
    expectTypeOf<"TPMT_PUBLIC" | "TPMS_ATTEST" | "TPMS_ECC_POINT" | "TPMT_HA">().toExtend<Walked<"fields">>();
    expectTypeOf<"TPM2B_PUBLIC" | "TPM2B_SENSITIVE" | "TPM2B_NV_PUBLIC">().toExtend<Walked<"field">>();
  });

  it("a codec's value type is its named type, the .plus form's too", () => {
    expectTypeOf<Infer<typeof TPMT_PUBLIC>>().toEqualTypeOf<TPMT_PUBLIC>();
    expectTypeOf<Infer<typeof TPMT_PUBLIC.plus>>().toEqualTypeOf<TPMT_PUBLIC>();
    expectTypeOf<Infer<typeof TPM2B_PUBLIC>>().toEqualTypeOf<TPM2B_PUBLIC>();
    expectTypeOf<TPM2B_PUBLIC>().toEqualTypeOf<{ publicArea: TPMT_PUBLIC }>();
    expectTypeOf<Infer<typeof TPMS_ATTEST>>().toEqualTypeOf<TPMS_ATTEST>();
    expectTypeOf<Infer<typeof TPMT_SIGNATURE.plus>>().toEqualTypeOf<TPMT_SIGNATURE>();
  });

  it("command inputs and outputs use the named types (ReadPublic's outPublic is a TPM2B_PUBLIC)", () => {
    expectTypeOf<CommandOutput<Commands["ReadPublic"]>["outPublic"]>().toEqualTypeOf<TPM2B_PUBLIC>();
    expectTypeOf<CommandInput<Commands["CreatePrimary"]>["inPublic"]>().toEqualTypeOf<TPM2B_PUBLIC>();
    expectTypeOf<CommandOutput<Commands["Sign"]>["signature"]>().toEqualTypeOf<TPMT_SIGNATURE>();
    expectTypeOf<CommandInput<Commands["Sign"]>["inScheme"]>().toEqualTypeOf<TPMT_SIG_SCHEME>();
  });

  it("unmarshal returns the union, and narrowing on the selector reaches the member", () => {
    const area: TPMT_PUBLIC = {
      type: A.ECC,
      nameAlg: A.SHA256,
      objectAttributes: 0x00040072,
      authPolicy: empty,
      parameters: {
        eccDetail: {
          symmetric: { algorithm: A.NULL, keyBits: {}, mode: {} },
          scheme: { scheme: A.ECDSA, details: { ecdsa: { hashAlg: A.SHA256 } } },
          curveID: TPM_ECC_CURVE.NIST_P256,
          kdf: { scheme: A.NULL, details: {} },
        },
      },
      unique: { ecc: { x: Uint8Array.of(1), y: Uint8Array.of(2) } },
    };
    const pub = unmarshal(TPM2B_PUBLIC, marshal(TPM2B_PUBLIC, { publicArea: area })).publicArea;
    expectTypeOf(pub).toEqualTypeOf<TPMT_PUBLIC>();
    expect(pub).toEqual(area);
    if (pub.type !== A.ECC) throw new Error("expected an ECC area");
    expectTypeOf(pub.unique.ecc.x).toEqualTypeOf<Uint8Array>();
    expect(pub.unique.ecc.x).toEqual(Uint8Array.of(1));
    const scheme = pub.parameters.eccDetail.scheme;
    if (scheme.scheme === A.ECDSA) expect(scheme.details.ecdsa.hashAlg).toBe(A.SHA256);
    else throw new Error("expected ECDSA");
    // @ts-expect-error: an ECC area has no rsa member, even after narrowing
    expect(pub.unique.rsa).toBeUndefined();

    const sig = unmarshal(
      TPMT_SIGNATURE,
      marshal(TPMT_SIGNATURE, { sigAlg: A.RSASSA, signature: { rsassa: { hash: A.SHA256, sig: Uint8Array.of(9) } } }),
    );
    if (sig.sigAlg === A.RSASSA) expect(sig.signature.rsassa.sig).toEqual(Uint8Array.of(9));
    else throw new Error("expected RSASSA");
  });
});

// ---- a member the selector does not allow is a compile error ----

describe("named types: discriminated unions reject a mismatched member at compile time", () => {
  it("TPMT_PUBLIC: type selects parameters and unique", () => {
    const ok: TPMT_PUBLIC[] = [
      {
        type: A.RSA,
        nameAlg: A.SHA256,
        objectAttributes: 0x00030072,
        authPolicy: empty,
        parameters: { rsaDetail: rsaParms },
        unique: { rsa: empty },
      },
      {
        type: A.KEYEDHASH,
        nameAlg: A.SHA256,
        objectAttributes: 0x00000052,
        authPolicy: empty,
        parameters: { keyedHashDetail: { scheme: { scheme: A.HMAC, details: { hmac: { hashAlg: A.SHA256 } } } } },
        unique: { keyedHash: empty },
      },
    ];
    for (const a of ok) expect(unmarshal(TPMT_PUBLIC, marshal(TPMT_PUBLIC, a))).toEqual(a);
    const common = { nameAlg: A.SHA256, objectAttributes: 0, authPolicy: empty };
    const rsaParameters = { rsaDetail: rsaParms };
    const eccUnique = { ecc: { x: empty, y: empty } };
    // @ts-expect-error: an ECC object with RSA parameters
    const eccWithRsa: TPMT_PUBLIC = { ...common, type: A.ECC, parameters: rsaParameters, unique: eccUnique };
    // @ts-expect-error: an RSA object with an ECC unique
    const rsaWithEcc: TPMT_PUBLIC = { ...common, type: A.RSA, parameters: rsaParameters, unique: eccUnique };
    // @ts-expect-error: TPM_ALG_SHA256 is not an object type
    const notAType: TPMT_PUBLIC = { ...common, type: A.SHA256, parameters: rsaParameters, unique: { rsa: empty } };
    const wrong = [eccWithRsa, rsaWithEcc, notAType];
    // What the compiler rejects, the codec rejects too.
    for (const w of wrong) expect(() => marshal(TPMT_PUBLIC, w as never)).toThrow();
  });

  it("TPMT_SIGNATURE (sigAlg), TPMT_SENSITIVE (sensitiveType), TPMT_HA (hashAlg)", () => {
    const sig: TPMT_SIGNATURE = {
      sigAlg: A.ECDSA,
      signature: { ecdsa: { hash: A.SHA256, signatureR: empty, signatureS: empty } },
    };
    expect(marshal(TPMT_SIGNATURE, sig).length).toBe(8);
    // @ts-expect-error: an ECDSA signature with an RSASSA member
    const badSig: TPMT_SIGNATURE = { sigAlg: A.ECDSA, signature: { rsassa: { hash: A.SHA256, sig: empty } } };
    const auths = { authValue: empty, seedValue: empty };
    const sens: TPMT_SENSITIVE = { ...auths, sensitiveType: A.RSA, sensitive: { rsa: empty } };
    expect(marshal(TPMT_SENSITIVE, sens).length).toBe(8);
    // @ts-expect-error: an RSA sensitive area with an ECC private scalar
    const badSens: TPMT_SENSITIVE = { ...auths, sensitiveType: A.RSA, sensitive: { ecc: empty } };
    const ha: TPMT_HA = { hashAlg: A.SHA1, digest: { sha1: new Uint8Array(20) } };
    expect(marshal(TPMT_HA, ha).length).toBe(22);
    // @ts-expect-error: a SHA-256 digest under SHA-1
    const badHa: TPMT_HA = { hashAlg: A.SHA1, digest: { sha256: new Uint8Array(32) } };
    for (const [codec, v] of [
      [TPMT_SIGNATURE, badSig],
      [TPMT_SENSITIVE, badSens],
      [TPMT_HA, badHa],
    ] as const) {
      expect(() => marshal(codec as never, v as never)).toThrow();
    }
  });

  it("TPMT_SYM_DEF and TPMT_SYM_DEF_OBJECT: algorithm selects keyBits and mode", () => {
    const xor: TPMT_SYM_DEF = { algorithm: A.XOR, keyBits: { xor: A.SHA256 }, mode: {} };
    const aes: TPMT_SYM_DEF_OBJECT = { algorithm: A.AES, keyBits: { aes: 128 }, mode: { aes: A.CFB } };
    expect(marshal(TPMT_SYM_DEF, xor).length).toBe(4);
    expect(marshal(TPMT_SYM_DEF_OBJECT, aes).length).toBe(6);
    // @ts-expect-error: XOR has no mode
    const badXor: TPMT_SYM_DEF = { algorithm: A.XOR, keyBits: { xor: A.SHA256 }, mode: { aes: A.CFB } };
    // @ts-expect-error: an AES key size given as XOR's hash
    const badAes: TPMT_SYM_DEF_OBJECT = { algorithm: A.AES, keyBits: { xor: A.SHA256 }, mode: { aes: A.CFB } };
    // @ts-expect-error: XOR is not a block cipher for an object (TPMI_ALG_SYM_OBJECT)
    const xorObject: TPMT_SYM_DEF_OBJECT = { algorithm: A.XOR, keyBits: { xor: A.SHA256 }, mode: {} };
    expect([badXor, badAes, xorObject]).toHaveLength(3);
  });

  it("the scheme structures: scheme selects details, and only the schemes the TPMI type allows", () => {
    const sigScheme: TPMT_SIG_SCHEME = { scheme: A.RSAPSS, details: { rsapss: { hashAlg: A.SHA256 } } };
    const rsaScheme: TPMT_RSA_SCHEME = { scheme: A.OAEP, details: { oaep: { hashAlg: A.SHA256 } } };
    const eccScheme: TPMT_ECC_SCHEME = { scheme: A.ECDH, details: { ecdh: { hashAlg: A.SHA384 } } };
    const asymScheme: TPMT_ASYM_SCHEME = { scheme: A.RSAES, details: { rsaes: {} } };
    const kdf: TPMT_KDF_SCHEME = { scheme: A.KDF1_SP800_108, details: { kdf1_sp800_108: { hashAlg: A.SHA256 } } };
    const xorDetails = { xor: { hashAlg: A.SHA256, kdf: A.KDF1_SP800_108 } };
    const keyedHash: TPMT_KEYEDHASH_SCHEME = { scheme: A.XOR, details: xorDetails };
    const values = [
      [TPMT_SIG_SCHEME, sigScheme],
      [TPMT_RSA_SCHEME, rsaScheme],
      [TPMT_ECC_SCHEME, eccScheme],
      [TPMT_ASYM_SCHEME, asymScheme],
      [TPMT_KDF_SCHEME, kdf],
      [TPMT_KEYEDHASH_SCHEME, keyedHash],
    ] as const;
    for (const [codec, v] of values) expect(unmarshal(codec as never, marshal(codec as never, v as never))).toEqual(v);
    // @ts-expect-error: RSASSA details under ECDSA
    const a: TPMT_SIG_SCHEME = { scheme: A.ECDSA, details: { rsassa: { hashAlg: A.SHA256 } } };
    // @ts-expect-error: ECDSA is not an RSA scheme (TPMI_ALG_RSA_SCHEME)
    const b: TPMT_RSA_SCHEME = { scheme: A.ECDSA, details: { ecdsa: { hashAlg: A.SHA256 } } };
    // @ts-expect-error: RSASSA is not an ECC scheme (TPMI_ALG_ECC_SCHEME)
    const c: TPMT_ECC_SCHEME = { scheme: A.RSASSA, details: { rsassa: { hashAlg: A.SHA256 } } };
    // @ts-expect-error: TPM_ALG_NULL carries no details
    const d: TPMT_ASYM_SCHEME = { scheme: A.NULL, details: { oaep: { hashAlg: A.SHA256 } } };
    // @ts-expect-error: MGF1 with KDF2's member
    const e: TPMT_KDF_SCHEME = { scheme: A.MGF1, details: { kdf2: { hashAlg: A.SHA256 } } };
    // @ts-expect-error: HMAC with XOR's member
    const f: TPMT_KEYEDHASH_SCHEME = { scheme: A.HMAC, details: { xor: { hashAlg: A.SHA256, kdf: A.NULL } } };
    expect([a, b, c, d, e, f]).toHaveLength(6);
  });

  it("TPMS_ATTEST (type → attested) and TPMS_CAPABILITY_DATA (capability → data)", () => {
    const base = {
      magic: 0xff544347,
      qualifiedSigner: empty,
      extraData: empty,
      clockInfo: { clock: 0n, resetCount: 0, restartCount: 0, safe: true },
      firmwareVersion: 0n,
    };
    const quote: TPMS_ATTEST = {
      ...base,
      type: TPM_ST.ATTEST_QUOTE,
      attested: { quote: { pcrSelect: [], pcrDigest: empty } },
    };
    expect(unmarshal(TPMS_ATTEST, marshal(TPMS_ATTEST, quote))).toEqual(quote);
    const certify = { name: empty, qualifiedName: empty };
    // @ts-expect-error: a quote with a certify member
    const badQuote: TPMS_ATTEST = { ...base, type: TPM_ST.ATTEST_QUOTE, attested: { certify } };
    const caps: TPMS_CAPABILITY_DATA = { capability: TPM_CAP.HANDLES, data: { handles: [0x81000001] } };
    expect(unmarshal(TPMS_CAPABILITY_DATA, marshal(TPMS_CAPABILITY_DATA, caps))).toEqual(caps);
    // @ts-expect-error: TPM_CAP_ALGS with a handle list
    const badCaps: TPMS_CAPABILITY_DATA = { capability: TPM_CAP.ALGS, data: { handles: [0x81000001] } };
    expect(() => marshal(TPMS_ATTEST, badQuote)).toThrow();
    expect(() => marshal(TPMS_CAPABILITY_DATA, badCaps)).toThrow();
  });
});
