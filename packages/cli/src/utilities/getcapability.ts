/** getcapability: TPM2_GetCapability, the data printed per capability. */
import { TPM_CAP, TPM_CC_NAME, TPM_ECC_CURVE } from "@tss/marshal";
import { SESSION_FLAGS } from "../flags.js";
import { hex8, hexString } from "../print-all.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

const hex4 = (n: number) => n.toString(16).padStart(4, "0");
const CURVE_NAME = new Map<number, string>(Object.entries(TPM_ECC_CURVE).map(([k, v]) => [v as number, k]));

/** Lines describing one TPMS_CAPABILITY_DATA. */
export function describeCapability(capability: number, data: Record<string, any>): string[] {
  switch (capability) {
    case TPM_CAP.ALGS: {
      const list = data.algorithms as { alg: number; algProperties: number }[];
      return [`${list.length} algorithms`, ...list.map((a) => `\t${hex4(a.alg)}\tattributes ${hex8(a.algProperties)}`)];
    }
    case TPM_CAP.HANDLES: {
      const list = data.handles as number[];
      return [`${list.length} handles`, ...list.map((h) => `\t${hex8(h)}`)];
    }
    case TPM_CAP.COMMANDS: {
      const list = data.command as number[];
      return [
        `${list.length} commands`,
        ...list.map((a) => `\tcommand Attributes ${hex8(a)}\t${TPM_CC_NAME.get(a & 0xffff) ?? ""}`),
      ];
    }
    case TPM_CAP.PP_COMMANDS:
    case TPM_CAP.AUDIT_COMMANDS: {
      const list = (data.ppCommands ?? data.auditCommands) as number[];
      const label = capability === TPM_CAP.PP_COMMANDS ? "PP command" : "Audit command";
      return [`${list.length} commands`, ...list.map((c) => `\t${label} ${hex8(c)}`)];
    }
    case TPM_CAP.PCRS: {
      const list = data.assignedPCR as { hash: number; pcrSelect: Uint8Array }[];
      return [
        `${list.length} PCR selections`,
        ...list.map((s) => `\thash ${hex4(s.hash)}\tpcrSelect ${hexString(s.pcrSelect)}`),
      ];
    }
    case TPM_CAP.TPM_PROPERTIES: {
      const list = data.tpmProperties as { property: number; value: number }[];
      return [`${list.length} properties`, ...list.map((p) => `TPM_PT ${hex8(p.property)} value ${hex8(p.value)}`)];
    }
    case TPM_CAP.PCR_PROPERTIES: {
      const list = data.pcrProperties as { tag: number; pcrSelect: Uint8Array }[];
      return [
        `${list.length} properties`,
        ...list.map((p) => `TPM_PT_PCR ${hex8(p.tag)}\tpcrSelect ${hexString(p.pcrSelect)}`),
      ];
    }
    case TPM_CAP.ECC_CURVES: {
      const list = data.eccCurves as number[];
      return [`${list.length} curves`, ...list.map((c) => `\t${hex4(c)}\t${CURVE_NAME.get(c) ?? ""}`)];
    }
    default:
      return [JSON.stringify(data, (_k, v) => (v instanceof Uint8Array ? hexString(v) : v))];
  }
}

/** getcapability -cap n [-pr n] [-pc n]. */
export const getcapability: Utility = {
  name: "getcapability",
  summary: "Runs TPM2_GetCapability",
  flags: { "-cap": "hex", "-pr": "hex", "-pc": "dec", ...SESSION_FLAGS },
  usage: [
    "\t-cap\tcapability (hex)",
    "\t-pr\tproperty (hex, defaults to 0)",
    "\t-pc\tpropertyCount (defaults to 64)",
    "",
    "\t-se[0-2] session handle / attributes (default NULL)",
    "\t\t01\tcontinue",
    "\t\t80\tcommand audit",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const capability = f.number("-cap");
    if (capability === undefined) throw new UsageError("missing or illegal parameter -cap");
    const tss = await ctx.tss();
    const sessions = ctx.sessions(false);
    const out = await tss.getCapability(
      { capability, property: f.number("-pr") ?? 0, propertyCount: f.number("-pc") ?? 64 },
      sessions ? { sessions } : {},
    );
    const lines = describeCapability(out.capabilityData.capability, out.capabilityData.data as Record<string, any>);
    if (out.moreData) lines.push(`moreData: ${Number(out.moreData)}`);
    ctx.print(`${lines.join("\n")}\n`);
  },
};
