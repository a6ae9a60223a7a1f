/**
 * Software duplication and private keys: known answers from tpm2-pytss 1.2.0
 * (python3-tpm2-pytss: TPM2B_SENSITIVE.from_pem / TPM2B_PUBLIC.from_pem and
 * utils.wrap, libtss2-mu marshalling) with the seeds fixed (its seed function
 * replaced by one returning 0x40, 0x41, ...); the keys below were made with the
 * openssl command line for this test. A duplicate made with a random seed for a
 * node:crypto RSA parent opens again with the parent's private key. TPM2_Import
 * of software-wrapped keys on swtpm, then signing, is in tools/reg
 * (duplication.test.ts).
 */
import * as nc from "node:crypto";
import { marshal, TPM_ALG_ID, TPM_ECC_CURVE, TPM2B_PUBLIC, TPM2B_SENSITIVE, TPMA_OBJECT, TssError } from "@tss/marshal";
import {
  credentialProtector,
  DUPLICATE_LABEL,
  duplicateObject,
  duplicationBlob,
  openDuplicationBlob,
  type PublicArea,
  privateKeyFromDer,
  privateKeyFromPem,
  readPemBlock,
  sensitiveFromPrivateKey,
  tpmPublicFromPrivateKey,
} from "@tss/session";
import { describe, expect, it } from "vitest";
import { nodeCrypto } from "./node-crypto.js";

const hex = (s: string) => new Uint8Array(Buffer.from(s, "hex"));
const toHex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const range = (from: number, n: number) => Uint8Array.from({ length: n }, (_, i) => from + i);

const RSA_PEM = `-----BEGIN RSA PRIVATE KEY-----
MIICWwIBAAKBgQCmUgegojDGk8C25jt9vFeu9R99s3OUxmJjEr1Cqm4lJ+LVkfYC
h0vOyx2DZuJXwRzcyEYLYeTQv7AH5G1XlQO3/LtdfVeJiuckyFUw7MXHmBxL8KCd
tW2Wy4/UL7LQOCP51ZxP1drM72qjIuLoS7Rwdtx0OS/rOMq9aE1Zt12mrwIDAQAB
AoGAD4qiw9PkEupDm9Ovw3QSDXtCUhCuwDw5fWCG5u/eEwLDI4ncHyhdYRmBzIGU
rPaSp97fDLk9FHSVEme5//Egw63txGEcVV9piFulJRY2tBXBoTIHsDc0yUqMpzOX
9Uk0BQJnmQADU9/dC0m8QYuXmNgZ0nUJ3SD9P3UqFEedqMECQQDadqHeluOtRwPO
P+aRcF1S/fyBt/agbGC7E7hk+CYn/B4haVvnonSoaBzxjdpFezsY9FIA0w58vCY3
1MlpfQSZAkEAwuXT6aIcmJz2HyQkQm2QisYRE+i52xucF0JY+xaX9K2zo56pXugW
mOejgXIDKXUNP7KE7BnjIvWoT6zXIXxKhwJAHLbXE9C1YEMjRuqzPY6NVak4lTw+
2FsmY7B13h+XtE25EB8vC0UZHEGC/GTuuY8291K1rJIRJ2f7hf8b8heSkQJAcX0H
AtrFMBDmOIgBHTVTn5tqQl+YKgBPyjN2QO+NGIs1OaegFIWs8uifizbqpG9mgZrg
T+NbIfZORebtdrA7bQJAXcmLvuhw+koyS+R2T7ovD4RQ1ML4b/pxBOfhyrYESpCU
PippzgO1uOGqkDxM7h0axB5roVxBZ8VBP/FFwORr7g==
-----END RSA PRIVATE KEY-----
`;
const EC_PEM = `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEICXtRKQJelrJ4dL58mYGj7qjAL4VO+VOZrTRdLQxAyjUoAoGCCqGSM49
AwEHoUQDQgAEaitMJo+pUA1UGN/csI+nV2gNCOD2tfQafYLX8hFnfr6q+dj+eE11
dxgohf4vQBAByKwPor4joDMO0sms/BVC5A==
-----END EC PRIVATE KEY-----
`;

/** What tpm2-pytss made of the two keys (marshalled TPM2B_SENSITIVE and TPM2B_PUBLIC, and the Names). */
const PYTSS = {
  rsaSensitive:
    "00480001000000000040da76a1de96e3ad4703ce3fe691705d52fdfc81b7f6a06c60bb13b864f82627fc1e21695be7a274a8" +
    "681cf18dda457b3b18f45200d30e7cbc2637d4c9697d0499",
  rsaPublic:
    "00960001000b000400400000001000100400000000000080a65207a0a230c693c0b6e63b7dbc57aef51f7db37394c6626312" +
    "bd42aa6e2527e2d591f602874bcecb1d8366e257c11cdcc8460b61e4d0bfb007e46d579503b7fcbb5d7d57898ae724c85530" +
    "ecc5c7981c4bf0a09db56d96cb8fd42fb2d03823f9d59c4fd5daccef6aa322e2e84bb47076dc74392feb38cabd684d59b75d" +
    "a6af",
  rsaName: "0022000bce9aeb5dab0e20e5ad55e91a3104212bf71e1b2256142a61ab4961f6279ec2c7",
  eccSensitive: "0028002300000000002025ed44a4097a5ac9e1d2f9f266068fbaa300be153be54e66b4d174b4310328d4",
  eccPublic:
    "00560023000b000400400000001000100003001000206a2b4c268fa9500d5418dfdcb08fa757680d08e0f6b5f41a7d82d7f2" +
    "11677ebe0020aaf9d8fe784d7577182885fe2f401001c8ac0fa2be23a0330ed2c9acfc1542e4",
  eccName: "0022000b7bf353970324e2e184e07bb8c31d90c66f8364a832ac3a82c5f7e3dfde33c84a",
};

/** utils.wrap's duplicates: object rsa|ecc, parent nameAlg SHA-256|SHA-384 (AES-128-CFB), outer only or inner too. */
const DUPLICATES: Record<string, string> = {
  rsa_p256_outer:
    "0020d08d55b27941b3a2a2f7e3795e5b8e02f1776aab03e8608131f3775a3ff6785a95ef358043af62cd5ce4a57155872a3f" +
    "bd7e6b5261c455ce12aac2f1e2c0a72fb9b23bb6829be6307e0ef4980e8622ab6f4a05de274895e2987ab241100821ad0962" +
    "595388ea65bc070f",
  rsa_p256_inner:
    "00207adce5ef4ff0ef436c94ea6905a41beee8e2b164ff9cf668554ed797b3b956877824f8203f7fcd5952aafff3c49220ed" +
    "6bb81099253eadeeea86d64e49707343e86989443d44e51d6fdb21120da9c29d948d9e8500607a538b81719f18bdb3a2f45e" +
    "83e9aff01596852bd3a38a01bdd12dfcbb89eae1bcbedabc7370a6d1f074fb84d82e8abe72d2943959f8",
  rsa_p384_outer:
    "003015ffd3f076f55925f4791b695e35ea0f23ae0cb436061437fc11a9720b8ade2398f5d0464a3364999ee80795d7cf5ad9" +
    "089879aa740d61441982ad426987b246b8428eb6ce78a942ad6c14eb3a6d89140318b962f9202bff1fa3700462072e1b6a8d" +
    "d64071c6995cf3a01a55736c35ccbd4668a6ae04db6824b3",
  rsa_p384_inner:
    "0030e800abd5fc3655a0877088fb091b2081dc26b27d694f19437f3e9026b7c1e1218fbfa0cb1bbf3d133318a1e94470f271" +
    "e553b40a08ddced017ccf7c0f892b89406babda070ee3e0932ced96daa85ae2b7c68df381febb0ab57a7ed40fd121f4c9840" +
    "f2f4b54bcf8f5a393a36c11ac9a678c5e2cec306c6848541ed5d15212d96e9481596f11bf34cfa6b30f6bfb995c10b577e17" +
    "bb136875583aeda6",
  ecc_p256_outer:
    "0020a59e3ea3b686e14b9803924e6a4b504f8d52a7ddcd5facb88b98cdbb4195527edf68fa0873feee53e6f304ca32380155" +
    "9a8f5340911fc6c9adfcaf1dcd603f85f230a4e26a4d9b23a51d",
  ecc_p256_inner:
    "00205c5c90e480b371218b6f8a45c6f65b680206bf3bd1d3e444e6000961e4e0fdb332c30cd533f5645567cb6a6d3e722d36" +
    "5dbb68b2a2ce4ec027c75e234f75975e289f1f5a15ffb28f0a7dd65754cff8c86417a0874ffee8d4789d514b6fa5b6408515" +
    "35bcc0f38a542408a323",
  ecc_p384_outer:
    "003030ec4508057d9e9a69f04e6e3b105232aa128e80931f89c36538efdd1e832618798fd7d1ef5852f1d962e70d792a1bc9" +
    "bf5f43498863d7b2062c2462a09b043beb7294615d7db6d033b20cd4c8986afaa8347522e596c9e0f6d0",
  ecc_p384_inner:
    "003056c84317cb2d872a96da6b354d42c5f949736d7897330e6401388783df5cc722b3660acd94af663b5b4f8482783af008" +
    "52f4b594c8685db487144ac5acd12858cf7bb2d53482fd3c02990c23fe5674deb0c1ba4cd1978e0c812c13f8ae2bcdcd8241" +
    "1638b8a6c5944b21a2fb398f6c7fbc19051169af736cafdd6097",
};

/** pytss's TPM2B_PUBLIC.from_pem with objectAttributes USERWITHAUTH | SIGN_ENCRYPT. */
const TEMPLATE = { nameAlg: TPM_ALG_ID.SHA256, objectAttributes: TPMA_OBJECT.userWithAuth | TPMA_OBJECT.sign };
const INNER_KEY = range(0x10, 16);

function storageParent(nameAlg: number, n: Uint8Array = new Uint8Array(256).fill(0xc1)): PublicArea {
  return {
    type: TPM_ALG_ID.RSA,
    nameAlg,
    objectAttributes: TPMA_OBJECT.restricted | TPMA_OBJECT.decrypt | TPMA_OBJECT.userWithAuth,
    authPolicy: new Uint8Array(0),
    parameters: {
      rsaDetail: {
        symmetric: { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } },
        scheme: { scheme: TPM_ALG_ID.NULL, details: {} },
        keyBits: n.length * 8,
        exponent: 0,
      },
    },
    unique: { rsa: n },
  } as PublicArea;
}

function tssError(f: () => unknown): TssError {
  try {
    f();
  } catch (e) {
    if (e instanceof TssError) return e;
    throw e;
  }
  throw new Error("no TssError");
}

describe("private keys from PEM and DER", () => {
  const pkcs8 = (pem: string) => nc.createPrivateKey(pem).export({ type: "pkcs8", format: "pem" }) as string;

  it("an RSA key (PKCS#1 and PKCS#8) gives pytss's TPM2B_SENSITIVE and TPM2B_PUBLIC", () => {
    for (const pem of [RSA_PEM, pkcs8(RSA_PEM)]) {
      const key = privateKeyFromPem(pem);
      expect(toHex(marshal(TPM2B_SENSITIVE, { sensitiveArea: sensitiveFromPrivateKey(key) }))).toBe(PYTSS.rsaSensitive);
      const publicArea = tpmPublicFromPrivateKey(key, TEMPLATE);
      expect(toHex(marshal(TPM2B_PUBLIC, { publicArea }))).toBe(PYTSS.rsaPublic);
    }
  });

  it("an EC key (SEC1 and PKCS#8, after an EC PARAMETERS block) gives pytss's structures", () => {
    const withParameters = `-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n${EC_PEM}some text after\n`;
    for (const pem of [EC_PEM, pkcs8(EC_PEM), withParameters]) {
      const key = privateKeyFromPem(pem);
      expect("ecc" in key && key.ecc.curveID).toBe(TPM_ECC_CURVE.NIST_P256);
      expect(toHex(marshal(TPM2B_SENSITIVE, { sensitiveArea: sensitiveFromPrivateKey(key) }))).toBe(PYTSS.eccSensitive);
      const publicArea = tpmPublicFromPrivateKey(key, TEMPLATE);
      expect(toHex(marshal(TPM2B_PUBLIC, { publicArea }))).toBe(PYTSS.eccPublic);
    }
  });

  it("reads DER as well, and P-384 keys", () => {
    const der = new Uint8Array(nc.createPrivateKey(RSA_PEM).export({ type: "pkcs1", format: "der" }));
    expect("rsa" in privateKeyFromDer(der)).toBe(true);
    const p384 = nc.generateKeyPairSync("ec", { namedCurve: "secp384r1" }).privateKey;
    const key = privateKeyFromDer(new Uint8Array(p384.export({ type: "sec1", format: "der" })));
    if (!("ecc" in key)) throw new Error("not ECC");
    expect(key.ecc.curveID).toBe(TPM_ECC_CURVE.NIST_P384);
    expect(key.ecc.d).toHaveLength(48);
    const jwk = p384.export({ format: "jwk" });
    expect(Buffer.from(key.ecc.x).toString("base64url")).toBe(jwk.x);
    expect(Buffer.from(key.ecc.d).toString("base64url")).toBe(jwk.d);
  });

  it("sets the authValue and seedValue it is given", () => {
    const s = sensitiveFromPrivateKey(privateKeyFromPem(EC_PEM), { authValue: hex("616263"), seedValue: range(1, 32) });
    expect(s.authValue).toEqual(hex("616263"));
    expect(s.seedValue).toEqual(range(1, 32));
  });

  it("refuses encrypted PEM, other labels, other curves and malformed DER with typed errors", () => {
    const encrypted = nc
      .createPrivateKey(RSA_PEM)
      .export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "rrrr" }) as string;
    expect(tssError(() => privateKeyFromPem(encrypted)).code).toBe("UNSUPPORTED");
    const legacy = RSA_PEM.replace("KEY-----\n", "KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n");
    expect(tssError(() => privateKeyFromPem(legacy)).code).toBe("UNSUPPORTED");
    expect(tssError(() => privateKeyFromPem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")).code).toBe(
      "BAD_PARAMETER",
    );
    const k1 = nc.generateKeyPairSync("ec", { namedCurve: "secp256k1" }).privateKey;
    expect(tssError(() => privateKeyFromDer(new Uint8Array(k1.export({ type: "pkcs8", format: "der" })))).code).toBe(
      "UNSUPPORTED",
    );
    const der = readPemBlock(RSA_PEM, ["RSA PRIVATE KEY"]).der;
    for (let cut = 0; cut < der.length; cut += 37) {
      expect(tssError(() => privateKeyFromDer(der.subarray(0, cut))).code).toBe("BAD_PARAMETER");
    }
    expect(tssError(() => privateKeyFromDer(Uint8Array.of(...der, 0))).code).toBe("BAD_PARAMETER");
  });
});

describe("duplication blobs", () => {
  const crypto = nodeCrypto;
  const cases = [
    ["rsa", PYTSS.rsaSensitive, PYTSS.rsaName],
    ["ecc", PYTSS.eccSensitive, PYTSS.eccName],
  ] as const;
  const parents = [
    ["p256", TPM_ALG_ID.SHA256, 32],
    ["p384", TPM_ALG_ID.SHA384, 48],
  ] as const;

  for (const [object, sensitive, name] of cases) {
    for (const [parent, nameAlg, seedSize] of parents) {
      const outer = { protector: credentialProtector(storageParent(nameAlg)), seed: range(0x40, seedSize) };
      const wrappers = { name: hex(name).subarray(2), nameAlg: TPM_ALG_ID.SHA256, outer };
      it(`${object} under a ${parent} parent, outer wrapper: pytss's duplicate, and back`, async () => {
        const dup = await duplicationBlob(crypto, wrappers, hex(sensitive));
        expect(toHex(dup)).toBe(DUPLICATES[`${object}_${parent}_outer`]);
        expect(toHex(await openDuplicationBlob(crypto, wrappers, dup))).toBe(sensitive);
      });
      it(`${object} under a ${parent} parent, inner and outer wrappers: pytss's duplicate, and back`, async () => {
        const both = { ...wrappers, encryptionKey: INNER_KEY };
        const dup = await duplicationBlob(crypto, both, hex(sensitive));
        expect(toHex(dup)).toBe(DUPLICATES[`${object}_${parent}_inner`]);
        expect(toHex(await openDuplicationBlob(crypto, both, dup))).toBe(sensitive);
      });
    }
  }

  it("an opened duplicate is checked: a flipped bit, another Name, seed or inner key fail", async () => {
    const outer = { protector: credentialProtector(storageParent(TPM_ALG_ID.SHA256)), seed: range(0x40, 32) };
    const wrappers = {
      name: hex(PYTSS.rsaName).subarray(2),
      nameAlg: TPM_ALG_ID.SHA256,
      outer,
      encryptionKey: INNER_KEY,
    };
    const dup = await duplicationBlob(crypto, wrappers, hex(PYTSS.rsaSensitive));
    const flipped = dup.slice();
    flipped[40]! ^= 1;
    const attempts = [
      openDuplicationBlob(crypto, wrappers, flipped),
      openDuplicationBlob(crypto, { ...wrappers, name: hex(PYTSS.eccName).subarray(2) }, dup),
      openDuplicationBlob(crypto, { ...wrappers, outer: { ...outer, seed: range(0x41, 32) } }, dup),
      openDuplicationBlob(crypto, { ...wrappers, encryptionKey: range(0x11, 16) }, dup),
      openDuplicationBlob(crypto, wrappers, dup.subarray(0, 1)),
    ];
    for (const a of attempts) await expect(a).rejects.toMatchObject({ code: "BAD_PARAMETER" });
  });

  it("without wrappers the duplicate is the TPM2B_SENSITIVE itself (what importpem sends)", async () => {
    const wrappers = { name: hex(PYTSS.eccName).subarray(2), nameAlg: TPM_ALG_ID.SHA256 };
    expect(toHex(await duplicationBlob(crypto, wrappers, hex(PYTSS.eccSensitive)))).toBe(PYTSS.eccSensitive);
  });

  it("duplicateObject for an RSA parent: the seed opens with the parent's private key (OAEP, label DUPLICATE)", async () => {
    const parentKey = nc.generateKeyPairSync("rsa", { modulusLength: 2048 });
    const n = new Uint8Array(Buffer.from(parentKey.publicKey.export({ format: "jwk" }).n!, "base64url"));
    const newParent = storageParent(TPM_ALG_ID.SHA256, n);
    const key = privateKeyFromPem(EC_PEM);
    const publicArea = tpmPublicFromPrivateKey(key, TEMPLATE);
    const sensitive = sensitiveFromPrivateKey(key, { authValue: hex("6b6579") });
    const out = await duplicateObject(crypto, { publicArea, sensitive, newParent, innerKeyBits: 128 });
    expect(out.encryptionKey).toHaveLength(16);
    expect(out.symmetricAlg).toEqual({
      algorithm: TPM_ALG_ID.AES,
      keyBits: { aes: 128 },
      mode: { aes: TPM_ALG_ID.CFB },
    });
    const seed = nc.privateDecrypt(
      {
        key: parentKey.privateKey,
        padding: nc.constants.RSA_PKCS1_OAEP_PADDING,
        oaepHash: "sha256",
        oaepLabel: Buffer.from(`${DUPLICATE_LABEL}\0`),
      },
      out.inSymSeed,
    );
    const opened = await openDuplicationBlob(
      crypto,
      {
        name: hex(PYTSS.eccName).subarray(2),
        nameAlg: TPM_ALG_ID.SHA256,
        encryptionKey: out.encryptionKey,
        outer: { protector: credentialProtector(newParent), seed: new Uint8Array(seed) },
      },
      out.duplicate,
    );
    expect(opened).toEqual(marshal(TPM2B_SENSITIVE, { sensitiveArea: sensitive }));
  });

  it("duplicateObject without a parent or inner key leaves the seed and key empty", async () => {
    const key = privateKeyFromPem(RSA_PEM);
    const out = await duplicateObject(crypto, {
      publicArea: tpmPublicFromPrivateKey(key, TEMPLATE),
      sensitive: sensitiveFromPrivateKey(key),
    });
    expect(out.inSymSeed).toHaveLength(0);
    expect(out.encryptionKey).toHaveLength(0);
    expect(out.symmetricAlg.algorithm).toBe(TPM_ALG_ID.NULL);
    expect(toHex(out.duplicate)).toBe(PYTSS.rsaSensitive);
    await expect(
      duplicateObject(crypto, {
        publicArea: tpmPublicFromPrivateKey(key),
        sensitive: sensitiveFromPrivateKey(key),
        innerKeyBits: 100,
      }),
    ).rejects.toMatchObject({ code: "BAD_PARAMETER" });
  });
});
