/**
 * writeapp: IBM's sample NV write application as a utility. It defines an
 * ordinary 1-byte index at 01000000 (password "pwd") unless it exists, then
 * writes it twice, each time through a fresh HMAC session salted with the RSA
 * EK (whose certificate at 01c00002 must certify it) and bound to the index,
 * with AES-CFB command parameter encryption; the first write changes the
 * index's Name (TPMA_NV_WRITTEN), so the second session binds to the new one.
 * Finally the index is undefined. With -pwsess: password sessions only.
 */
import { TPM_ALG_ID, TPM_RH, TPM_RS, TPMA_NV, TPMA_SESSION } from "@tss/marshal";
import type { Tss } from "@tss/tss";
import { hex8 } from "../print-all.js";
import { flushQuietly, info, rsaEkForSalt, SESSION_TYPE, startAesSession } from "../sample-apps.js";
import type { Utility, UtilityContext } from "../utility.js";

/** The index writeapp provisions, and its password. */
const NV_INDEX = 0x01000000;
const NV_PASSWORD = "pwd";

async function indexExists(tss: Tss): Promise<boolean> {
  try {
    await tss.nvReadPublic({ nvIndex: NV_INDEX });
    return true;
  } catch {
    return false;
  }
}

async function nvWrite(ctx: UtilityContext, tss: Tss, ek: number | undefined): Promise<void> {
  // A bound session authorizes without the password; the session ends with the command (no continue).
  let session: { handle: number; password?: string; attributes: number };
  if (ek === undefined) {
    session = { handle: TPM_RS.PW, password: NV_PASSWORD, attributes: TPMA_SESSION.continueSession };
  } else {
    info(ctx, "Start a salt and bind session");
    const handle = await startAesSession(tss, SESSION_TYPE.hmac, ek, NV_INDEX, NV_PASSWORD);
    session = { handle, attributes: TPMA_SESSION.decrypt };
  }
  await tss.nvWrite(
    { authHandle: NV_INDEX, nvIndex: NV_INDEX, data: Uint8Array.of(0xff), offset: 0 },
    { sessions: [session] },
  );
}

/** writeapp [-pwsess]. */
export const writeapp: Utility = {
  name: "writeapp",
  summary: "Sample NV write application: provisions an index, writes it through bound, salted sessions",
  flags: { "-pwsess": "switch" },
  usage: [
    "writeapp is a sample NV write application.  Provisions an NV location,",
    "then does two writes with password 'pwd' using a bound, salted",
    "HMAC session using AES CFB parameter encryption.",
    "",
    "\t[-pwsess\tUse a password session, no HMAC or parameter encryption]",
  ],
  async run(ctx) {
    const pwSession = ctx.flags.has("-pwsess");
    const tss = await ctx.tss();
    let ek: number | undefined;
    let salted: number | undefined;
    let defined = false;
    try {
      if (!pwSession) {
        ek = await rsaEkForSalt(ctx, tss, true);
        info(ctx, "Start a salt session");
        salted = await startAesSession(tss, SESSION_TYPE.hmac, ek);
      }
      info(ctx, `Read the NV index at ${hex8(NV_INDEX)}`);
      if (!(await indexExists(tss))) {
        info(ctx, `Create the NV index at ${hex8(NV_INDEX)}`);
        await tss.nvDefineSpace(
          {
            authHandle: TPM_RH.OWNER,
            auth: new TextEncoder().encode(NV_PASSWORD),
            publicInfo: {
              nvPublic: {
                nvIndex: NV_INDEX,
                nameAlg: TPM_ALG_ID.SHA256,
                attributes: TPMA_NV.NO_DA | TPMA_NV.AUTHWRITE | TPMA_NV.AUTHREAD,
                authPolicy: new Uint8Array(0),
                dataSize: 1,
              },
            },
          },
          { sessions: [{ handle: salted ?? TPM_RS.PW, attributes: TPMA_SESSION.continueSession }] },
        );
      }
      defined = true;
      if (salted !== undefined) {
        info(ctx, "Flush the salt session");
        await flushQuietly(tss, salted);
        salted = undefined;
      }
      info(ctx, "Write the index and written bit");
      await nvWrite(ctx, tss, ek);
      info(ctx, "Write the index");
      await nvWrite(ctx, tss, ek);
    } finally {
      if (defined) {
        info(ctx, "Undefine the index");
        await tss
          .nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex: NV_INDEX }, { sessions: [{ handle: TPM_RS.PW }] })
          .catch(() => undefined);
      }
      await flushQuietly(tss, salted);
      info(ctx, "Flush the primary key");
      await flushQuietly(tss, ek);
    }
    ctx.result({ nvIndex: hex8(NV_INDEX), writes: 2 });
    ctx.printSuccess();
  },
};
