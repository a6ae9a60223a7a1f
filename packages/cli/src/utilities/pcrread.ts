/** pcrread: TPM2_PCR_Read of one PCR in one or more banks. */
import { marshal, TPM_CC, TPML_DIGEST, TPML_PCR_SELECTION, UINT32 } from "@tss/marshal";
import { HASH_NAMES, hashFlag, named } from "../algorithms.js";
import { pcrSelect } from "../pcr-select.js";
import { hexString, printAll } from "../print-all.js";
import { softwareCrypto } from "../software-crypto.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** The most -halg banks (IBM's HASH_COUNT). */
const MAX_BANKS = 4;

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** pcrread -ha pcr [-halg alg ...] [-of file] [-ahalg alg -iosad file] [-ns] [-se0 handle attributes]. */
export const pcrread: Utility = {
  name: "pcrread",
  summary: "Runs TPM2_PCR_Read",
  flags: {
    "-ha": "dec",
    "-halg": "list",
    "-of": "string",
    "-ahalg": "string",
    "-iosad": "string",
    "-ns": "switch",
    "-se0": "session",
  },
  usage: [
    "\t-ha\tpcr handle",
    "\t[-halg\t(sha1, sha256, sha384, sha512) (default sha256)]",
    "\t\t-halg may be specified more than once",
    "\t[-of\tdata file for first algorithm specified, in binary]",
    "\t[-ahalg\t to extend session audit digest for testing (sha1, sha256, sha384, sha512) (default sha256)]",
    "\t[-iosad\t file for session audit digest testing]",
    "\t[-ns\tno space, no text, no newlines]",
    "\t\tUsed for scripting policy construction",
    "",
    "\t-se0 session handle / attributes (default NULL)",
    "\t01\tcontinue",
    "\t80\taudit",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const pcr = f.number("-ha");
    if (pcr === undefined || pcr > 23) throw new UsageError("Missing or bad PCR handle parameter -ha");
    const names = f.list("-halg");
    if (names.length > MAX_BANKS) throw new UsageError(`Too many -halg specifiers, ${MAX_BANKS} permitted`);
    const algs = (names.length ? names : ["sha256"]).map((n) => named(HASH_NAMES, "-halg", n));
    const ahalg = hashFlag("-ahalg", f.string("-ahalg"));
    const pcrSelectionIn = algs.map((hash) => ({ hash, pcrSelect: pcrSelect(pcr) }));
    const tss = await ctx.tss();
    const sessions = ctx.sessions(false);
    const out = await tss.pcrRead({ pcrSelectionIn }, sessions ? { sessions } : {});
    const digests = out.pcrValues as Uint8Array[];
    const of = f.string("-of");
    // As IBM's: nothing is written when the TPM returns no digest (the bank is not allocated).
    if (of !== undefined && digests[0]) await ctx.writeFile(of, digests[0]);

    const sad = f.string("-iosad");
    if (sad !== undefined) {
      // The session audit digest this command adds: H(old || cpHash || rpHash), as a TPM would for an audit session.
      const crypto = await softwareCrypto();
      const cc = new Uint8Array(4);
      new DataView(cc.buffer).setUint32(0, TPM_CC.PCR_Read);
      const cpHash = await crypto.hash(ahalg, concat(cc, marshal(TPML_PCR_SELECTION, pcrSelectionIn)));
      const rp = concat(
        marshal(UINT32, out.pcrUpdateCounter as number),
        marshal(TPML_PCR_SELECTION, out.pcrSelectionOut),
        marshal(TPML_DIGEST, digests),
      );
      const rpHash = await crypto.hash(ahalg, concat(new Uint8Array(4), cc, rp));
      const old = await ctx.readFile(sad);
      if (old.length !== cpHash.length)
        ctx.print(`pcrread: -ahalg size ${cpHash.length} does not match digest size ${old.length} from ${sad}\n`);
      const padded = new Uint8Array(cpHash.length);
      padded.set(old.subarray(0, padded.length));
      const digest = await crypto.hash(ahalg, concat(padded, cpHash, rpHash));
      if (ctx.verbose) ctx.print(printAll("Session digest old", padded) + printAll("Session digest new", digest));
      await ctx.writeFile(sad, digest);
    }

    ctx.result({
      pcrUpdateCounter: out.pcrUpdateCounter,
      // The TPM answers in pcrSelectionOut's order and leaves out banks it has not allocated.
      digests: (out.pcrSelectionOut as { hash: number; pcrSelect: Uint8Array }[])
        .filter((s) => s.pcrSelect.some((b) => b !== 0))
        .map((s, i) => ({
          hashAlg: Object.keys(HASH_NAMES).find((k) => HASH_NAMES[k] === s.hash) ?? s.hash,
          digest: digests[i] ? hexString(digests[i]) : null,
        })),
    });
    if (f.has("-ns")) {
      ctx.print(digests.length ? digests.map((d) => `${hexString(d)}\n`).join("") : `count ${digests.length}\n`);
    } else {
      ctx.print(
        `count ${digests.length} pcrUpdateCounter ${out.pcrUpdateCounter} \n${digests.map((d) => printAll("digest", d)).join("")}`,
      );
    }
  },
};
