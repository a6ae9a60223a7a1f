/** getcapability: TPM2_GetCapability, each capability printed in the IBM utility's layout. */
import { capabilityLines } from "../capability-text.js";
import { SESSION_FLAGS } from "../flags.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** getcapability -cap n [-pr n] [-pc n] [-se0 ...]. */
export const getcapability: Utility = {
  name: "getcapability",
  summary: "Runs TPM2_GetCapability",
  flags: { "-cap": "hex", "-pr": "hex", "-pc": "dec", ...SESSION_FLAGS },
  usage: [
    "\t-cap\tcapability",
    "\t-pr\tproperty (defaults to 0)",
    "\t-pc\tpropertyCount (defaults to 64)",
    "",
    "\t-se[0-2] session handle / attributes (default NULL)",
    "\t\t01\tcontinue",
    "\t\t80\tcommand audit",
    "",
    "\t-cap\tvalues (and what -pr is for each)",
    "",
    "\t\tTPM_CAP_ALGS                0\t-pr is the first algorithm",
    "\t\tTPM_CAP_HANDLES             1\t-pr is the first handle:",
    "\t\t\t\t\t\t00000000 PCR, 01000000 NV index, 02000000 loaded session,",
    "\t\t\t\t\t\t03000000 saved session, 40000000 permanent,",
    "\t\t\t\t\t\t80000000 transient, 81000000 persistent",
    "\t\tTPM_CAP_COMMANDS            2\t-pr is the first command",
    "\t\tTPM_CAP_PP_COMMANDS         3\t-pr is the first command",
    "\t\tTPM_CAP_AUDIT_COMMANDS      4\t-pr is the first command",
    "\t\tTPM_CAP_PCRS                5\t-pr is not used",
    "\t\tTPM_CAP_TPM_PROPERTIES      6\t-pr is the first property (PT_FIXED 00000100, PT_VAR 00000200)",
    "\t\tTPM_CAP_PCR_PROPERTIES      7\t-pr is the first property",
    "\t\tTPM_CAP_ECC_CURVES          8\t-pr is the first curve",
    "\t\tTPM_CAP_AUTH_POLICIES       9\t-pr is the first handle in range 40000000",
    "\t\tTPM_CAP_ACT                 a\t-pr is the first handle in range 40000110",
    "\t\tTPM_CAP_PUB_KEYS            b\t-pr is the first handle",
    "\t\tTPM_CAP_SPDM_SESSION_INFO   c",
    "\t\tTPM_CAP_VENDOR_PROPERTY     100",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const capability = f.number("-cap");
    if (capability === undefined) throw new UsageError("Missing or illegal parameter -cap");
    const property = f.number("-pr") ?? 0;
    const propertyCount = f.number("-pc") ?? 64;
    const tss = await ctx.tss();
    const sessions = ctx.sessions(false);
    const out = await tss.getCapability({ capability, property, propertyCount }, sessions ? { sessions } : {});
    const data = out.capabilityData.data as Record<string, any>;
    const moreData = Boolean(out.moreData);
    ctx.result({ capability: out.capabilityData.capability, moreData, data });
    // As IBM's: "moreData: 1" first, then the capability's lines.
    if (moreData) ctx.print("moreData: 1\n");
    ctx.print(`${capabilityLines(out.capabilityData.capability, data).join("\n")}\n`);
  },
};
