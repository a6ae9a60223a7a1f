// The symmetric crypto, hash and RNG utilities as the built `tss` binary, one
// process per call, against a private swtpm, in the flows of IBM's AES, HMAC,
// hash and RNG regression groups, each result recomputed with node:crypto
// from keys the test loaded (LoadExternal through the library):
// encryptdecrypt (TPM2_EncryptDecrypt and, with -2, EncryptDecrypt2, also
// under an encrypting session), hmac / hmacstart + sequenceupdate +
// sequencecomplete, sign -salg hmac with verifysignature -ihmac, hash (-ns,
// -oh, -tk), hash and event sequences (eventsequencecomplete into a PCR),
// getrandom and stirrandom; and files and sequence handles crossing both ways
// with Debian's IBM TSS utilities (tss2 1.4.5).
import { createCipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TPM_ALG_ID, TPMT_SIGNATURE, TPMT_TK_HASHCHECK, unmarshal } from "@tss/marshal";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { flushTransients, loadAesKey, loadHmacKey, withTpm } from "./support/cli-known-keys.js";
import { type CliEnv, haveIbmTss, ibmOk, type RunResult, startCliEnv, tssOk } from "./support/cli-runner.js";

const IBM = haveIbmTss();
const hex8 = (n: number) => n.toString(16).padStart(8, "0");

/** AES-CFB with an all-zero IV, as encryptdecrypt asks of the TPM. */
function aesCfb(key: Buffer, data: Buffer): Buffer {
  const c = createCipheriv(`aes-${key.length * 8}-cfb`, key, Buffer.alloc(16));
  return Buffer.concat([c.update(data), c.final()]);
}

/** The PCR value after an extend: H(old || digest). */
const extended = (hash: string, old: Uint8Array, digest: Uint8Array) =>
  createHash(hash).update(old).update(digest).digest();

describe("symmetric crypto, hash and RNG utilities against swtpm", () => {
  let cli: CliEnv;
  const msg = randomBytes(100);
  const read = (name: string) => readFileSync(join(cli.dir, name));
  const write = (name: string, data: Uint8Array | string) => writeFileSync(join(cli.dir, name), data);
  /** `tss <command line>` (arguments split at spaces). */
  const run = (line: string): Promise<RunResult> => cli.tss(...line.split(" "));
  /** The same, expecting exit status 0; returns standard output. */
  const ok = (line: string): Promise<string> => tssOk(cli, ...line.split(" "));
  /** IBM's tss<utility> with the command line, expecting exit status 0. */
  const ibm = (line: string): Promise<string> => {
    const [utility, ...args] = line.split(" ");
    return ibmOk(cli, utility!, ...args);
  };
  const sequenceOf = (out: string) => /^\w+: handle ([0-9a-f]{8})\n$/.exec(out)![1]!;
  /** A PCR's SHA-256 value, read through the library. */
  const pcr16 = () =>
    withTpm(cli, async (tss) => {
      const out = await tss.pcrRead({
        pcrSelectionIn: [{ hash: TPM_ALG_ID.SHA256, pcrSelect: Uint8Array.of(0, 0, 1) }],
      });
      return (out.pcrValues as Uint8Array[])[0]!;
    });

  beforeAll(async () => {
    cli = await startCliEnv();
    write("msg.bin", msg);
  }, 180_000);
  afterEach(async () => {
    await flushTransients(cli);
  });
  afterAll(async () => {
    await cli?.stop();
  });

  it("every crypto utility: -h prints the usage and exits 1, as IBM's; an unknown flag exits 1", async () => {
    const names = ["sign", "verifysignature", "rsaencrypt", "rsadecrypt", "eccencrypt", "eccdecrypt"];
    names.push("encryptdecrypt", "hmac", "hash", "hmacstart", "hashsequencestart", "sequenceupdate");
    names.push("sequencecomplete", "eventsequencecomplete", "commit", "ecephemeral", "eccparameters", "zgen2phase");
    names.push("getrandom", "stirrandom");
    for (let i = 0; i < names.length; i += 10) {
      const batch = names.slice(i, i + 10);
      const helps = await Promise.all(batch.map((n) => cli.tss(n, "-h")));
      batch.forEach((n, j) => {
        expect(helps[j]!.code, `${n} -h`).toBe(1);
        expect(helps[j]!.out, `${n} -h`).toContain(`\n${n}\n`);
      });
    }
    // (Every utility's unknown-flag error: packages/cli's in-process tests.)
    expect(await cli.tss("hash", "-ic", "abc", "-nosuchflag")).toMatchObject({
      code: 1,
      err: expect.stringContaining("-nosuchflag is not a valid option"),
    });
    if (IBM) {
      const theirs = await Promise.all(["hash", "rsadecrypt", "encryptdecrypt"].map((n) => cli.ibm(n, "-h")));
      for (const r of theirs) expect(r.code).toBe(1);
    }
  });

  it("AES: encryptdecrypt both ways (TPM2_EncryptDecrypt, and EncryptDecrypt2 with -2) is node:crypto's AES-CFB", async () => {
    const key = randomBytes(16);
    const h = hex8(await loadAesKey(cli, key, "aes"));
    const verbose = await ok(`encryptdecrypt -hk ${h} -pwdk aes -if msg.bin -of enc.bin -v`);
    expect(read("enc.bin")).toEqual(aesCfb(key, msg));
    expect(verbose).toMatch(/^ outData length 100\n/);
    await ok(`encryptdecrypt -hk ${h} -pwdk aes -d -if enc.bin -of dec.bin`);
    expect(read("dec.bin")).toEqual(msg);
    await ok(`encryptdecrypt -hk ${h} -pwdk aes -2 -if msg.bin -of enc2.bin`);
    expect(read("enc2.bin")).toEqual(read("enc.bin"));
    // -2 under an HMAC session that encrypts the data both ways (the first parameter of EncryptDecrypt2 is the data).
    const session = /Handle ([0-9a-f]{8})/.exec(await ok("startauthsession -se h"))![1]!;
    await ok(`encryptdecrypt -hk ${h} -pwdk aes -2 -d -if enc2.bin -of dec2.bin -se0 ${session} 61`);
    expect(read("dec2.bin")).toEqual(msg);
    await ok(`flushcontext -ha ${session}`);
    // An empty file, as IBM's regression encrypts, and a wrong password.
    write("zero.bin", "");
    await ok(`encryptdecrypt -hk ${h} -pwdk aes -if zero.bin -of enc0.bin`);
    expect(read("enc0.bin")).toHaveLength(0);
    expect((await run(`encryptdecrypt -hk ${h} -pwdk x -if msg.bin`)).err).toContain("TPM_RC_BAD_AUTH");
    // AES-256.
    const key256 = randomBytes(32);
    const h256 = hex8(await loadAesKey(cli, key256, ""));
    const json = JSON.parse(await ok(`encryptdecrypt -hk ${h256} -if msg.bin --json`));
    expect(Buffer.from(json.outData, "hex")).toEqual(aesCfb(key256, msg));
    expect((await run(`encryptdecrypt -hk ${h256}`)).err).toContain("-if");
  });

  it("HMAC: hmac, hmacstart + sequenceupdate + sequencecomplete, sign -salg hmac with verifysignature -ihmac", async () => {
    const key = randomBytes(32);
    write("hmackey.bin", key);
    const h = hex8(await loadHmacKey(cli, key, "khk", TPM_ALG_ID.SHA256));
    const mac = (data: Buffer) => createHmac("sha256", key).update(data).digest();
    await ok(`hmac -hk ${h} -pwdk khk -if msg.bin -os mac.bin`);
    expect(read("mac.bin")).toEqual(mac(msg));
    const verbose = await ok(`hmac -hk ${h} -pwdk khk -ic 1234567890123456 -v`);
    const printed = [
      ...verbose
        .split("\n")
        .slice(1, 3)
        .join(" ")
        .matchAll(/([0-9a-f]{2}) /g),
    ].map((m) => Number.parseInt(m[1]!, 16));
    expect(verbose.startsWith(" HMAC length 32\n")).toBe(true);
    expect(Buffer.from(printed)).toEqual(mac(Buffer.from("1234567890123456")));
    // Under an HMAC session (the key's Name comes from ReadPublic).
    const session = /Handle ([0-9a-f]{8})/.exec(await ok("startauthsession -se h"))![1]!;
    await ok(`hmac -hk ${h} -pwdk khk -if msg.bin -os mac2.bin -se0 ${session} 1`);
    expect(read("mac2.bin")).toEqual(mac(msg));
    await ok(`flushcontext -ha ${session}`);
    // A sequence over three processes and more data than one command carries.
    const part = randomBytes(1024);
    write("part.bin", part);
    const seq = sequenceOf(await ok(`hmacstart -hk ${h} -pwdk khk -pwda aaa`));
    await ok(`sequenceupdate -hs ${seq} -pwds aaa -if part.bin`);
    await ok(`sequenceupdate -hs ${seq} -pwds aaa -if part.bin`);
    await ok(`sequencecomplete -hs ${seq} -pwds aaa -if msg.bin -of seq.bin`);
    expect(read("seq.bin")).toEqual(mac(Buffer.concat([part, part, msg])));
    // sign with the HMAC key: the MAC of the message's digest, checked in software and by the TPM.
    await ok(`sign -hk ${h} -pwdk khk -salg hmac -if msg.bin -os sig.bin`);
    const sig = unmarshal(TPMT_SIGNATURE, read("sig.bin")) as any;
    expect(sig.sigAlg).toBe(TPM_ALG_ID.HMAC);
    expect(Buffer.from(sig.signature.hmac.digest.sha256)).toEqual(mac(createHash("sha256").update(msg).digest()));
    await ok("verifysignature -ihmac hmackey.bin -if msg.bin -is sig.bin");
    await ok(`verifysignature -hk ${h} -if msg.bin -is sig.bin`);
    write("other.bin", "another message");
    expect(await run("verifysignature -ihmac hmackey.bin -if other.bin -is sig.bin")).toMatchObject({
      code: 1,
      err: expect.stringContaining("TSS_RC_HMAC_VERIFY"),
    });
    // -if and -ic: exactly one.
    expect((await run(`hmac -hk ${h} -if msg.bin -ic abc`)).err).toContain("cannot both be specified");
    expect((await run(`hmac -hk ${h}`)).err).toContain("Input file -if or input string -ic must be specified");
  });

  it("hash: every algorithm as node:crypto's, -ns, -oh, -tk hierarchies; a hash sequence over 3 KB", async () => {
    for (const halg of ["sha1", "sha256", "sha384", "sha512"]) {
      const out = await ok(`hash -halg ${halg} -ic abc -ns`);
      expect(out, halg).toBe(`${createHash(halg).update("abc").digest("hex")}\n`);
    }
    // Without -v or -ns IBM's prints nothing; -v prints the digest.
    expect(await ok("hash -if msg.bin -oh h.bin")).toBe("");
    expect(read("h.bin")).toEqual(createHash("sha256").update(msg).digest());
    expect(await ok("hash -if msg.bin -v")).toMatch(/^ Hash length 32\n( ([0-9a-f]{2} ){16}\n){2}hash: success\n$/);
    await ok("hash -hi e -ic abc -tk tk.bin");
    expect(unmarshal(TPMT_TK_HASHCHECK, read("tk.bin"))).toMatchObject({ tag: 0x8024, hierarchy: 0x4000000b });
    expect((await run("hash -hi x -ic abc")).err).toContain("bad parameter x for -hi");
    write("big.bin", Buffer.alloc(1025));
    expect((await run("hash -if big.bin")).err).toContain("Input data too long 1025");
    // More than one TPM2_Hash takes: a sequence.
    const part = randomBytes(1024);
    write("part.bin", part);
    const seq = sequenceOf(await ok("hashsequencestart -halg sha512 -pwda x"));
    for (let i = 0; i < 3; i++) await ok(`sequenceupdate -hs ${seq} -pwds x -if part.bin`);
    await ok(`sequencecomplete -hs ${seq} -pwds x -of seq.bin`);
    expect(read("seq.bin")).toEqual(
      createHash("sha512")
        .update(Buffer.concat([part, part, part]))
        .digest(),
    );
  });

  it("eventsequencecomplete: each bank's digest as node:crypto's, extended into PCR 16; --json", async () => {
    const before = await pcr16();
    const seq = sequenceOf(await ok("hashsequencestart -halg null -pwda ev"));
    await ok(`sequenceupdate -hs ${seq} -pwds ev -if msg.bin`);
    write("last.bin", "the last event data");
    const out = await ok(
      `eventsequencecomplete -hs ${seq} -pwds ev -if last.bin -ha 16 -of1 e1.bin -of2 e2.bin -of3 e3.bin -of5 e5.bin`,
    );
    expect(out).toMatch(/^eventsequencecomplete: success\neventsequencecomplete: count [1-9]\n$/);
    const event = Buffer.concat([msg, Buffer.from("the last event data")]);
    for (const [f, halg] of [
      ["e1.bin", "sha1"],
      ["e2.bin", "sha256"],
      ["e3.bin", "sha384"],
      ["e5.bin", "sha512"],
    ] as const) {
      expect(read(f), halg).toEqual(createHash(halg).update(event).digest());
    }
    expect(Buffer.from(await pcr16())).toEqual(extended("sha256", before, read("e2.bin")));
    // --json; no PCR (-ha default TPM_RH_NULL): nothing extended.
    const seq2 = sequenceOf(await ok("hashsequencestart -halg null"));
    const json = JSON.parse(await ok(`eventsequencecomplete -hs ${seq2} -if last.bin --json`));
    const sha256 = json.results.find((r: { hashAlg: number }) => r.hashAlg === TPM_ALG_ID.SHA256);
    expect(sha256.digest).toBe(createHash("sha256").update("the last event data").digest("hex"));
    expect(Buffer.from(await pcr16())).toEqual(extended("sha256", before, read("e2.bin")));
  });

  it("sequences under an HMAC session: the sequence object's Name is empty (no ReadPublic, which the TPM refuses for sequences)", async () => {
    const session = /Handle ([0-9a-f]{8})/.exec(await ok("startauthsession -se h"))![1]!;
    const seq = sequenceOf(await ok("hashsequencestart -pwda aaa"));
    await ok(`sequenceupdate -hs ${seq} -pwds aaa -if msg.bin -se0 ${session} 1`);
    await ok(`sequencecomplete -hs ${seq} -pwds aaa -of seq.bin -se0 ${session} 1`);
    expect(read("seq.bin")).toEqual(createHash("sha256").update(msg).digest());
  });

  it("RNG: getrandom's layouts, -nz with its nul, the -by range; stirrandom", async () => {
    expect(await ok("getrandom -by 100 -ns")).toMatch(/^[0-9a-f]{200}\n$/);
    const printed = await ok("getrandom -by 20");
    expect(printed).toMatch(/^ randomBytes length 20\n ([0-9a-f]{2} ){16}\n ([0-9a-f]{2} ){4}\n$/);
    await ok("getrandom -by 64 -nz -of nz.bin");
    const nz = read("nz.bin");
    expect(nz).toHaveLength(65);
    expect(nz[64]).toBe(0);
    expect(nz.subarray(0, 64).includes(0)).toBe(false);
    expect(JSON.parse(await ok("getrandom -by 8 --json")).randomBytes).toMatch(/^[0-9a-f]{16}$/);
    for (const by of ["0", "65536"])
      expect((await run(`getrandom -by ${by}`)).err).toContain("Missing or bad parameter -by");
    write("stir.bin", randomBytes(64));
    expect(await ok("stirrandom -if stir.bin")).toBe("");
    write("stir.bin", randomBytes(129));
    expect((await run("stirrandom -if stir.bin")).code).toBe(1);
    expect((await run("stirrandom")).err).toContain("-if");
    if (IBM)
      expect(await ibm("getrandom -by 20")).toMatch(
        /^ randomBytes length 20\n ([0-9a-f]{2} ){16}\n ([0-9a-f]{2} ){4}\n$/,
      );
  });

  it.skipIf(!IBM)(
    "IBM's utilities: the same HMACs and ciphertexts; sequence handles passed between the two",
    async () => {
      const key = randomBytes(32);
      const h = hex8(await loadHmacKey(cli, key, "khk", TPM_ALG_ID.SHA256));
      await ok(`hmac -hk ${h} -pwdk khk -if msg.bin -os mac-ours.bin`);
      await ibm(`hmac -hk ${h} -pwdk khk -if msg.bin -os mac-ibm.bin`);
      expect(read("mac-ours.bin")).toEqual(read("mac-ibm.bin"));
      // IBM starts an HMAC sequence; the two update it in turn; ours completes it. And the reverse for a hash.
      const started = await ibm(`hmacstart -hk ${h} -pwdk khk -pwda aaa`);
      const seq = sequenceOf(started);
      const other = await ok(`hmacstart -hk ${h} -pwdk khk`);
      expect(other).toMatch(/^hmacstart: handle [0-9a-f]{8}\n$/);
      await ok(`flushcontext -ha ${sequenceOf(other)}`);
      await ok(`sequenceupdate -hs ${seq} -pwds aaa -if msg.bin`);
      await ibm(`sequenceupdate -hs ${seq} -pwds aaa -if msg.bin`);
      await ok(`sequencecomplete -hs ${seq} -pwds aaa -of seq.bin`);
      expect(read("seq.bin")).toEqual(
        createHmac("sha256", key)
          .update(Buffer.concat([msg, msg]))
          .digest(),
      );
      const ours = await ok("hashsequencestart -halg sha384 -pwda bbb");
      expect(ours).toMatch(/^hashsequencestart: handle [0-9a-f]{8}\n$/);
      await ibm(`sequenceupdate -hs ${sequenceOf(ours)} -pwds bbb -if msg.bin`);
      await ibm(`sequencecomplete -hs ${sequenceOf(ours)} -pwds bbb -of seq-ibm.bin`);
      expect(read("seq-ibm.bin")).toEqual(createHash("sha384").update(msg).digest());
      // Ciphertexts both ways, and the same bytes for -2.
      const aes = randomBytes(16);
      const a = hex8(await loadAesKey(cli, aes, "aes"));
      await ok(`encryptdecrypt -hk ${a} -pwdk aes -if msg.bin -of enc-ours.bin`);
      await ibm(`encryptdecrypt -hk ${a} -pwdk aes -d -if enc-ours.bin -of dec-ibm.bin`);
      expect(read("dec-ibm.bin")).toEqual(msg);
      await ibm(`encryptdecrypt -hk ${a} -pwdk aes -2 -if msg.bin -of enc-ibm.bin`);
      expect(read("enc-ibm.bin")).toEqual(read("enc-ours.bin"));
      await ok(`encryptdecrypt -hk ${a} -pwdk aes -d -2 -if enc-ibm.bin -of dec-ours.bin`);
      expect(read("dec-ours.bin")).toEqual(msg);
      // An event sequence started by IBM's, completed by ours. (IBM's 1.4.5 eventsequencecomplete cannot read
      // swtpm's four banks: TPM_RC_SIZE from its own unmarshalling.)
      const ev = sequenceOf(await ibm("hashsequencestart -halg null"));
      await ibm(`sequenceupdate -hs ${ev} -if msg.bin`);
      await ok(`eventsequencecomplete -hs ${ev} -of2 ev.bin`);
      expect(read("ev.bin")).toEqual(createHash("sha256").update(msg).digest());
    },
  );
});
