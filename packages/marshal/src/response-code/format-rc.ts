import { describeRc, type RcDescription } from "./describe-rc.js";

/** The "handle 1" / "parameter 2" / "session 3" part of a description, if it has one. */
export function rcLocationText(d: RcDescription): string | undefined {
  if (d.handle !== undefined) return `handle ${d.handle}`;
  if (d.parameter !== undefined) return `parameter ${d.parameter}`;
  if (d.session !== undefined) return `session ${d.session}`;
  return undefined;
}

/**
 * One human line for a response code, in the manner of the IBM TSS `returncode`
 * utility: "TPM_RC_AUTH_FAIL - session 1 - the authorization HMAC did not verify, ...".
 */
export function formatRc(rc: number): string {
  const d = describeRc(rc);
  const where = rcLocationText(d);
  return where === undefined ? `${d.name} - ${d.text}` : `${d.name} - ${where} - ${d.text}`;
}
