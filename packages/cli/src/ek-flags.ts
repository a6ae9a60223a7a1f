/**
 * The EK kind of IBM's createek and createekcert flags: -rsa 2048|3072|4096 or
 * -ecc nistp256|nistp384|nistp521, and -high (the high range, given before the
 * algorithm) for the 2048-bit RSA and P-256 EKs, which exist in both ranges.
 */
import type { EkAlgorithm } from "@tss/ekcert";
import type { FlagSpec, ParsedFlags } from "./flags.js";
import { UsageError } from "./usage-error.js";

/** -high, -rsa keybits, -ecc curve. */
export const EK_KIND_FLAGS: FlagSpec = { "-high": "switch", "-rsa": "string", "-ecc": "string" };

/** Their usage lines. */
export function ekKindUsage(curves = "nistp256, nistp384, nistp521", sizes = "2048, 3072, 4096"): string[] {
  return [
    "\t[-high\t\tUse the IWG NV high range. Specify before algorithm]",
    "\t-rsa keybits",
    ...sizes.split(", ").map((s) => `\t\t${s}`),
    "\t-ecc curve",
    ...curves.split(", ").map((c) => `\t\t${c}`),
  ];
}

/** IBM TSS 1.4's createek -alg rsa|ec: the low-range RSA 2048 or ECC P-256 EK. */
export const EK_ALG_FLAG: FlagSpec = { "-alg": "string" };

/** The EK kind the flags name. */
export function ekKindOf(f: ParsedFlags): EkAlgorithm {
  if (f.has("-alg")) {
    if (f.has("-rsa") || f.has("-ecc")) throw new UsageError("only one of -alg, -rsa, -ecc can be specified");
    const alg = f.string("-alg");
    if (alg === "rsa") return f.has("-high") ? "rsa2048-high" : "rsa2048";
    if (alg === "ec") return f.has("-high") ? "ecc-p256-high" : "ecc-p256";
    throw new UsageError(`bad parameter ${alg} for -alg`);
  }
  const given = ["-rsa", "-ecc"].filter((x) => f.has(x));
  if (given.length === 0) throw new UsageError("one of -rsa, -ecc must be specified");
  if (given.length > 1) throw new UsageError("only one of -rsa, -ecc can be specified");
  const high = f.has("-high");
  if (high && f.lastOf("-high", "-rsa", "-ecc") === "-high") {
    throw new UsageError("-high must be specified before -rsa or -ecc");
  }
  if (f.has("-rsa")) {
    const bits = f.string("-rsa");
    if (bits === "2048") return high ? "rsa2048-high" : "rsa2048";
    if (bits === "3072") return "rsa3072";
    if (bits === "4096") return "rsa4096";
    throw new UsageError(`bad key size ${bits} for -rsa`);
  }
  const curve = f.string("-ecc");
  if (curve === "nistp256") return high ? "ecc-p256-high" : "ecc-p256";
  if (curve === "nistp384") return "ecc-p384";
  if (curve === "nistp521") return "ecc-p521";
  throw new UsageError(`bad curve parameter ${curve} for -ecc`);
}
