#!/usr/bin/env node
/**
 * The full differential run of @tss/marshal (its build, dist) against libtss2-mu
 * through python3-tpm2-pytss (test/support/differential-core.mjs has the method).
 *
 *   node packages/marshal/scripts/differential.mjs [--samples 300] [--mutations 10]
 *        [--seed 1] [--build] [--coverage packages/marshal/test/support/libtss2-coverage.txt]
 *
 * Prints the report; `--coverage FILE` also writes the type lists (compared, ours
 * only, libtss2-mu only) to FILE. Exit code 1 on any finding.
 */
import { writeFileSync } from "node:fs";
import { haveLibtss2, Libtss2Bridge } from "../test/support/bridge.mjs";
import { formatReport, runDifferential } from "../test/support/differential-core.mjs";
import { loadMarshal, parseArgs } from "./common.mjs";

const opts = parseArgs({ samples: 300, mutations: 10, seed: 1, build: false, coverage: "" });
if (!haveLibtss2()) {
  console.error("/usr/bin/python3 cannot load tpm2-pytss (Debian package python3-tpm2-pytss)");
  process.exit(2);
}
const M = await loadMarshal({ build: opts.build });
const bridge = Libtss2Bridge.start();
const started = Date.now();
let report;
try {
  report = await runDifferential(M, bridge, { seed: opts.seed, samples: opts.samples, mutations: opts.mutations });
} finally {
  await bridge.close();
}
const seconds = (Date.now() - started) / 1000;
console.log(formatReport(report));
console.log(
  `seed ${opts.seed}, ${opts.samples} samples and ${opts.samples * opts.mutations} mutated inputs per type, ${seconds.toFixed(1)} s`,
);

if (opts.coverage) {
  const lines = [
    `# @tss/marshal types and libtss2-mu (tpm2-tss, through python3-tpm2-pytss ${report.version})`,
    "# Written by packages/marshal/scripts/differential.mjs --coverage; do not edit by hand.",
    "#",
    "# via: direct = libtss2-mu's own Tss2_MU_<type> function; typedef = a C typedef of a",
    "# structure that has one (TPMS_SCHEME_HMAC -> TPMS_SCHEME_HASH); scalar = an integer",
    "# typedef marshalled as its base integer (libtss2-mu checks no interface-type values).",
    "",
    `## Compared (${report.types.length})`,
    ...report.types.map((t) => `${t.typeName.padEnd(34)} ${t.via.padEnd(8)} ${t.fn}`),
    "",
    `## Ours only: libtss2-mu has no function for them (${report.oursOnly.length}; * = the tss2 headers declare the name)`,
    ...report.oursOnly.map((t) => `${t.typeName}${t.declaredInTss2Headers ? " *" : ""}`),
    "",
    `## libtss2-mu only: no codec of ours (${report.libOnly.length}; TPMU unions are compared through their structures)`,
    ...report.libOnly,
    "",
  ];
  writeFileSync(opts.coverage, lines.join("\n"));
  console.log(`wrote ${opts.coverage}`);
}
const findings = report.types.reduce((a, t) => a + t.findings.length + Object.keys(t.libOnlyAccept).length, 0);
process.exit(findings > 0 ? 1 : 0);
