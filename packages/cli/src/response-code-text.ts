/**
 * A response code as one line in the IBM TSS utilities' layout (what
 * `returncode` and every "<utility>: failed, rc ..." line print):
 * "NAME - text", then " Handle number n", " Parameter number n" or
 * " Session number n" for a format-one code ("unspecified" for n = 0).
 * The names are the specification's (TPM layer), IBM's TSS_RC_* (layer 11)
 * and Windows' TBS_E_* (TBS results); the texts are this project's.
 */
import { describeRc, TPM_RC_FIELDS } from "@tss/marshal";
import { TBS_RESULT, tbsResultText } from "@tss/transport-tbs";
import { TSS_LAYER, tssLayerCode } from "./tss-layer-codes.js";

/** What IBM's table lookup prints for a code it has no entry for. */
const UNKNOWN = "response code unknown";

const TBS_NAMES = new Set<number>(Object.values(TBS_RESULT).filter((v) => v !== 0));

/** "TBS_E_NAME - description" from the TBS transport's "TBS_E_NAME (0x...): description". */
function tbsLine(rc: number): string {
  if (!TBS_NAMES.has(rc)) return UNKNOWN;
  const m = /^(\S+) \(0x[0-9a-f]{8}\)(?:: (.*))?$/.exec(tbsResultText(rc));
  return m ? `${m[1]}${m[2] ? ` - ${m[2]}` : ""}` : UNKNOWN;
}

/** The handle, parameter or session suffix of a format-one code, as IBM prints it. */
function formatOneSuffix(rc: number): string {
  const n = (rc & TPM_RC_FIELDS.N) >>> TPM_RC_FIELDS.N_SHIFT;
  if (rc & TPM_RC_FIELDS.P) return ` Parameter number ${n || "unspecified"}`;
  if (n & 0x8) return ` Session number ${n & 0x7 || "unspecified"}`;
  return ` Handle number ${n || "unspecified"}`;
}

/** One line describing a TPM, TSS (IBM layer 11) or TBS response code, in the IBM utilities' layout. */
export function responseCodeLine(rc: number): string {
  const v = rc >>> 0;
  if (v === 0) return "TPM_RC_SUCCESS";
  if (v & 0x80000000) return tbsLine(v);
  if ((v & 0x00ff0000) === TSS_LAYER) {
    const code = tssLayerCode(v);
    return code ? `${code.name} - ${code.text}` : UNKNOWN;
  }
  const d = describeRc(v);
  switch (d.kind) {
    case "tpm12":
      return d.known ? `${d.name} - ${d.text}` : "TPM 1.2 response code";
    case "vendor":
      return "TPM2 vendor defined response code";
    case "format-one":
      return `${d.known ? `${d.name} - ${d.text}` : UNKNOWN}${formatOneSuffix(v)}`;
    case "warning":
    case "format-zero-error":
      return d.known ? `${d.name} - ${d.text}` : UNKNOWN;
    default:
      // Another software layer's code, or not a response code: say what it is.
      return `${d.name} - ${d.text}`;
  }
}
