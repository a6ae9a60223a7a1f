/** nvdefinespace: TPM2_NV_DefineSpace with the IBM utility's type and attribute flags. */
import { digestSize, TPM_NT, TPMA_NV, withTpmaNvType } from "@tss/marshal";
import { hashFlag } from "../algorithms.js";
import { SESSION_FLAGS } from "../flags.js";
import { hierarchyFlag } from "../hierarchies.js";
import { nvIndexFlag } from "../nv-flags.js";
import { hex8 } from "../print-all.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** +at names (attributes to add). */
const ADD_ATTRIBUTES: Readonly<Record<string, number>> = {
  ppw: TPMA_NV.PPWRITE,
  ppr: TPMA_NV.PPREAD,
  ow: TPMA_NV.OWNERWRITE,
  or: TPMA_NV.OWNERREAD,
  aw: TPMA_NV.AUTHWRITE,
  ar: TPMA_NV.AUTHREAD,
  wd: TPMA_NV.WRITEDEFINE,
  gl: TPMA_NV.GLOBALLOCK,
  rst: TPMA_NV.READ_STCLEAR,
  wst: TPMA_NV.WRITE_STCLEAR,
  wa: TPMA_NV.WRITEALL,
  ody: TPMA_NV.ORDERLY,
  pold: TPMA_NV.POLICY_DELETE,
  stc: TPMA_NV.CLEAR_STCLEAR,
};
/** -at names (attributes to remove). */
const REMOVE_ATTRIBUTES: Readonly<Record<string, number>> = {
  ppw: TPMA_NV.PPWRITE,
  ppr: TPMA_NV.PPREAD,
  ow: TPMA_NV.OWNERWRITE,
  or: TPMA_NV.OWNERREAD,
  aw: TPMA_NV.AUTHWRITE,
  ar: TPMA_NV.AUTHREAD,
  pw: TPMA_NV.POLICYWRITE,
  pr: TPMA_NV.POLICYREAD,
  da: TPMA_NV.NO_DA,
};
/** -ty letters: ordinary, counter, bits, extend, pin pass, pin fail. */
const INDEX_TYPES: Readonly<Record<string, number>> = {
  o: TPM_NT.ORDINARY,
  c: TPM_NT.COUNTER,
  b: TPM_NT.BITS,
  e: TPM_NT.EXTEND,
  p: TPM_NT.PIN_PASS,
  f: TPM_NT.PIN_FAIL,
};

function lookup(table: Readonly<Record<string, number>>, flag: string, name: string): number {
  const v = Object.hasOwn(table, name) ? table[name] : undefined;
  if (v === undefined) throw new UsageError(`bad parameter ${name} for ${flag}`);
  return v;
}

/** nvdefinespace -ha index -hi o|p [-pwdp] [-hia o|p] [-pwdn] [-nalg] [-sz] [-ty] [-pol] [+at ...] [-at ...]. */
export const nvdefinespace: Utility = {
  name: "nvdefinespace",
  summary: "Runs TPM2_NV_DefineSpace",
  flags: {
    "-ha": "hex",
    "-hi": "string",
    "-pwdp": "string",
    "-hia": "string",
    "-pwdn": "string",
    "-nalg": "string",
    "-sz": "dec",
    "-ty": "list",
    "-pol": "string",
    "+at": "list",
    "-at": "list",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-ha\tNV index handle",
    "\t\t01xxxxxx",
    "\t-hi\tauthorizing hierarchy (o, p)",
    "\t\to owner, p platform",
    "\t\tp sets PLATFORMCREATE",
    "\t[-pwdp\tpassword for hierarchy (default empty)]",
    "\t[-hia\thierarchy authorization (o, p)(default index authorization)]",
    "",
    "\t\tdefault  AUTHWRITE, AUTHREAD",
    "\t\to sets  OWNERWRITE, OWNERREAD",
    "\t\tp sets  PPWRITE, PPREAD (platform)",
    "",
    "\t[-pwdn\tpassword for NV index (default empty)]",
    "\t\tsets AUTHWRITE (if not PIN index), AUTHREAD",
    "\t[-nalg\tname algorithm (sha1, sha256, sha384 sha512) (default sha256)]",
    "\t[-sz\tdata size in decimal (default 0)]",
    "\t\tIgnored for other than ordinary index",
    "\t[-ty\tindex type (o, c, b, e, p, f) (default ordinary)]",
    "\t\tordinary, counter, bits, extend, pin pass, pin fail",
    "\t[-pol\tpolicy file (default empty)]",
    "\t\tsets POLICYWRITE, POLICYREAD",
    "\t[+at\tattributes to add (may be specified more than once)]",
    "",
    "\t\tppw   (PPWRITE)\t\tppr (PPREAD)",
    "\t\tow    (OWNERWRITE)\tor  (OWNERREAD)",
    "\t\taw    (AUTHWRITE)\tar  (AUTHREAD)",
    "\t\twd    (WRITEDEFINE)\tgl  (GLOBALLOCK)",
    "\t\trst   (READ_STCLEAR)\twst (WRITE_STCLEAR)",
    "\t\twa    (WRITEALL)\tody (ORDERLY)",
    "\t\tpold  (POLICY_DELETE)\tstc (CLEAR_STCLEAR)",
    "",
    "\t[-at\tattributes to delete (may be specified more than once)]",
    "",
    "\t\tppw   (PPWRITE)\t\tppr (PPREAD)",
    "\t\tow    (OWNERWRITE)\tor  (OWNERREAD)",
    "\t\taw    (AUTHWRITE)\tar  (AUTHREAD)",
    "\t\tpw    (POLICYWRITE)\tpr  (POLICYREAD)",
    "\t\tda    (NO_DA) (default set)",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const nvIndex = nvIndexFlag(f.number("-ha"));
    const types = f.list("-ty");
    if (types.length > 1) throw new UsageError("-ty can only be specified once");
    const type = lookup(INDEX_TYPES, "-ty", types[0] ?? "o");
    const nameAlg = hashFlag("-nalg", f.string("-nalg"));
    const hia = f.string("-hia");
    let attributes: number = TPMA_NV.NO_DA;
    if (hia === undefined) attributes |= TPMA_NV.AUTHWRITE | TPMA_NV.AUTHREAD;
    else if (hia === "o") attributes |= TPMA_NV.OWNERWRITE | TPMA_NV.OWNERREAD;
    else if (hia === "p") attributes |= TPMA_NV.PPWRITE | TPMA_NV.PPREAD;
    else throw new UsageError(`-hia has bad parameter ${hia}`);
    const authHandle = hierarchyFlag("-hi", f.string("-hi"), "op");
    if (f.string("-hi") === "p") attributes |= TPMA_NV.PLATFORMCREATE;
    let dataSize = f.number("-sz") ?? 0;
    if (dataSize > 0xffff) throw new UsageError(`-sz ${dataSize} out of range`);
    if (type === TPM_NT.EXTEND) dataSize = digestSize(nameAlg);
    else if (type !== TPM_NT.ORDINARY) dataSize = 8;
    const password = f.string("-pwdn");
    const isPin = type === TPM_NT.PIN_PASS || type === TPM_NT.PIN_FAIL;
    if (password !== undefined) attributes |= (isPin ? 0 : TPMA_NV.AUTHWRITE) | TPMA_NV.AUTHREAD;
    const policyFile = f.string("-pol");
    let authPolicy: Uint8Array = new Uint8Array(0);
    if (policyFile !== undefined) {
      attributes |= TPMA_NV.POLICYWRITE | TPMA_NV.POLICYREAD;
      authPolicy = await ctx.readFile(policyFile);
      if (authPolicy.length !== digestSize(nameAlg))
        throw new UsageError(`policy size ${authPolicy.length} does not match name algorithm ${digestSize(nameAlg)}`);
    }
    for (const a of f.list("+at")) attributes |= lookup(ADD_ATTRIBUTES, "+at", a);
    for (const a of f.list("-at")) attributes &= ~lookup(REMOVE_ATTRIBUTES, "-at", a);
    attributes = withTpmaNvType(attributes >>> 0, type);
    const tss = await ctx.tss();
    await tss.nvDefineSpace(
      {
        authHandle,
        auth: new TextEncoder().encode(password ?? ""),
        publicInfo: { nvPublic: { nvIndex, nameAlg, attributes, authPolicy, dataSize } },
      },
      { sessions: ctx.sessions(true, f.string("-pwdp"))! },
    );
    ctx.result({ nvIndex: hex8(nvIndex), nameAlg, attributes: hex8(attributes), dataSize });
    ctx.printSuccess();
  },
};
