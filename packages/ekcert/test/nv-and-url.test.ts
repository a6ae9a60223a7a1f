// Reading NV in chunks (a TPM double that records each NV_Read), absent and
// unwritten indexes, the Intel PTT URL (known answer from node:crypto), and
// EK key matching.
import { createHash, generateKeyPairSync } from "node:crypto";
import { createWebCrypto } from "@tss/crypto-webcrypto";
import {
  certificateMatchesEk,
  DEFAULT_NV_BUFFER_MAX,
  EkCertError,
  type EkTpm,
  ekTemplate,
  INTEL_EK_CERT_SERVICE,
  intelEkCertificateUrl,
  parseCertificate,
  readEkCertificate,
  readNvIndex,
  trimDer,
} from "@tss/ekcert";
import { TPM_CC, TPM_PT, TpmError } from "@tss/marshal";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpensslCa } from "./support.js";

const WRITTEN = 0x20000000;
const AUTHREAD = 0x00040000;
const OWNERREAD = 0x00020000;

/** A TPM double holding NV indexes; records NV_Read calls. */
function fakeTpm(nv: Map<number, { data: Uint8Array; attributes: number }>, bufferMax?: number) {
  const reads: { authHandle: number; size: number; offset: number }[] = [];
  const tpm = {
    reads,
    async getCapability() {
      if (bufferMax === undefined) throw new TpmError(0x2c4, TPM_CC.GetCapability, "TPM_RC_VALUE");
      return {
        moreData: 0,
        capabilityData: {
          capability: 6,
          data: { tpmProperties: [{ property: TPM_PT.NV_BUFFER_MAX, value: bufferMax }] },
        },
      };
    },
    async nvReadPublic({ nvIndex }: { nvIndex: number }) {
      const e = nv.get(nvIndex);
      if (!e) throw new TpmError(0x18b, TPM_CC.NV_ReadPublic, "TPM_RC_HANDLE", { handle: 1 });
      return {
        nvPublic: {
          nvPublic: {
            nvIndex,
            nameAlg: 0xb,
            attributes: e.attributes,
            authPolicy: new Uint8Array(0),
            dataSize: e.data.length,
          },
        },
        nvName: new Uint8Array(34),
      };
    },
    async nvRead({
      authHandle,
      nvIndex,
      size,
      offset,
    }: {
      authHandle: number;
      nvIndex: number;
      size: number;
      offset: number;
    }) {
      reads.push({ authHandle, size, offset });
      const e = nv.get(nvIndex)!;
      if (size > (bufferMax ?? DEFAULT_NV_BUFFER_MAX)) throw new TpmError(0x1d5, TPM_CC.NV_Read, "TPM_RC_SIZE");
      return { data: e.data.slice(offset, offset + size) };
    },
    async createPrimary() {
      throw new Error("not used");
    },
  };
  return tpm as unknown as EkTpm & { reads: typeof reads };
}

const ca = new OpensslCa();
beforeAll(() => {
  ca.key("root", "rsa:2048");
  ca.root("root", "Root");
});
afterAll(() => ca.dispose());

describe("readNvIndex / readEkCertificate", () => {
  it("reads in chunks of TPM_PT_NV_BUFFER_MAX with the index's own authorization", async () => {
    const data = Uint8Array.from({ length: 2500 }, (_, i) => i & 0xff);
    const tpm = fakeTpm(new Map([[0x01c00002, { data, attributes: WRITTEN | AUTHREAD | OWNERREAD }]]), 1000);
    expect(await readNvIndex(tpm, 0x01c00002)).toEqual(data);
    expect(tpm.reads).toEqual([
      { authHandle: 0x01c00002, size: 1000, offset: 0 },
      { authHandle: 0x01c00002, size: 1000, offset: 1000 },
      { authHandle: 0x01c00002, size: 500, offset: 2000 },
    ]);
  });
  it("falls back to 1024 without GetCapability, uses the owner without AUTHREAD, honours chunkSize", async () => {
    const data = new Uint8Array(1500).fill(7);
    const tpm = fakeTpm(new Map([[0x01c00016, { data, attributes: WRITTEN | OWNERREAD }]]));
    expect(await readNvIndex(tpm, 0x01c00016)).toEqual(data);
    expect(tpm.reads.map((r) => [r.authHandle, r.size])).toEqual([
      [0x40000001, 1024],
      [0x40000001, 476],
    ]);
    tpm.reads.length = 0;
    await readNvIndex(tpm, 0x01c00016, { chunkSize: 700, authHandle: 0x4000000c });
    expect(tpm.reads.map((r) => [r.authHandle, r.size])).toEqual([
      [0x4000000c, 700],
      [0x4000000c, 700],
      [0x4000000c, 100],
    ]);
  });
  it("absent and unwritten indexes are typed errors; other TPM errors pass through", async () => {
    const tpm = fakeTpm(new Map([[0x01c0000a, { data: new Uint8Array(10), attributes: AUTHREAD }]]));
    await expect(readEkCertificate(tpm, "rsa2048")).rejects.toMatchObject({
      name: "EkCertError",
      code: "NV_INDEX_ABSENT",
    });
    await expect(readEkCertificate(tpm, "ecc-p256")).rejects.toMatchObject({ code: "NV_INDEX_EMPTY" });
    const failing = {
      ...tpm,
      nvReadPublic: async () => {
        throw new TpmError(0x101, TPM_CC.NV_ReadPublic, "TPM_RC_FAILURE");
      },
    };
    await expect(readNvIndex(failing, 0x01c0000a)).rejects.toBeInstanceOf(TpmError);
    await expect(readNvIndex(tpm, -1)).rejects.toMatchObject({ code: "BAD_PARAMETER" });
  });
  it("the certificate is cut to its DER length (padding after it dropped)", async () => {
    const der = ca.der("root");
    const padded = Uint8Array.from([...der, ...new Uint8Array(40).fill(0xff)]);
    const tpm = fakeTpm(new Map([[0x01c00002, { data: padded, attributes: WRITTEN | AUTHREAD }]]), 1024);
    expect(await readEkCertificate(tpm, "rsa2048")).toEqual(der);
    expect(() => trimDer(new Uint8Array([0x30, 0x82, 0x10, 0x00, 1]))).toThrow(EkCertError);
    expect(() => trimDer(new Uint8Array([0x04, 0x00]))).toThrow(EkCertError);
  });
});

describe("Intel PTT EK certificate URL", () => {
  it("SHA-256(modulus || 01 00 01), URL-safe base64 — known answer from node:crypto", async () => {
    const crypto = createWebCrypto();
    for (let i = 0; i < 3; i++) {
      const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const n = new Uint8Array(Buffer.from(publicKey.export({ format: "jwk" }).n!, "base64url"));
      const digest = createHash("sha256")
        .update(n)
        .update(Buffer.from([1, 0, 1]))
        .digest("base64");
      const expected = `https://ekop.intel.com/ekcertservice/${digest.replace(/=/g, "%3D").replace(/\+/g, "-").replace(/\//g, "_")}`;
      const ek = { ...ekTemplate("rsa2048"), unique: { rsa: n } } as never;
      expect(await intelEkCertificateUrl(crypto, ek)).toBe(expected);
      expect(await intelEkCertificateUrl(crypto, n)).toBe(expected);
    }
    expect(INTEL_EK_CERT_SERVICE).toBe("https://ekop.intel.com/ekcertservice/");
  });
  it("a fixed vector: the modulus 00..ff (256 octets)", async () => {
    const n = Uint8Array.from({ length: 256 }, (_, i) => i);
    const d = createHash("sha256")
      .update(n)
      .update(Buffer.from([1, 0, 1]))
      .digest("base64");
    expect(d.endsWith("=")).toBe(true); // the %3D substitution is exercised
    expect(await intelEkCertificateUrl(createWebCrypto(), n)).toBe(
      `${INTEL_EK_CERT_SERVICE}${d.replace("=", "%3D").replace(/\+/g, "-").replace(/\//g, "_")}`,
    );
  });
  it("ECC EKs: SHA-256(x || y) as tpm2_getekcertificate computes it; another service URL; no crypto is a typed error", async () => {
    const x = new Uint8Array(32).fill(1);
    const y = new Uint8Array(32).fill(2);
    const ecc = { ...ekTemplate("ecc-p256"), unique: { ecc: { x, y } } } as never;
    const d = createHash("sha256").update(x).update(y).digest("base64");
    const tail = d.replace(/=/g, "%3D").replace(/\+/g, "-").replace(/\//g, "_");
    expect(await intelEkCertificateUrl(createWebCrypto(), ecc)).toBe(`${INTEL_EK_CERT_SERVICE}${tail}`);
    expect(await intelEkCertificateUrl(createWebCrypto(), ecc, "http://127.0.0.1:1/ek")).toBe(
      `http://127.0.0.1:1/ek/${tail}`,
    );
    await expect(intelEkCertificateUrl(undefined, new Uint8Array(256))).rejects.toMatchObject({ code: "NO_CRYPTO" });
    await expect(intelEkCertificateUrl(createWebCrypto(), new Uint8Array(0))).rejects.toMatchObject({
      code: "BAD_PARAMETER",
    });
  });
});

describe("certificateMatchesEk", () => {
  it("RSA modulus compared, another key refused", () => {
    const cert = parseCertificate(ca.der("root"));
    const n = (cert.publicKey as { rsa: { n: Uint8Array } }).rsa.n;
    const ek = { ...ekTemplate("rsa2048"), unique: { rsa: n } } as never;
    expect(certificateMatchesEk(cert, ek)).toBe(true);
    const other = n.slice();
    other[10] = other[10]! ^ 1;
    expect(certificateMatchesEk(cert, { ...ekTemplate("rsa2048"), unique: { rsa: other } } as never)).toBe(false);
    expect(() => certificateMatchesEk(cert, ekTemplate("rsa2048"))).not.toThrow();
    expect(() =>
      certificateMatchesEk(cert, { ...ekTemplate("rsa2048"), unique: { rsa: new Uint8Array(0) } } as never),
    ).toThrow(EkCertError);
  });
});
