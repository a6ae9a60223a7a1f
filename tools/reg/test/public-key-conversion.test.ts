// Public keys between the TPM and the rest of the world, on swtpm, with each
// crypto plugin doing the SubjectPublicKeyInfo conversion:
// - TPM keys (RSA 2048/3072, ECC P-256/P-384/P-521) sign a digest with
//   TPM2_Sign; their public areas go to SPKI (and PEM) through the plugin, and
//   node:crypto (OpenSSL) verifies the TPM's signature with that SPKI.
// - node:crypto keys go from SPKI to a TPM public area through the plugin,
//   are loaded with TPM2_LoadExternal (the TPM's Name must be ours), and
//   TPM2_VerifySignature checks node:crypto's signatures (and refuses altered ones).
import * as nc from "node:crypto";
import { createForgeCrypto } from "@tss/crypto-forge";
import { createNodeCrypto } from "@tss/crypto-node";
import { createWebCrypto } from "@tss/crypto-webcrypto";
import {
  ByteWriter,
  type Crypto,
  TPM_ALG_ID,
  TPM_ECC_CURVE,
  TPM_RH,
  TPM_ST,
  TPMA_OBJECT,
  TPMT_PUBLIC,
  TpmError,
} from "@tss/marshal";
import {
  objectName,
  type PublicArea,
  pemToTpmPublic,
  publicKeyFromTpmPublic,
  spkiToTpmPublic,
  tpmPublicToPem,
  tpmPublicToSpki,
} from "@tss/session";
import { defaultCrypto } from "@tss/tss";
import { expect, it } from "vitest";
import { describeMatrix } from "./support/describe-matrix.js";
import { eccSigningKey, rsaSigningKey } from "./support/templates.js";

const A = TPM_ALG_ID;
const C = TPM_ECC_CURVE;
const empty = new Uint8Array(0);
const PLUGINS: [string, Crypto][] = [
  ["forge", createForgeCrypto()],
  ["webcrypto", createWebCrypto()],
  ["node", createNodeCrypto()],
];
const HASH_NAMES: Record<number, string> = { [A.SHA256]: "sha256", [A.SHA384]: "sha384", [A.SHA512]: "sha512" };
/** Curves swtpm (libtpms) and both plugins support, with the hash of their ECDSA scheme and node's curve name. */
const CURVES = [
  { curveID: C.NIST_P256, hashAlg: A.SHA256, name: "P-256", size: 32 },
  { curveID: C.NIST_P384, hashAlg: A.SHA384, name: "P-384", size: 48 },
  { curveID: C.NIST_P521, hashAlg: A.SHA512, name: "P-521", size: 66 },
] as const;

function eccTemplate(curveID: number, hashAlg: number) {
  const t = eccSigningKey();
  const detail = t.parameters.eccDetail;
  return {
    ...t,
    parameters: { eccDetail: { ...detail, curveID, scheme: { scheme: A.ECDSA, details: { ecdsa: { hashAlg } } } } },
  };
}

function marshalPublic(p: PublicArea): Uint8Array {
  const w = new ByteWriter(1024);
  TPMT_PUBLIC.write(w, p, "TPMT_PUBLIC");
  return w.finish();
}

const spkiKey = (der: Uint8Array) => nc.createPublicKey({ key: Buffer.from(der), format: "der", type: "spki" });
const leftPad = (b: Uint8Array, size: number) =>
  Uint8Array.from([...new Uint8Array(Math.max(0, size - b.length)), ...b]);
const nullTicket = { tag: TPM_ST.HASHCHECK, hierarchy: TPM_RH.NULL, digest: empty };
const nullScheme = { scheme: A.NULL, details: {} };

it("@tss/tss's zero-config crypto comes from a plugin's createCrypto() and has exportSpki/importSpki", async () => {
  const c = await defaultCrypto();
  expect(c).toBeDefined();
  expect(typeof c!.exportSpki).toBe("function");
  expect(typeof c!.importSpki).toBe("function");
});

describeMatrix(
  "public-key conversion",
  (ctx) => {
    /** A TPM signing key (a primary under the owner hierarchy); swtpm holds only three objects, so each test flushes its own. */
    async function tpmKey(template: object): Promise<{ handle: number; publicArea: PublicArea }> {
      const out = await ctx().tss.createPrimary({
        primaryHandle: TPM_RH.OWNER,
        inSensitive: { sensitive: { userAuth: empty, data: empty } },
        inPublic: { publicArea: template as PublicArea },
        outsideInfo: empty,
        creationPCR: [],
      });
      return { handle: out.objectHandle, publicArea: out.outPublic.publicArea as PublicArea };
    }

    for (const bits of [2048, 3072]) {
      it(`TPM RSA ${bits} RSASSA-SHA256 signature verifies in node:crypto with the SPKI and PEM of each plugin`, async () => {
        const { tss } = ctx();
        const key = await tpmKey(rsaSigningKey(bits));
        const message = nc.randomBytes(100);
        const digest = new Uint8Array(nc.createHash("sha256").update(message).digest());
        const { signature } = await tss.sign({
          keyHandle: key.handle,
          digest,
          inScheme: nullScheme,
          validation: nullTicket,
        });
        const sig = (signature.signature as { rsassa: { hash: number; sig: Uint8Array } }).rsassa;
        expect(sig.hash).toBe(A.SHA256);
        for (const [name, crypto] of PLUGINS) {
          const der = await tpmPublicToSpki(crypto, key.publicArea);
          expect(nc.verify("sha256", message, spkiKey(der), sig.sig), name).toBe(true);
          expect(nc.verify("sha256", Buffer.concat([message, Buffer.of(0)]), spkiKey(der), sig.sig), name).toBe(false);
          const pem = await tpmPublicToPem(crypto, key.publicArea);
          expect(nc.verify("sha256", message, nc.createPublicKey(pem), sig.sig), name).toBe(true);
          expect(spkiKey(der).asymmetricKeyDetails).toMatchObject({ modulusLength: bits, publicExponent: 65537n });
          // And back: the plugin reads its SPKI to the TPM's own modulus and exponent.
          expect(await crypto.importSpki!(der), name).toEqual(publicKeyFromTpmPublic(key.publicArea));
        }
        await tss.flushContext({ flushHandle: key.handle });
      });
    }

    for (const { curveID, hashAlg, name: curve, size } of CURVES) {
      it(`TPM ECC ${curve} ECDSA signature verifies in node:crypto with the SPKI of each plugin`, async () => {
        const { tss } = ctx();
        const key = await tpmKey(eccTemplate(curveID, hashAlg));
        const hash = HASH_NAMES[hashAlg]!;
        const message = nc.randomBytes(77);
        const digest = new Uint8Array(nc.createHash(hash).update(message).digest());
        const { signature } = await tss.sign({
          keyHandle: key.handle,
          digest,
          inScheme: nullScheme,
          validation: nullTicket,
        });
        const sig = (signature.signature as { ecdsa: { hash: number; signatureR: Uint8Array; signatureS: Uint8Array } })
          .ecdsa;
        expect(sig.hash).toBe(hashAlg);
        const p1363 = Buffer.concat([leftPad(sig.signatureR, size), leftPad(sig.signatureS, size)]);
        for (const [name, crypto] of PLUGINS) {
          const der = await tpmPublicToSpki(crypto, key.publicArea);
          const k = { key: spkiKey(der), dsaEncoding: "ieee-p1363" as const };
          expect(nc.verify(hash, message, k, p1363), name).toBe(true);
          expect(nc.verify(hash, nc.randomBytes(77), k, p1363), name).toBe(false);
          expect(await crypto.importSpki!(der), name).toEqual(publicKeyFromTpmPublic(key.publicArea));
        }
        await tss.flushContext({ flushHandle: key.handle });
      });
    }

    /** LoadExternal of a public area; checks the TPM's Name against ours; returns the handle. */
    async function loadExternal(crypto: Crypto, publicArea: PublicArea): Promise<number> {
      const out = await ctx().tss.loadExternal({ inPrivate: {}, inPublic: { publicArea }, hierarchy: TPM_RH.OWNER });
      expect(out.name).toEqual(await objectName(crypto, publicArea.nameAlg, marshalPublic(publicArea)));
      return out.objectHandle;
    }

    for (const [name, crypto] of PLUGINS) {
      it(`node:crypto RSA 2048/3072 keys through ${name}'s importSpki: LoadExternal, VerifySignature (RSASSA and RSAPSS)`, async () => {
        const { tss } = ctx();
        for (const bits of [2048, 3072]) {
          const { publicKey, privateKey } = nc.generateKeyPairSync("rsa", { modulusLength: bits });
          const der = new Uint8Array(publicKey.export({ type: "spki", format: "der" }));
          const publicArea = await spkiToTpmPublic(crypto, der);
          expect(
            (publicArea.parameters as { rsaDetail: { exponent: number; keyBits: number } }).rsaDetail,
          ).toMatchObject({ exponent: 0, keyBits: bits });
          const handle = await loadExternal(crypto, publicArea);
          const message = nc.randomBytes(64);
          const digest = new Uint8Array(nc.createHash("sha256").update(message).digest());
          const pss = {
            key: privateKey,
            padding: nc.constants.RSA_PKCS1_PSS_PADDING,
            saltLength: nc.constants.RSA_PSS_SALTLEN_DIGEST,
          };
          const signatures = [
            {
              sigAlg: A.RSASSA,
              signature: { rsassa: { hash: A.SHA256, sig: new Uint8Array(nc.sign("sha256", message, privateKey)) } },
            },
            {
              sigAlg: A.RSAPSS,
              signature: { rsapss: { hash: A.SHA256, sig: new Uint8Array(nc.sign("sha256", message, pss)) } },
            },
          ];
          for (const signature of signatures) {
            const { validation } = await tss.verifySignature({ keyHandle: handle, digest, signature });
            expect(validation.tag).toBe(TPM_ST.VERIFIED);
            expect(validation.hierarchy).toBe(TPM_RH.OWNER);
            // An HMAC under the hierarchy proof; its hash is the TPM's choice (SHA-512 on libtpms).
            expect([32, 48, 64]).toContain(validation.digest.length);
            const bad = structuredClone(signature) as unknown as {
              sigAlg: number;
              signature: Record<string, { sig: Uint8Array }>;
            };
            Object.values(bad.signature)[0]!.sig[10]! ^= 1;
            const err = await tss
              .verifySignature({ keyHandle: handle, digest, signature: bad as unknown as typeof signature })
              .catch((e: unknown) => e);
            expect(err).toBeInstanceOf(TpmError);
            expect((err as TpmError).responseCode & 0xbf).toBe(0x9b); // TPM_RC_SIGNATURE (format one, parameter 2)
          }
          await tss.flushContext({ flushHandle: handle });
        }
      });

      it(`node:crypto ECC keys (P-256, P-384, P-521) through ${name}'s importSpki: LoadExternal, VerifySignature (ECDSA)`, async () => {
        const { tss } = ctx();
        for (const { curveID, hashAlg, name: curve, size } of CURVES) {
          const { publicKey, privateKey } = nc.generateKeyPairSync("ec", { namedCurve: curve });
          const pem = publicKey.export({ type: "spki", format: "pem" }) as string;
          const publicArea = await pemToTpmPublic(crypto, pem);
          expect((publicArea.parameters as { eccDetail: { curveID: number } }).eccDetail.curveID).toBe(curveID);
          const handle = await loadExternal(crypto, publicArea);
          const hash = HASH_NAMES[hashAlg]!;
          const message = nc.randomBytes(64);
          const digest = new Uint8Array(nc.createHash(hash).update(message).digest());
          const raw = nc.sign(hash, message, { key: privateKey, dsaEncoding: "ieee-p1363" });
          const signatureR = new Uint8Array(raw.subarray(0, size));
          const signatureS = new Uint8Array(raw.subarray(size));
          const signature = { sigAlg: A.ECDSA, signature: { ecdsa: { hash: hashAlg, signatureR, signatureS } } };
          const { validation } = await tss.verifySignature({ keyHandle: handle, digest, signature });
          expect(validation.tag).toBe(TPM_ST.VERIFIED);
          const other = new Uint8Array(nc.createHash(hash).update(nc.randomBytes(8)).digest());
          const err = await tss
            .verifySignature({ keyHandle: handle, digest: other, signature })
            .catch((e: unknown) => e);
          expect(err, curve).toBeInstanceOf(TpmError);
          await tss.flushContext({ flushHandle: handle });
        }
      });

      it(`${name}: a signing template (RSASSA scheme, sign only) is kept, and the TPM enforces it`, async () => {
        const { tss } = ctx();
        const { publicKey, privateKey } = nc.generateKeyPairSync("rsa", { modulusLength: 2048 });
        const der = new Uint8Array(publicKey.export({ type: "spki", format: "der" }));
        const template = {
          nameAlg: A.SHA384,
          objectAttributes: TPMA_OBJECT.sign | TPMA_OBJECT.userWithAuth,
          parameters: rsaSigningKey().parameters,
        } as Parameters<typeof spkiToTpmPublic>[2];
        const publicArea = await spkiToTpmPublic(crypto, der, template);
        expect(publicArea.nameAlg).toBe(A.SHA384);
        const handle = await loadExternal(crypto, publicArea);
        const message = nc.randomBytes(32);
        const digest = new Uint8Array(nc.createHash("sha256").update(message).digest());
        const sig = new Uint8Array(nc.sign("sha256", message, privateKey));
        const { validation } = await tss.verifySignature({
          keyHandle: handle,
          digest,
          signature: { sigAlg: A.RSASSA, signature: { rsassa: { hash: A.SHA256, sig } } },
        });
        expect(validation.tag).toBe(TPM_ST.VERIFIED);
        // The TPM reads the public area we built: RSA_Encrypt needs decrypt, which this template leaves out.
        const err = await tss
          .rsaEncrypt({
            keyHandle: handle,
            message: new Uint8Array(16),
            inScheme: { scheme: A.OAEP, details: { oaep: { hashAlg: A.SHA256 } } },
            label: empty,
          })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(TpmError);
        await tss.flushContext({ flushHandle: handle });
      });
    }

    it("the TPM refuses a public area whose point is off the curve (the plugins refuse it before: BAD_PARAMETER)", async () => {
      const { tss } = ctx();
      const { publicKey } = nc.generateKeyPairSync("ec", { namedCurve: "P-256" });
      const der = new Uint8Array(publicKey.export({ type: "spki", format: "der" }));
      const good = await spkiToTpmPublic(PLUGINS[0]![1], der);
      const u = (good.unique as { ecc: { x: Uint8Array; y: Uint8Array } }).ecc;
      const y = u.y.slice();
      y[31]! ^= 1;
      const bad = { ...good, unique: { ecc: { x: u.x, y } } } as PublicArea;
      const err = await tss
        .loadExternal({ inPrivate: {}, inPublic: { publicArea: bad }, hierarchy: TPM_RH.OWNER })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TpmError);
      for (const [name, crypto] of PLUGINS) {
        await expect(tpmPublicToSpki(crypto, bad), name).rejects.toMatchObject({
          name: "TssError",
          code: "BAD_PARAMETER",
        });
      }
    });
  },
  { filter: { transports: ["mssim"] } },
);
