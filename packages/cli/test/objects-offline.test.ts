// The objects-and-keys utilities that need no TPM, in-process: printattr,
// publicname (object and NV Index Names from files, PEM and DER keys),
// tpm2pem and tpmpublic2eccpoint, with node:crypto and the codecs as the
// reference; and the usage errors of the utilities that do need one.
import * as nc from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CliIo, main } from "@tss/cli";
import {
  marshal,
  TPM_ALG_ID,
  TPM_ECC_CURVE,
  TPM2B_ECC_POINT,
  TPM2B_NV_PUBLIC,
  TPM2B_PUBLIC,
  TPMA_OBJECT,
  TPMS_NV_PUBLIC,
  TPMT_PUBLIC,
  unmarshal,
} from "@tss/marshal";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tss-cli-offline-"));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function tss(...args: string[]) {
  let out = "";
  let err = "";
  const io: CliIo = {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    env: {},
    cwd: dir,
  };
  return { code: await main(args, io), out, err };
}
const sha256 = (b: Uint8Array) => nc.createHash("sha256").update(b).digest("hex");

const ecKey = nc.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
const jwk = ecKey.publicKey.export({ format: "jwk" });
const eccPublic = {
  type: TPM_ALG_ID.ECC,
  nameAlg: TPM_ALG_ID.SHA256,
  objectAttributes: TPMA_OBJECT.userWithAuth | TPMA_OBJECT.sign | TPMA_OBJECT.noDA,
  authPolicy: new Uint8Array(0),
  parameters: {
    eccDetail: {
      symmetric: { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} },
      scheme: { scheme: TPM_ALG_ID.ECDSA, details: { ecdsa: { hashAlg: TPM_ALG_ID.SHA256 } } },
      curveID: TPM_ECC_CURVE.NIST_P256,
      kdf: { scheme: TPM_ALG_ID.NULL, details: {} },
    },
  },
  unique: {
    ecc: { x: new Uint8Array(Buffer.from(jwk.x!, "base64url")), y: new Uint8Array(Buffer.from(jwk.y!, "base64url")) },
  },
};

describe("offline object utilities", () => {
  it("printattr: each word in IBM's layout, in command-line order", async () => {
    const r = await tss("printattr", "-nv", "00060004", "-ob", "00000440", "-st", "0000000f");
    expect(r.code).toBe(0);
    expect(r.out.split("\n")).toEqual([
      "TPMA_NV_AUTHWRITE",
      "TPM_NT_ORDINARY",
      "TPMA_NV_OWNERREAD",
      "TPMA_NV_AUTHREAD",
      "TPMA_OBJECT: 00000440",
      "TPMA_OBJECT: userWithAuth",
      "TPMA_OBJECT: noDA",
      "TPMA_STARTUP_CLEAR: phEnable yes",
      "TPMA_STARTUP_CLEAR: shEnable yes",
      "TPMA_STARTUP_CLEAR: ehEnable yes",
      "TPMA_STARTUP_CLEAR: phEnableNV yes",
      "TPMA_STARTUP_CLEAR: orderly no",
      "",
    ]);
    expect((await tss("printattr", "-ob", "xyz")).code).toBe(1);
  });

  it("publicname -ipu: nameAlg || SHA-256(TPMT_PUBLIC), -ns (first octet upper case, as IBM's) and -on", async () => {
    writeFileSync(join(dir, "ecc.pub"), marshal(TPM2B_PUBLIC, { publicArea: eccPublic } as never));
    const r = await tss("publicname", "-ipu", "ecc.pub", "-ns", "-on", "ecc.name");
    expect(r.code).toBe(0);
    const expected = `000b${sha256(marshal(TPMT_PUBLIC, eccPublic as never))}`;
    expect(r.out).toBe(`${expected}\n`);
    expect(readFileSync(join(dir, "ecc.name")).toString("hex")).toBe(expected);
    expect((await tss("publicname", "-ipu", "ecc.pub", "-uwa")).code).toBe(1);
    expect((await tss("publicname")).code).toBe(1);
  });

  it("publicname -ipem / -ider: the PEM's key with IBM's signing-key attributes (noDA, userWithAuth, sign, ECDSA)", async () => {
    writeFileSync(join(dir, "ec.pem"), ecKey.publicKey.export({ type: "spki", format: "pem" }) as string);
    writeFileSync(join(dir, "ec.der"), ecKey.privateKey.export({ type: "sec1", format: "der" }));
    const expected = `000b${sha256(marshal(TPMT_PUBLIC, eccPublic as never))}`;
    expect((await tss("publicname", "-ipem", "ec.pem", "-ecc", "-ns")).out).toBe(`${expected}\n`);
    expect((await tss("publicname", "-ider", "ec.der", "-ecc", "-ns")).out).toBe(`${expected}\n`);
    // -uwa clears userWithAuth, so the Name changes.
    const noUwa = { ...eccPublic, objectAttributes: TPMA_OBJECT.sign | TPMA_OBJECT.noDA };
    expect((await tss("publicname", "-ipem", "ec.pem", "-uwa", "-ns")).out).toBe(
      `000b${sha256(marshal(TPMT_PUBLIC, noUwa as never))}\n`,
    );
  });

  it("publicname -invpu: nameAlg || SHA-256(TPMS_NV_PUBLIC)", async () => {
    const nvPublic = {
      nvIndex: 0x01000000,
      nameAlg: TPM_ALG_ID.SHA256,
      attributes: 0x00060004,
      authPolicy: new Uint8Array(0),
      dataSize: 8,
    };
    writeFileSync(join(dir, "nv.pub"), marshal(TPM2B_NV_PUBLIC, { nvPublic } as never));
    const r = await tss("publicname", "-invpu", "nv.pub", "-ns");
    expect(r.out).toBe(`000b${sha256(marshal(TPMS_NV_PUBLIC, nvPublic as never))}\n`);
  });

  it("tpm2pem and tpmpublic2eccpoint of a TPM2B_PUBLIC file", async () => {
    expect((await tss("tpm2pem", "-ipu", "ecc.pub", "-opem", "ecc.pem")).code).toBe(0);
    const pem = readFileSync(join(dir, "ecc.pem"), "utf8");
    expect(nc.createPublicKey(pem).export({ format: "jwk" })).toMatchObject({ x: jwk.x, y: jwk.y, crv: "P-256" });
    expect((await tss("tpmpublic2eccpoint", "-ipu", "ecc.pub", "-pt", "ecc.pt")).code).toBe(0);
    expect(unmarshal(TPM2B_ECC_POINT, new Uint8Array(readFileSync(join(dir, "ecc.pt")))).point).toEqual(
      eccPublic.unique.ecc,
    );
    writeFileSync(join(dir, "bad.pub"), Buffer.from("0001ff", "hex"));
    const bad = await tss("tpm2pem", "-ipu", "bad.pub", "-opem", "x.pem");
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("bad.pub is not a TPM2B_PUBLIC");
  });

  it("usage errors before any TPM work: missing files, -ik without -salg, too many inputs", async () => {
    const refused = [
      ["import", "-hp", "80000000", "-ipu", "a", "-id", "b", "-iss", "c", "-opr", "d", "-ik", "k"],
      ["duplicate", "-ho", "80000001", "-salg", "aes"],
      ["loadexternal", "-ipem", "ec.pem", "-ider", "ec.der"],
      ["loadexternal", "-ipem", "ec.pem", "-pwdk", "x"],
      ["importpem", "-hp", "80000000", "-ipem", "ec.pem", "-opu", "x"],
      ["importpem", "-hp", "80000000", "-ipem", "ec.pem", "-st", "-scheme", "rsassa", "-opu", "x", "-opr", "y"],
      ["createprimary", "-si", "-st"],
      ["createprimary", "-dau"],
      ["create", "-hp", "80000000"],
      ["createloaded", "-hp", "80000000", "-dau"],
      ["rewrap", "-ho", "80000001", "-hn", "80000002", "-id", "x"],
    ];
    for (const args of refused) {
      const r = await tss(...args);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.err, args.join(" ")).toContain(`(tss ${args[0]} -h for usage)`);
    }
  });
});
