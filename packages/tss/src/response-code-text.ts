import { describeRc, formatRc, type TpmErrorLocation } from "@tss/marshal";

/** A response code as text (the IBM `returncode` style line), with the handle, parameter or session it names. */
export function describeResponseCode(rc: number): { text: string; location: TpmErrorLocation } {
  const d = describeRc(rc);
  const location: TpmErrorLocation = {
    ...(d.handle !== undefined ? { handle: d.handle } : {}),
    ...(d.parameter !== undefined ? { parameter: d.parameter } : {}),
    ...(d.session !== undefined ? { session: d.session } : {}),
  };
  return { text: `${formatRc(rc)} (0x${rc.toString(16).padStart(3, "0")})`, location };
}
