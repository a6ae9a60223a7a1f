/** One-call marshal/unmarshal: canonical bytes, whole input consumed, MarshalError with a field path otherwise. */
import {
  MarshalError,
  marshal,
  SampleRng,
  TPM_ALG_ID,
  TPM2B_DIGEST,
  TPM2B_PUBLIC,
  TPMT_HA,
  unmarshal,
} from "@tss/marshal";
import { describe, expect, it } from "vitest";

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => Number.parseInt(b, 16)));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

function marshalError(f: () => unknown): MarshalError {
  try {
    f();
  } catch (e) {
    if (e instanceof MarshalError) return e;
    throw e;
  }
  throw new Error("no MarshalError");
}

describe("marshal / unmarshal", () => {
  const digest = Uint8Array.from({ length: 32 }, (_, i) => i);
  const ha = { hashAlg: TPM_ALG_ID.SHA256, digest: { sha256: digest } };
  const haBytes = `000b${toHex(digest)}`;

  it("marshals a value to its canonical bytes", () => {
    expect(toHex(marshal(TPMT_HA, ha))).toBe(haBytes);
    expect(toHex(marshal(TPM2B_DIGEST, Uint8Array.of(0xaa, 0xbb)))).toBe("0002aabb");
  });

  it("unmarshals the bytes back to the value", () => {
    expect(unmarshal(TPMT_HA, hex(haBytes))).toEqual(ha);
    expect(unmarshal(TPM2B_DIGEST, hex("0002aabb"))).toEqual(Uint8Array.of(0xaa, 0xbb));
  });

  it("round-trips random values of a nested structure", () => {
    const rng = new SampleRng(7);
    for (let i = 0; i < 50; i++) {
      const v = TPM2B_PUBLIC.sample(rng);
      const bytes = marshal(TPM2B_PUBLIC, v);
      expect(marshal(TPM2B_PUBLIC, unmarshal(TPM2B_PUBLIC, bytes))).toEqual(bytes);
    }
  });

  it("rejects trailing bytes (the whole input must be one value)", () => {
    const e = marshalError(() => unmarshal(TPM2B_DIGEST, hex("0002aabbcc")));
    expect(e.code).toBe("TRAILING");
    expect(e.path).toBe("TPM2B_DIGEST");
  });

  it("rejects short input with the field's path", () => {
    const e = marshalError(() => unmarshal(TPMT_HA, hex(haBytes).subarray(0, 20)));
    expect(e.code).toBe("INSUFFICIENT");
    expect(e.path.startsWith("TPMT_HA")).toBe(true);
  });

  it("rejects empty input and a bad selector", () => {
    expect(marshalError(() => unmarshal(TPMT_HA, new Uint8Array(0))).code).toBe("INSUFFICIENT");
    expect(marshalError(() => unmarshal(TPMT_HA, hex("7777"))).path.startsWith("TPMT_HA")).toBe(true);
  });

  it("rejects a value the codec cannot write, with the field's path", () => {
    const e = marshalError(() => marshal(TPM2B_DIGEST, new Uint8Array(100)));
    expect(e.path).toBe("TPM2B_DIGEST");
    const bad = { hashAlg: TPM_ALG_ID.SHA256, digest: { sha256: new Uint8Array(3) } };
    expect(marshalError(() => marshal(TPMT_HA, bad)).path.startsWith("TPMT_HA")).toBe(true);
  });
});
