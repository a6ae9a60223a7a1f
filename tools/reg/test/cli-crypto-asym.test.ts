// The asymmetric crypto utilities as the built `tss` binary, one process per
// call, against a private swtpm, in the flows of IBM's RSA, ECC and signing
// regression groups: rsaencrypt/rsadecrypt (RSAES, OAEP, raw, -oid, password
// files; node:crypto encrypts for the TPM and decrypts what the TPM
// encrypted), sign/verifysignature (RSASSA, RSAPSS, ECDSA; every signature
// verified with node:crypto; -ipem, -raw, -ipu, tickets), ECC (eccparameters,
// ecephemeral + zgen2phase with both shared points recomputed in node:crypto,
// commit + an ECDAA signature, ECC_Encrypt/Decrypt which swtpm lacks), and the
// files crossing both ways with Debian's IBM TSS utilities (tss2 1.4.5).
import {
  constants,
  createECDH,
  createHash,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign as nodeSign,
  privateDecrypt,
  publicEncrypt,
  verify,
} from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  marshal,
  TPM_ALG_ID,
  TPM2B_ECC_POINT,
  TPM2B_PUBLIC,
  TPMS_ALGORITHM_DETAIL_ECC,
  TPMT_SIGNATURE,
  TPMT_TK_HASHCHECK,
  TPMT_TK_VERIFIED,
  UINT16,
  unmarshal,
} from "@tss/marshal";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createEcdaaKey, flushTransients, loadRsaKeyPair } from "./support/cli-known-keys.js";
import { type CliEnv, handleOf, haveIbmTss, ibmOk, type RunResult, startCliEnv, tssOk } from "./support/cli-runner.js";

const IBM = haveIbmTss();
const b64u = (b: Uint8Array) => Buffer.from(b).toString("base64url");
const hex8 = (n: number) => n.toString(16).padStart(8, "0");

/** A node:crypto public key from a TPM public area (RSA, or NIST P-256 / P-384). */
function nodeKey(area: any): KeyObject {
  if (area.type === TPM_ALG_ID.RSA) {
    return createPublicKey({ key: { kty: "RSA", n: b64u(area.unique.rsa), e: "AQAB" }, format: "jwk" });
  }
  const crv = area.parameters.eccDetail.curveID === 3 ? "P-256" : "P-384";
  return createPublicKey({
    key: { kty: "EC", crv, x: b64u(area.unique.ecc.x), y: b64u(area.unique.ecc.y) },
    format: "jwk",
  });
}

/** node:crypto's verdict on a TPM signature (TPMT_SIGNATURE value) of `message`. */
function nodeVerifies(key: KeyObject, hash: string, message: Buffer, sig: any): boolean {
  if (sig.sigAlg === TPM_ALG_ID.ECDSA) {
    const size = key.asymmetricKeyDetails!.namedCurve === "prime256v1" ? 32 : 48;
    const pad = (b: Uint8Array) => Buffer.concat([Buffer.alloc(size - b.length), b]);
    const rs = Buffer.concat([pad(sig.signature.ecdsa.signatureR), pad(sig.signature.ecdsa.signatureS)]);
    return verify(hash, message, { key, dsaEncoding: "ieee-p1363" }, rs);
  }
  if (sig.sigAlg === TPM_ALG_ID.RSAPSS) {
    const opts = { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO };
    return verify(hash, message, opts, sig.signature.rsapss.sig);
  }
  return verify(hash, message, key, sig.signature.rsassa.sig);
}

describe("asymmetric crypto utilities against swtpm", () => {
  let cli: CliEnv;
  const msg = Buffer.from("the message to sign, encrypt and verify\n");
  const read = (name: string) => readFileSync(join(cli.dir, name));
  const write = (name: string, data: Uint8Array | string) => writeFileSync(join(cli.dir, name), data);
  /** `tss <command line>` (arguments split at spaces); resolves with what it printed and its exit status. */
  const run = (line: string): Promise<RunResult> => cli.tss(...line.split(" "));
  /** The same, expecting exit status 0; returns standard output. */
  const ok = (line: string): Promise<string> => tssOk(cli, ...line.split(" "));
  /** IBM's tss<utility> with the command line, expecting exit status 0. */
  const ibm = (line: string): Promise<string> => {
    const [utility, ...args] = line.split(" ");
    return ibmOk(cli, utility!, ...args);
  };
  const publicArea = (name: string): any => (unmarshal(TPM2B_PUBLIC, read(name)) as { publicArea: unknown }).publicArea;
  const signature = (name: string): any => unmarshal(TPMT_SIGNATURE, read(name));
  const point = (name: string): any => (unmarshal(TPM2B_ECC_POINT, read(name)) as { point: unknown }).point;

  beforeAll(async () => {
    cli = await startCliEnv();
    write("msg.bin", msg);
    write("aaa", "aaa");
    write("other.bin", "not the message");
  }, 180_000);
  afterEach(async () => {
    await flushTransients(cli);
  });
  afterAll(async () => {
    await cli?.stop();
  });

  it("RSA: decrypt(encrypt(x)) = x with RSAES and OAEP keys; node:crypto encrypts for the TPM; -ipwdk", async () => {
    const dee = handleOf(await ok("createprimary -hi p -dee -pwdk dec -opu dee.bin"));
    const verbose = await ok(`rsaencrypt -hk ${dee} -id aaa -oe enc.bin -v`);
    expect(verbose).toMatch(/^ outData length 256\n( ([0-9a-f]{2} ){16}\n){16}rsaencrypt: success\n$/);
    await ok(`rsadecrypt -hk ${dee} -ie enc.bin -od dec.bin -pwdk dec`);
    expect(read("dec.bin").toString()).toBe("aaa");
    // PKCS#1 v1.5 (RSAES) by node:crypto; the password from a nul-terminated file.
    write("enc.bin", publicEncrypt({ key: nodeKey(publicArea("dee.bin")), padding: constants.RSA_PKCS1_PADDING }, msg));
    write("pw.bin", "dec\0");
    await ok(`rsadecrypt -hk ${dee} -ie enc.bin -od dec.bin -ipwdk pw.bin`);
    expect(read("dec.bin")).toEqual(msg);
    // A wrong password (a noDA key), both password forms, a password file without its nul.
    expect((await run(`rsadecrypt -hk ${dee} -ie enc.bin -pwdk x`)).err).toMatch(
      /^rsadecrypt: failed, rc 000009a2\nTPM_RC_BAD_AUTH - .* Session number 1\n$/,
    );
    expect((await run(`rsadecrypt -hk ${dee} -ie enc.bin -pwdk dec -ipwdk pw.bin`)).err).toContain(
      "only one of -pwdk and -ipwdk",
    );
    write("pw2.bin", "dec");
    expect((await run(`rsadecrypt -hk ${dee} -ie enc.bin -ipwdk pw2.bin`)).err).toContain("must be nul terminated");
    // More than the modulus: refused before the TPM sees it, as IBM's.
    write("big.bin", Buffer.alloc(257, 1));
    expect(await run(`rsaencrypt -hk ${dee} -id big.bin`)).toMatchObject({
      code: 1,
      err: expect.stringContaining("Input data too long 257"),
    });
    await ok(`flushcontext -ha ${dee}`);

    // OAEP-SHA256: node:crypto and the TPM encrypt, the TPM decrypts; --json carries the plaintext.
    const deo = handleOf(await ok("createprimary -hi p -deo -halg sha256 -opu deo.bin"));
    const key = nodeKey(publicArea("deo.bin"));
    write("enc.bin", publicEncrypt({ key, oaepHash: "sha256", padding: constants.RSA_PKCS1_OAEP_PADDING }, msg));
    const json = JSON.parse(await ok(`rsadecrypt -hk ${deo} -ie enc.bin --json`));
    expect(Buffer.from(json.message, "hex")).toEqual(msg);
    await ok(`rsaencrypt -hk ${deo} -id msg.bin -oe enc2.bin`);
    await ok(`rsadecrypt -hk ${deo} -ie enc2.bin -od dec.bin`);
    expect(read("dec.bin")).toEqual(msg);
  });

  it("RSA with a key node:crypto knows: the TPM's raw encryption decrypts in node:crypto; -oid signs a digest", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const h = hex8(await loadRsaKeyPair(cli, privateKey, "rrrr"));
    // NULL scheme: raw RSA of the left-zero-padded message (IBM's test reads it with tail -c 3).
    await ok(`rsaencrypt -hk ${h} -id aaa -oe enc.bin`);
    const raw = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, read("enc.bin"));
    expect(raw).toEqual(Buffer.concat([Buffer.alloc(253), Buffer.from("aaa")]));
    await ok(`rsadecrypt -hk ${h} -pwdk rrrr -ie enc.bin -od dec.bin`);
    expect(read("dec.bin").subarray(-3).toString()).toBe("aaa");
    // -oid: the digest in PKCS#1 v1.5 with the hash's OID, "decrypted" by the TPM: a signature node:crypto accepts.
    for (const halg of ["sha1", "sha384"]) {
      write("digest.bin", createHash(halg).update(msg).digest());
      await ok(`rsadecrypt -hk ${h} -pwdk rrrr -ie digest.bin -od sig.bin -oid ${halg}`);
      expect(verify(halg, msg, publicKey, read("sig.bin")), halg).toBe(true);
    }
    // And rsaencrypt recovers the padded digest from it.
    await ok(`rsaencrypt -hk ${h} -id sig.bin -oe padded.bin`);
    expect(read("padded.bin").subarray(-48)).toEqual(read("digest.bin"));
    write("short.bin", Buffer.alloc(31));
    expect((await run(`rsadecrypt -hk ${h} -pwdk rrrr -ie short.bin -oid sha256`)).err).toContain(
      "hash algorithm length 32 not equal data length 31",
    );
    // A signature made by node:crypto, raw as OpenSSL writes it: checked by the TPM and in software (-ipem).
    write("nodesig.bin", nodeSign("sha256", msg, privateKey));
    write("node.pem", publicKey.export({ type: "spki", format: "pem" }));
    await ok(`verifysignature -hk ${h} -if msg.bin -is nodesig.bin -raw`);
    await ok("verifysignature -ipem node.pem -if msg.bin -is nodesig.bin -raw -rsa");
    expect(await run("verifysignature -ipem node.pem -if other.bin -is nodesig.bin -raw")).toMatchObject({
      code: 1,
      err: expect.stringContaining("TSS_RC_RSA_SIGNATURE: the signature does not verify with node.pem"),
    });
    expect((await run(`verifysignature -hk ${h} -if other.bin -is nodesig.bin -raw`)).err).toMatch(
      /^verifysignature: failed, rc 000002db\nTPM_RC_SIGNATURE - /,
    );
  });

  it("signing: RSASSA and RSAPSS with each hash, ECDSA on P-256 and P-384; node:crypto verifies every signature", async () => {
    const rsa = handleOf(await ok("createprimary -hi p -si -pwdk sig -opu si.bin"));
    const rsaKey = nodeKey(publicArea("si.bin"));
    write("si.pem", rsaKey.export({ type: "spki", format: "pem" }));
    const cases = ["rsassa sha1", "rsassa sha512", "rsapss sha256", "rsapss sha384"];
    for (const c of cases) {
      const [scheme, halg] = c.split(" ") as [string, string];
      // -ipu: sign checks its own signature in software against the public key file.
      await ok(`sign -hk ${rsa} -pwdk sig -halg ${halg} -scheme ${scheme} -if msg.bin -os sig.bin -ipu si.bin`);
      const sig = signature("sig.bin");
      expect(sig.sigAlg).toBe(scheme === "rsassa" ? TPM_ALG_ID.RSASSA : TPM_ALG_ID.RSAPSS);
      expect(nodeVerifies(rsaKey, halg, msg, sig), c).toBe(true);
    }
    await ok("verifysignature -ipem si.pem -halg sha384 -if msg.bin -is sig.bin");
    // The TPM's verdict and its ticket, for the key's hierarchy (platform); -ih: the digest instead of the message.
    await ok(`verifysignature -hk ${rsa} -halg sha384 -if msg.bin -is sig.bin -tk tkv.bin`);
    expect(unmarshal(TPMT_TK_VERIFIED, read("tkv.bin"))).toMatchObject({ tag: 0x8022, hierarchy: 0x4000000c });
    write("digest.bin", createHash("sha384").update(msg).digest());
    await ok(`verifysignature -hk ${rsa} -halg sha384 -ih digest.bin -is sig.bin`);
    // A message that was not signed fails in software and in the TPM.
    expect(await run("verifysignature -ipem si.pem -halg sha384 -if other.bin -is sig.bin")).toMatchObject({
      code: 1,
      err: expect.stringContaining("TSS_RC_RSA_SIGNATURE"),
    });
    expect((await run(`verifysignature -hk ${rsa} -halg sha384 -if other.bin -is sig.bin`)).err).toContain(
      "TPM_RC_SIGNATURE",
    );
    // -ipu with another key's public area (another name algorithm: another primary key) fails after signing.
    await ok("createprimary -hi p -si -nalg sha384 -opu si2.bin");
    expect((await run(`sign -hk ${rsa} -pwdk sig -if msg.bin -ipu si2.bin`)).err).toContain("TSS_RC_RSA_SIGNATURE");

    for (const [curve, halg, crv] of [
      ["nistp256", "sha256", "P-256"],
      ["nistp384", "sha384", "P-384"],
    ] as const) {
      const ecc = handleOf(await ok(`createprimary -hi p -si -ecc ${curve} -pwdk sig -opu ecc.bin`));
      const eccKey = nodeKey(publicArea("ecc.bin"));
      write("ecc.pem", eccKey.export({ type: "spki", format: "pem" }));
      await ok(`sign -hk ${ecc} -pwdk sig -salg ecc -halg ${halg} -if msg.bin -os sig.bin -ipu ecc.bin`);
      const sig = signature("sig.bin");
      expect(sig.sigAlg).toBe(TPM_ALG_ID.ECDSA);
      expect(nodeVerifies(eccKey, halg, msg, sig), curve).toBe(true);
      await ok(`verifysignature -hk ${ecc} -halg ${halg} -if msg.bin -is sig.bin`);
      await ok(`verifysignature -ipem ecc.pem -halg ${halg} -if msg.bin -is sig.bin`);
      await ok(`flushcontext -ha ${ecc}`);
      if (curve === "nistp384") continue;
      // A software ECDSA signature (DER, as OpenSSL writes it) with -raw -ecc, checked in software.
      const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: crv });
      write("nodesig.bin", nodeSign(halg, msg, privateKey));
      write("node.pem", publicKey.export({ type: "spki", format: "pem" }));
      await ok(`verifysignature -ipem node.pem -halg ${halg} -if msg.bin -is nodesig.bin -raw -ecc`);
      const bad = await run(`verifysignature -ipem node.pem -halg ${halg} -if other.bin -is nodesig.bin -raw -ecc`);
      expect(bad.err).toContain("TSS_RC_EC_SIGNATURE");
    }
    // Usage: one of -hk, -ipem, -ihmac; -cf for ECDAA; unknown flags.
    expect((await run("verifysignature -if msg.bin -is sig.bin")).err).toContain(
      "Missing handle parameter -hk, PEM file name -ipem, or HMAC key file name -ihmac",
    );
    expect((await run("sign -hk 80000000 -if msg.bin -scheme ecdaa")).err).toContain(
      "Missing counter file name -cf for ECDAA algorithm",
    );
    expect((await run("sign -hk 80000000 -if msg.bin -bogus")).err).toContain("-bogus is not a valid option");
  });

  it("tickets: hash -tk and sequencecomplete -tk let a restricted key sign; TPM-generated-looking data cannot", async () => {
    const sir = handleOf(await ok("createprimary -hi p -sir -halg sha256 -pwdk sig -opu sir.bin"));
    const key = nodeKey(publicArea("sir.bin"));
    // Without a ticket a restricted key refuses.
    expect((await run(`sign -hk ${sir} -pwdk sig -if msg.bin`)).err).toMatch(
      /^sign: failed, rc 000003e0\nTPM_RC_TICKET - .* Parameter number 3\n$/,
    );
    await ok("hash -hi p -if msg.bin -oh h.bin -tk tk.bin");
    const tk = unmarshal(TPMT_TK_HASHCHECK, read("tk.bin")) as any;
    expect(tk).toMatchObject({ tag: 0x8024, hierarchy: 0x4000000c });
    expect(tk.digest.length).toBeGreaterThanOrEqual(32);
    await ok(`sign -hk ${sir} -pwdk sig -if msg.bin -tk tk.bin -os sig.bin`);
    expect(nodeVerifies(key, "sha256", msg, signature("sig.bin"))).toBe(true);
    // The same through a hash sequence (an update, then the last data with -if), completed with a ticket.
    const seq = /^hashsequencestart: handle ([0-9a-f]{8})\n$/.exec(await ok("hashsequencestart -pwda aaa"))![1]!;
    await ok(`sequenceupdate -hs ${seq} -pwds aaa -if msg.bin`);
    await ok(`sequencecomplete -hi p -hs ${seq} -pwds aaa -if aaa -of seq.bin -tk tks.bin`);
    const both = Buffer.concat([msg, Buffer.from("aaa")]);
    expect(read("seq.bin")).toEqual(createHash("sha256").update(both).digest());
    write("both.bin", both);
    await ok(`sign -hk ${sir} -pwdk sig -if both.bin -tk tks.bin -os sig.bin`);
    expect(nodeVerifies(key, "sha256", both, signature("sig.bin"))).toBe(true);
    // A ticket for another message does not do.
    expect((await run(`sign -hk ${sir} -pwdk sig -if aaa -tk tk.bin`)).err).toContain("TPM_RC_TICKET");
    // Data starting with TPM_GENERATED_VALUE gets a NULL ticket, so the key will not sign it.
    write("gen.bin", Buffer.concat([Buffer.from([0xff, 0x54, 0x43, 0x47]), msg]));
    await ok("hash -hi p -if gen.bin -tk tkg.bin");
    expect(unmarshal(TPMT_TK_HASHCHECK, read("tkg.bin"))).toMatchObject({ hierarchy: 0x40000007 });
    expect((await run(`sign -hk ${sir} -pwdk sig -if gen.bin -tk tkg.bin`)).err).toContain("TPM_RC_TICKET");
  });

  it("ECC: eccparameters, ecephemeral + zgen2phase (Z1, Z2 recomputed in node:crypto), commit + ECDAA sign", async () => {
    await ok("eccparameters -cv nistp256 -of p256.bin");
    const params = unmarshal(TPMS_ALGORITHM_DETAIL_ECC, read("p256.bin")) as any;
    expect(params).toMatchObject({ curveID: 3, keySize: 256 });
    expect(Buffer.from(params.p).toString("hex")).toBe(
      "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
    );
    expect(JSON.parse(await ok("eccparameters -cv nistp384 --json")).parameters.keySize).toBe(384);
    expect((await run("eccparameters -cv p256")).err).toContain("bad parameter p256 for -cv");

    // Party A in the TPM: a static key and an ephemeral one; party B in node:crypto.
    const a = handleOf(await ok("createprimary -hi p -den -ecc nistp256 -pwdk dka -opu qsa.bin"));
    const verbose = await ok("ecephemeral -ecc nistp256 -oq qea.bin -cf counter.bin -v");
    expect(verbose).toContain(`counter is ${unmarshal(UINT16, read("counter.bin"))}\n`);
    const staticB = createECDH("prime256v1");
    const ephemeralB = createECDH("prime256v1");
    for (const [name, k] of [
      ["qsb.bin", staticB],
      ["qeb.bin", ephemeralB],
    ] as const) {
      const pub = k.generateKeys();
      write(name, marshal(TPM2B_ECC_POINT, { point: { x: pub.subarray(1, 33), y: pub.subarray(33) } } as never));
    }
    const zgen = `zgen2phase -hk ${a} -pwdk dka -qsb qsb.bin -qeb qeb.bin -cf counter.bin`;
    await ok(`${zgen} -scheme ecdh -z1 z1.bin -z2 z2.bin`);
    // ECDH two-phase: Z1 = [dsA]QsB, Z2 = [deA]QeB; B gets the same x-coordinates from its side.
    const uncompressed = (p: any) => Buffer.concat([Buffer.from([4]), p.x, p.y]);
    expect(Buffer.from(point("z1.bin").x)).toEqual(
      staticB.computeSecret(uncompressed(publicArea("qsa.bin").unique.ecc)),
    );
    expect(Buffer.from(point("z2.bin").x)).toEqual(ephemeralB.computeSecret(uncompressed(point("qea.bin"))));
    // The ephemeral key is used up; the counter file is required.
    expect((await run(zgen)).code).toBe(1);
    expect((await run(`zgen2phase -hk ${a} -qsb qsb.bin -qeb qeb.bin`)).err).toContain("-cf");

    // ECC_Encrypt / ECC_Decrypt: swtpm (libtpms) lacks them; the files are read and the command is sent.
    expect((await run(`eccencrypt -hk ${a} -id aaa -oc1 c1.bin -oc2 c2.bin -oc3 c3.bin`)).err).toMatch(
      /^eccencrypt: failed, rc 00000143\nTPM_RC_COMMAND_CODE - /,
    );
    write("c1.bin", read("qsb.bin"));
    write("c2.bin", Buffer.from([0, 3, 1, 2, 3]));
    write("c3.bin", Buffer.concat([Buffer.from([0, 32]), Buffer.alloc(32, 7)]));
    const eccdecrypt = `eccdecrypt -hk ${a} -pwdk dka -ic1 c1.bin -ic2 c2.bin -ic3 c3.bin -od p.bin`;
    expect((await run(eccdecrypt)).err).toMatch(/^eccdecrypt: failed, rc 00000143\nTPM_RC_COMMAND_CODE - /);
    expect((await run(`eccdecrypt -hk ${a} -ic1 c1.bin -od p.bin`)).err).toContain("Missing input -ic1 -ic2 -ic3");
    write("c3.bin", Buffer.from([0, 40]));
    expect((await run(eccdecrypt)).err).toContain("c3.bin is not a TPM2B_DIGEST");
    await ok(`flushcontext -ha ${a}`);

    // Commit, then an ECDAA signature with its counter (a BN P-256 key made through the library).
    const daa = hex8(await createEcdaaKey(cli));
    await ok(`commit -hk ${daa} -Ef e.bin -Kf k.bin -Lf l.bin -cf cf.bin`);
    expect(point("e.bin").x).toHaveLength(32);
    // No P1: K and L come back empty (both coordinates of size 0).
    expect(read("k.bin")).toEqual(Buffer.from([0, 4, 0, 0, 0, 0]));
    await ok(`sign -hk ${daa} -scheme ecdaa -cf cf.bin -if msg.bin -os daa.bin`);
    const sig = signature("daa.bin");
    expect(sig.sigAlg).toBe(TPM_ALG_ID.ECDAA);
    expect(sig.signature.ecdaa.signatureS.length).toBeGreaterThan(0);
    // The commit is used up by that signature.
    expect((await run(`sign -hk ${daa} -scheme ecdaa -cf cf.bin -if msg.bin`)).code).toBe(1);
  });

  it.skipIf(!IBM)(
    "files cross both ways with IBM's utilities: signatures, tickets, ciphertexts, PEM, ECC parameters",
    async () => {
      const rsa = handleOf(await ok("createprimary -hi p -si -pwdk sig -opu si.bin"));
      // IBM signs, we verify (TPM, and software with IBM's PEM); we sign, IBM verifies (TPM and its software).
      await ibm(`sign -hk ${rsa} -pwdk sig -if msg.bin -os ibmsig.bin`);
      expect(nodeVerifies(nodeKey(publicArea("si.bin")), "sha256", msg, signature("ibmsig.bin"))).toBe(true);
      await ibm(`readpublic -ho ${rsa} -opem ibm.pem`);
      await ok(`verifysignature -hk ${rsa} -if msg.bin -is ibmsig.bin -tk tk-ours.bin`);
      await ok("verifysignature -ipem ibm.pem -if msg.bin -is ibmsig.bin");
      await ok(`sign -hk ${rsa} -pwdk sig -if msg.bin -os oursig.bin`);
      await ibm(`verifysignature -hk ${rsa} -if msg.bin -is oursig.bin -tk tk-ibm.bin`);
      await ibm("verifysignature -ipem ibm.pem -if msg.bin -is oursig.bin");
      // RSASSA is deterministic: the same signature, and the same verified ticket from both.
      expect(read("oursig.bin")).toEqual(read("ibmsig.bin"));
      expect(read("tk-ours.bin")).toEqual(read("tk-ibm.bin"));
      await ok(`flushcontext -ha ${rsa}`);

      // Hash tickets: the same bytes; IBM's ticket lets our sign use a restricted key, and the reverse.
      const sir = handleOf(await ok("createprimary -hi p -sir -pwdk sig"));
      await ok("hash -hi p -if msg.bin -oh h-ours.bin -tk tkh-ours.bin");
      await ibm("hash -hi p -if msg.bin -oh h-ibm.bin -tk tkh-ibm.bin");
      expect(read("h-ours.bin")).toEqual(read("h-ibm.bin"));
      expect(read("tkh-ours.bin")).toEqual(read("tkh-ibm.bin"));
      await ok(`sign -hk ${sir} -pwdk sig -if msg.bin -tk tkh-ibm.bin`);
      await ibm(`sign -hk ${sir} -pwdk sig -if msg.bin -tk tkh-ours.bin`);
      await ok(`flushcontext -ha ${sir}`);

      // RSA ciphertexts both ways (RSAES key).
      const dee = handleOf(await ok("createprimary -hi p -dee -pwdk dec"));
      await ok(`rsaencrypt -hk ${dee} -id msg.bin -oe enc-ours.bin`);
      await ibm(`rsadecrypt -hk ${dee} -pwdk dec -ie enc-ours.bin -od dec-ibm.bin`);
      expect(read("dec-ibm.bin")).toEqual(msg);
      await ibm(`rsaencrypt -hk ${dee} -id msg.bin -oe enc-ibm.bin`);
      await ok(`rsadecrypt -hk ${dee} -pwdk dec -ie enc-ibm.bin -od dec-ours.bin`);
      expect(read("dec-ours.bin")).toEqual(msg);
      await ok(`flushcontext -ha ${dee}`);

      // ECC: the same parameter structures; ECDSA signatures both ways; IBM's ephemeral point file read back.
      for (const curve of ["nistp256", "bnp256"]) {
        await ok(`eccparameters -cv ${curve} -of ours.bin`);
        await ibm(`eccparameters -cv ${curve} -of ibm.bin`);
        expect(read("ours.bin"), curve).toEqual(read("ibm.bin"));
      }
      const ecc = handleOf(await ok("createprimary -hi p -si -ecc nistp256 -opu ecc.bin"));
      await ibm(`sign -hk ${ecc} -ecc -if msg.bin -os ibmecc.bin`);
      expect(nodeVerifies(nodeKey(publicArea("ecc.bin")), "sha256", msg, signature("ibmecc.bin"))).toBe(true);
      await ok(`verifysignature -hk ${ecc} -if msg.bin -is ibmecc.bin`);
      await ok(`sign -hk ${ecc} -ecc -if msg.bin -os ourecc.bin`);
      await ibm(`verifysignature -hk ${ecc} -ecc -if msg.bin -is ourecc.bin`);
      await ibm("ecephemeral -ecc nistp256 -oq ibmq.bin");
      expect(point("ibmq.bin").x).toHaveLength(32);
    },
  );
});
