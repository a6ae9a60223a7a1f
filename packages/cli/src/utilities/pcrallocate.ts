/** pcrallocate: TPM2_PCR_Allocate of full banks (PCR 0-23), taking effect at the next TPM reset. */
import { TPM_ALG_ID, TssError } from "@tss/marshal";
import { SESSION_FLAGS } from "../flags.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** The bank flags: +alg allocates PCR 0-23 in the bank, -alg deallocates it. */
const BANKS: Readonly<Record<string, number>> = {
  sha1: TPM_ALG_ID.SHA1,
  sha256: TPM_ALG_ID.SHA256,
  sha384: TPM_ALG_ID.SHA384,
  sha512: TPM_ALG_ID.SHA512,
};
/** The most banks in one command (IBM's HASH_COUNT). */
const MAX_BANKS = 4;

const bankFlags = Object.fromEntries(
  Object.keys(BANKS).flatMap((n) => [
    [`+${n}`, "switch" as const],
    [`-${n}`, "switch" as const],
  ]),
);

/** pcrallocate [-pwdp password] (+|-)sha1 (+|-)sha256 (+|-)sha384 (+|-)sha512 ... */
export const pcrallocate: Utility = {
  name: "pcrallocate",
  summary: "Runs TPM2_PCR_Allocate",
  flags: { "-pwdp": "string", ...bankFlags, ...SESSION_FLAGS },
  usage: [
    "",
    "Allocates banks for a full set of PCR 0-23.  Not all",
    "hash algorithms may be supported by the TPM.",
    "",
    "\t[-pwdp\tplatform hierarchy password (default empty)]",
    "\t+sha1   -sha1   allocate / deallocate a SHA-1 bank",
    "\t+sha256 -sha256 allocate / deallocate a SHA-256 bank",
    "\t+sha384 -sha384 allocate / deallocate a SHA-384 bank",
    "\t+sha512 -sha512 allocate / deallocate a SHA-512 bank",
    "\t\tMore than one algorithm can be specified",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
  ],
  async run(ctx) {
    // The banks in command-line order, as IBM's builds TPML_PCR_SELECTION.
    const pcrAllocation = ctx.flags
      .inOrder()
      .filter(({ flag }) => /^[+-]sha\d+$/.test(flag))
      .map(({ flag }) => ({
        hash: BANKS[flag.slice(1)]!,
        pcrSelect: new Uint8Array(3).fill(flag.startsWith("+") ? 0xff : 0),
      }));
    if (pcrAllocation.length === 0) throw new UsageError("No PCR algorithm specified");
    if (pcrAllocation.length > MAX_BANKS)
      throw new UsageError(`${pcrAllocation.length} banks specified, TSS supports ${MAX_BANKS} banks`);
    const tss = await ctx.tss();
    const out = await tss.pcrAllocate(
      { authHandle: 0x4000000c, pcrAllocation },
      {
        sessions: ctx.sessions(true, ctx.flags.string("-pwdp"))!,
      },
    );
    ctx.result({
      allocationSuccess: Boolean(out.allocationSuccess),
      maxPCR: out.maxPCR,
      sizeNeeded: out.sizeNeeded,
      sizeAvailable: out.sizeAvailable,
    });
    if (!out.allocationSuccess)
      throw new TssError("BAD_PARAMETER", "the TPM did not accept the allocation (allocationSuccess NO)");
  },
};
