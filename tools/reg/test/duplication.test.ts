// Keys made or moved outside the TPM, on every plugin combination with crypto:
// - software-wrapped import: node:crypto RSA and EC key pairs, read from PEM
//   (privateKeyFromPem), wrapped with inner and outer wrappers for an RSA or ECC
//   storage parent (duplicateObject: seed encrypted to the parent with OAEP or
//   ECDH), TPM2_Import, TPM2_Load, TPM2_Sign; node:crypto verifies the signature
//   with the original public key;
// - TPM2_Duplicate of a TPM key (policy PolicyCommandCode(Duplicate)) to a TPM
//   storage key, TPM2_Rewrap of that blob to a software parent (LoadExternal,
//   public part), and openDuplicationBlob with the parent's private key: the
//   sensitive area is the key's (its authValue, and RSA prime p dividing n);
//   the first blob also imports under the TPM parent and signs;
// - TPM2_LoadExternal of a software key pair (public and sensitive area), Sign;
// - TPM2_CreateLoaded of an ordinary key and of a key derived from a derivation
//   parent (the same label and context give the same key again).
import * as nc from "node:crypto";
import {
  marshal,
  TPM_ALG_ID,
  TPM_CC,
  TPM_ECC_CURVE,
  TPM_RH,
  TPM_SE,
  TPM_ST,
  TPM2B_SENSITIVE,
  TPMA_OBJECT,
  TPMS_DERIVE,
  TPMT_PUBLIC,
  unmarshal,
} from "@tss/marshal";
import {
  credentialProtector,
  DUPLICATE_LABEL,
  duplicateObject,
  objectName,
  openDuplicationBlob,
  type PublicArea,
  privateKeyFromPem,
  sensitiveFromPrivateKey,
  tpmPublicFromPrivateKey,
  trimAuthValue,
} from "@tss/session";
import { expect, it } from "vitest";
import { describeMatrix } from "./support/describe-matrix.js";
import { eccStorageKey, rsaSigningKey, rsaStorageKey } from "./support/templates.js";

const A = TPM_ALG_ID;
const empty = new Uint8Array(0);
const enc = (s: string) => new TextEncoder().encode(s);
const nullScheme = { scheme: A.NULL, details: {} };
const nullTicket = { tag: TPM_ST.HASHCHECK, hierarchy: TPM_RH.NULL, digest: empty };
/** A duplicable signing key: neither fixedTPM nor fixedParent. */
const SIGNING = TPMA_OBJECT.userWithAuth | TPMA_OBJECT.noDA | TPMA_OBJECT.sign;
const AES128 = { algorithm: A.AES, keyBits: { aes: 128 }, mode: { aes: A.CFB } };

/** PolicyCommandCode(TPM2_Duplicate) from an empty SHA-256 policy. */
const DUPLICATE_POLICY = new Uint8Array(
  nc
    .createHash("sha256")
    .update(Buffer.alloc(32))
    .update(Buffer.from([0, 0, 0x01, 0x6c, 0, 0, 0x01, 0x4b]))
    .digest(),
);

function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(nc.createHash("sha256").update(data).digest());
}

/** node:crypto's check of a TPMT_SIGNATURE (RSASSA or ECDSA, SHA-256) over `message`. */
function verifies(publicKey: nc.KeyObject, message: Uint8Array, signature: { sigAlg: number; signature: any }) {
  if (signature.sigAlg === A.RSASSA) return nc.verify("sha256", message, publicKey, signature.signature.rsassa.sig);
  const { signatureR, signatureS } = signature.signature.ecdsa;
  const size = 32;
  const pad = (b: Uint8Array) => Buffer.concat([Buffer.alloc(size - b.length), b]);
  return nc.verify(
    "sha256",
    message,
    { key: publicKey, dsaEncoding: "ieee-p1363" },
    Buffer.concat([pad(signatureR), pad(signatureS)]),
  );
}

function schemeFor(publicArea: PublicArea) {
  return publicArea.type === A.RSA
    ? { scheme: A.RSASSA, details: { rsassa: { hashAlg: A.SHA256 } } }
    : { scheme: A.ECDSA, details: { ecdsa: { hashAlg: A.SHA256 } } };
}

describeMatrix(
  "keys from outside the TPM",
  (ctx) => {
    async function primary(template: object): Promise<{ handle: number; publicArea: PublicArea }> {
      const out = await ctx().tss.createPrimary({
        primaryHandle: TPM_RH.OWNER,
        inSensitive: { sensitive: { userAuth: enc("sto"), data: empty } },
        inPublic: { publicArea: template as PublicArea },
        outsideInfo: empty,
        creationPCR: [],
      });
      return { handle: out.objectHandle, publicArea: out.outPublic.publicArea as PublicArea };
    }

    async function signWith(handle: number, password: string, publicArea: PublicArea, message: Uint8Array) {
      const out = await ctx().tss.sign(
        { keyHandle: handle, digest: sha256(message), inScheme: schemeFor(publicArea), validation: nullTicket },
        { sessions: [{ handle: 0x40000009, password }] },
      );
      return out.signature as { sigAlg: number; signature: any };
    }

    for (const parentType of ["rsa", "ecc"] as const) {
      for (const keyType of ["rsa", "ecc"] as const) {
        it(`a software ${keyType} key wrapped for an ${parentType} parent imports, loads and signs`, async () => {
          const { tss, crypto } = ctx();
          const parent = await primary(parentType === "rsa" ? rsaStorageKey() : eccStorageKey());
          const pair =
            keyType === "rsa"
              ? nc.generateKeyPairSync("rsa", { modulusLength: 2048 })
              : nc.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
          const pem = pair.privateKey.export({ type: keyType === "rsa" ? "pkcs1" : "sec1", format: "pem" }) as string;
          const key = privateKeyFromPem(pem);
          const publicArea = tpmPublicFromPrivateKey(key, { objectAttributes: SIGNING });
          const sensitive = sensitiveFromPrivateKey(key, { authValue: enc("imp") });
          const wrapped = await duplicateObject(crypto!, {
            publicArea,
            sensitive,
            newParent: parent.publicArea,
            innerKeyBits: 128,
          });
          const { outPrivate } = await tss.import(
            { parentHandle: parent.handle, objectPublic: { publicArea }, ...wrapped },
            { sessions: [{ handle: 0x40000009, password: "sto" }] },
          );
          const loaded = await tss.load(
            { parentHandle: parent.handle, inPrivate: outPrivate, inPublic: { publicArea } },
            { sessions: [{ handle: 0x40000009, password: "sto" }] },
          );
          expect(loaded.name).toEqual(await objectName(crypto!, publicArea.nameAlg, marshal(TPMT_PUBLIC, publicArea)));
          const message = nc.randomBytes(50);
          const signature = await signWith(loaded.objectHandle, "imp", publicArea, message);
          expect(verifies(pair.publicKey, message, signature)).toBe(true);
          expect(verifies(pair.publicKey, nc.randomBytes(50), signature)).toBe(false);
          // A flipped bit in the outer HMAC is the TPM's integrity failure.
          const bad = wrapped.duplicate.slice();
          bad[5]! ^= 1;
          await expect(
            tss.import(
              { parentHandle: parent.handle, objectPublic: { publicArea }, ...wrapped, duplicate: bad },
              { sessions: [{ handle: 0x40000009, password: "sto" }] },
            ),
          ).rejects.toMatchObject({ name: "TpmError" });
          await tss.flushContext({ flushHandle: loaded.objectHandle });
          await tss.flushContext({ flushHandle: parent.handle });
        });
      }
    }

    it("Duplicate to a TPM parent, Rewrap to a software parent: the blob opens with the parent's private key", async () => {
      const { tss, crypto } = ctx();
      const parent = await primary(rsaStorageKey());
      // The key to duplicate, under the primary, with the policy that allows Duplicate.
      const template = {
        ...rsaSigningKey(),
        objectAttributes: SIGNING | TPMA_OBJECT.sensitiveDataOrigin,
        authPolicy: DUPLICATE_POLICY,
      };
      const sto = { sessions: [{ handle: 0x40000009, password: "sto" }] };
      const created = await tss.create(
        {
          parentHandle: parent.handle,
          inSensitive: { sensitive: { userAuth: enc("dup"), data: empty } },
          inPublic: { publicArea: template as PublicArea },
          outsideInfo: empty,
          creationPCR: [],
        },
        sto,
      );
      const objectPublic = created.outPublic.publicArea as PublicArea;
      // The TPM parent to duplicate to (swtpm holds three objects: create both before loading).
      const tpmParent = await tss.create(
        {
          parentHandle: parent.handle,
          inSensitive: { sensitive: { userAuth: enc("k2"), data: empty } },
          inPublic: { publicArea: rsaStorageKey() as PublicArea },
          outsideInfo: empty,
          creationPCR: [],
        },
        sto,
      );
      const key = await tss.load(
        { parentHandle: parent.handle, inPrivate: created.outPrivate, inPublic: created.outPublic },
        sto,
      );
      const k2 = await tss.load(
        { parentHandle: parent.handle, inPrivate: tpmParent.outPrivate, inPublic: tpmParent.outPublic },
        sto,
      );
      await tss.flushContext({ flushHandle: parent.handle });
      // The software parent: its public part loaded, its private key kept here.
      const soft = nc.generateKeyPairSync("rsa", { modulusLength: 2048 });
      const n = new Uint8Array(Buffer.from(soft.publicKey.export({ format: "jwk" }).n!, "base64url"));
      const softParent = {
        ...rsaStorageKey(),
        objectAttributes: TPMA_OBJECT.userWithAuth | TPMA_OBJECT.noDA | TPMA_OBJECT.restricted | TPMA_OBJECT.decrypt,
        unique: { rsa: n },
      } as PublicArea;
      const external = await tss.loadExternal({
        inPrivate: {},
        inPublic: { publicArea: softParent },
        hierarchy: TPM_RH.OWNER,
      });
      // Duplicate (policy session) to the TPM parent, with an inner wrapper whose key the TPM chooses.
      const policy = await tss.startAuthSession({
        tpmKey: TPM_RH.NULL,
        bind: TPM_RH.NULL,
        nonceCaller: new Uint8Array(16),
        encryptedSalt: empty,
        sessionType: TPM_SE.POLICY,
        symmetric: { algorithm: A.NULL, keyBits: {}, mode: {} },
        authHash: A.SHA256,
      });
      await tss.policyCommandCode({ policySession: policy.sessionHandle, code: TPM_CC.Duplicate });
      const dup = await tss.duplicate(
        {
          objectHandle: key.objectHandle,
          newParentHandle: k2.objectHandle,
          encryptionKeyIn: empty,
          symmetricAlg: AES128,
        },
        { sessions: [{ handle: policy.sessionHandle }] },
      );
      expect(dup.encryptionKeyOut).toHaveLength(16);
      // The blob imports under the TPM parent and the key signs there.
      const imported = await tss.import(
        {
          parentHandle: k2.objectHandle,
          encryptionKey: dup.encryptionKeyOut,
          objectPublic: { publicArea: objectPublic },
          duplicate: dup.duplicate,
          inSymSeed: dup.outSymSeed,
          symmetricAlg: AES128,
        },
        { sessions: [{ handle: 0x40000009, password: "k2" }] },
      );
      await tss.flushContext({ flushHandle: key.objectHandle });
      const again = await tss.load(
        { parentHandle: k2.objectHandle, inPrivate: imported.outPrivate, inPublic: { publicArea: objectPublic } },
        { sessions: [{ handle: 0x40000009, password: "k2" }] },
      );
      const message = nc.randomBytes(40);
      const signature = await signWith(again.objectHandle, "dup", objectPublic, message);
      const spki = nc.createPublicKey({
        key: {
          kty: "RSA",
          n: Buffer.from((objectPublic.unique as { rsa: Uint8Array }).rsa).toString("base64url"),
          e: "AQAB",
        },
        format: "jwk",
      });
      expect(verifies(spki, message, signature)).toBe(true);
      await tss.flushContext({ flushHandle: again.objectHandle });
      // Rewrap the TPM's blob from the TPM parent to the software parent, and open it here.
      const name = await objectName(crypto!, objectPublic.nameAlg, marshal(TPMT_PUBLIC, objectPublic));
      const rewrapped = await tss.rewrap(
        {
          oldParent: k2.objectHandle,
          newParent: external.objectHandle,
          inDuplicate: dup.duplicate,
          name,
          inSymSeed: dup.outSymSeed,
        },
        { sessions: [{ handle: 0x40000009, password: "k2" }] },
      );
      const seed = nc.privateDecrypt(
        {
          key: soft.privateKey,
          padding: nc.constants.RSA_PKCS1_OAEP_PADDING,
          oaepHash: "sha256",
          oaepLabel: Buffer.from(`${DUPLICATE_LABEL}\0`),
        },
        rewrapped.outSymSeed,
      );
      const opened = await openDuplicationBlob(
        crypto!,
        {
          name,
          nameAlg: objectPublic.nameAlg,
          encryptionKey: dup.encryptionKeyOut,
          outer: { protector: credentialProtector(softParent), seed: new Uint8Array(seed) },
        },
        rewrapped.outDuplicate,
      );
      const sensitive = unmarshal(TPM2B_SENSITIVE, opened).sensitiveArea as {
        authValue: Uint8Array;
        sensitive: { rsa: Uint8Array };
      };
      // The TPM keeps the authValue padded with zeros to the nameAlg size.
      expect(new TextDecoder().decode(trimAuthValue(sensitive.authValue))).toBe("dup");
      const p = BigInt(`0x${Buffer.from(sensitive.sensitive.rsa).toString("hex")}`);
      const modulus = BigInt(`0x${Buffer.from((objectPublic.unique as { rsa: Uint8Array }).rsa).toString("hex")}`);
      expect(p > 1n && modulus % p === 0n).toBe(true);
      for (const h of [k2.objectHandle, external.objectHandle]) await tss.flushContext({ flushHandle: h });
    });

    it("LoadExternal of a software key pair (public and sensitive area) signs like the key", async () => {
      const { tss } = ctx();
      const pair = nc.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
      const key = privateKeyFromPem(pair.privateKey.export({ type: "pkcs8", format: "pem" }) as string);
      expect("ecc" in key && key.ecc.curveID).toBe(TPM_ECC_CURVE.NIST_P256);
      const publicArea = tpmPublicFromPrivateKey(key, { objectAttributes: SIGNING });
      const loaded = await tss.loadExternal({
        inPrivate: { sensitiveArea: sensitiveFromPrivateKey(key, { authValue: enc("ext") }) },
        inPublic: { publicArea },
        hierarchy: TPM_RH.NULL,
      });
      const message = nc.randomBytes(33);
      const signature = await signWith(loaded.objectHandle, "ext", publicArea, message);
      expect(verifies(pair.publicKey, message, signature)).toBe(true);
      await tss.flushContext({ flushHandle: loaded.objectHandle });
    });

    it("CreateLoaded: an ordinary key, and derived keys (same label and context, same key)", async () => {
      const { tss } = ctx();
      const parent = await primary(rsaStorageKey());
      const sto = { sessions: [{ handle: 0x40000009, password: "sto" }] };
      const ordinary = await tss.createLoaded(
        {
          parentHandle: parent.handle,
          inSensitive: { sensitive: { userAuth: enc("cl"), data: empty } },
          inPublic: marshal(TPMT_PUBLIC, rsaSigningKey() as PublicArea),
          outsideInfo: empty,
          creationPCR: [],
        } as never,
        sto,
      );
      const message = nc.randomBytes(20);
      const pub = ordinary.outPublic.publicArea as PublicArea;
      const signature = await signWith(ordinary.objectHandle, "cl", pub, message);
      const spki = nc.createPublicKey({
        key: { kty: "RSA", n: Buffer.from((pub.unique as { rsa: Uint8Array }).rsa).toString("base64url"), e: "AQAB" },
        format: "jwk",
      });
      expect(verifies(spki, message, signature)).toBe(true);
      await tss.flushContext({ flushHandle: ordinary.objectHandle });
      // A derivation parent (keyed hash, XOR scheme with KDF1-SP800-108), then an ECC key derived from it.
      const dp = await tss.createLoaded(
        {
          parentHandle: parent.handle,
          inSensitive: { sensitive: { userAuth: enc("dp"), data: empty } },
          inPublic: marshal(TPMT_PUBLIC, {
            type: A.KEYEDHASH,
            nameAlg: A.SHA256,
            objectAttributes:
              TPMA_OBJECT.fixedTPM |
              TPMA_OBJECT.fixedParent |
              TPMA_OBJECT.sensitiveDataOrigin |
              TPMA_OBJECT.userWithAuth |
              TPMA_OBJECT.noDA |
              TPMA_OBJECT.restricted |
              TPMA_OBJECT.decrypt,
            authPolicy: empty,
            parameters: {
              keyedHashDetail: {
                scheme: { scheme: A.XOR, details: { xor: { hashAlg: A.SHA256, kdf: A.KDF1_SP800_108 } } },
              },
            },
            unique: { keyedHash: empty },
          } as PublicArea),
          outsideInfo: empty,
          creationPCR: [],
        } as never,
        sto,
      );
      const derive = marshal(TPMS_DERIVE, { label: enc("label"), context: enc("context") });
      const derivedTemplate = (() => {
        const t = marshal(TPMT_PUBLIC, {
          type: A.ECC,
          nameAlg: A.SHA256,
          objectAttributes:
            TPMA_OBJECT.fixedTPM | TPMA_OBJECT.fixedParent | TPMA_OBJECT.userWithAuth | TPMA_OBJECT.sign,
          authPolicy: empty,
          parameters: {
            eccDetail: {
              symmetric: { algorithm: A.NULL, keyBits: {}, mode: {} },
              scheme: { scheme: A.ECDSA, details: { ecdsa: { hashAlg: A.SHA256 } } },
              curveID: TPM_ECC_CURVE.NIST_P256,
              kdf: nullScheme,
            },
          },
          unique: { ecc: { x: empty, y: empty } },
        } as PublicArea);
        // The unique field (two empty TPM2B, 4 octets) becomes a TPMS_DERIVE.
        return Uint8Array.from([...t.subarray(0, t.length - 4), ...derive]);
      })();
      const dpAuth = { sessions: [{ handle: 0x40000009, password: "dp" }] };
      const derived = [] as Uint8Array[];
      for (let i = 0; i < 2; i++) {
        const out = await tss.createLoaded(
          {
            parentHandle: dp.objectHandle,
            inSensitive: { sensitive: { userAuth: empty, data: empty } },
            inPublic: derivedTemplate,
            outsideInfo: empty,
            creationPCR: [],
          } as never,
          dpAuth,
        );
        derived.push(marshal(TPMT_PUBLIC, out.outPublic.publicArea as PublicArea));
        await tss.flushContext({ flushHandle: out.objectHandle });
      }
      expect(derived[0]).toEqual(derived[1]);
      for (const h of [dp.objectHandle, parent.handle]) await tss.flushContext({ flushHandle: h });
    });
  },
  { filter: { needsCrypto: true } },
);
