/**
 * What the attestation commands return, in the IBM TSS's structure printer
 * layout: TPMS_ATTEST (with each TPMU_ATTEST member) and TPMT_SIGNATURE, as
 * its quote, certify, gettime ... utilities print them under -v.
 */
import { TPM_ALG_ID } from "../constants/tpm-alg-id.js";
import { TPM_ST } from "../constants/tpm-st.js";
import { printAllLines } from "./print-bytes.js";
import { algIdLine } from "./print-names.js";
import { pcrSelectionLines, type TpmtHaValue, tpmtHaLines } from "./print-structures.js";

const pad = (n: number) => " ".repeat(n);

/** TPMS_CLOCK_INFO as a value. */
export interface ClockInfoValue {
  readonly clock: bigint;
  readonly resetCount: number;
  readonly restartCount: number;
  readonly safe: number | boolean;
}

/** A TPMS_ATTEST value as the TPMS_ATTEST codec reads it. */
export interface AttestValue {
  readonly magic: number;
  readonly type: number;
  readonly qualifiedSigner: Uint8Array;
  readonly extraData: Uint8Array;
  readonly clockInfo: ClockInfoValue;
  readonly firmwareVersion: bigint;
  readonly attested: Readonly<Record<string, unknown>>;
}

/** A TPMT_SIGNATURE value as the TPMT_SIGNATURE codec reads it. */
export interface SignatureValue {
  readonly sigAlg: number;
  readonly signature: Readonly<Record<string, unknown>>;
}

const ATTEST_TYPES: Readonly<Record<number, string>> = {
  [TPM_ST.ATTEST_CERTIFY]: "TPM_ST_ATTEST_CERTIFY",
  [TPM_ST.ATTEST_CREATION]: "TPM_ST_ATTEST_CREATION",
  [TPM_ST.ATTEST_QUOTE]: "TPM_ST_ATTEST_QUOTE",
  [TPM_ST.ATTEST_COMMAND_AUDIT]: "TPM_ST_ATTEST_COMMAND_AUDIT",
  [TPM_ST.ATTEST_SESSION_AUDIT]: "TPM_ST_ATTEST_SESSION_AUDIT",
  [TPM_ST.ATTEST_TIME]: "TPM_ST_ATTEST_TIME",
  [TPM_ST.ATTEST_NV]: "TPM_ST_ATTEST_NV",
  [TPM_ST.ATTEST_NV_DIGEST]: "TPM_ST_ATTEST_NV_DIGEST",
};

/** TPMS_CLOCK_INFO: clock, resetCount, restartCount, safe, one line each. */
export function clockInfoLines(c: ClockInfoValue, indent: number): string[] {
  return [
    `${pad(indent)}TPMS_CLOCK_INFO clock ${c.clock}`,
    `${pad(indent)}TPMS_CLOCK_INFO resetCount ${c.resetCount}`,
    `${pad(indent)}TPMS_CLOCK_INFO restartCount ${c.restartCount}`,
    `${pad(indent)}TPMS_CLOCK_INFO safe ${Number(c.safe).toString(16)}`,
  ];
}

function timeInfoLines(t: { time: bigint; clockInfo: ClockInfoValue }, indent: number): string[] {
  const ms = t.time;
  const day = 86_400_000n;
  const days = ms / day;
  const hours = (ms % day) / 3_600_000n;
  const minutes = (ms % 3_600_000n) / 60_000n;
  const seconds = (ms % 60_000n) / 1000n;
  return [
    `${pad(indent)}TPMS_TIME_INFO time ${ms} msec - ${days} days ${hours} hours ${minutes} minutes ${seconds} seconds`,
    ...clockInfoLines(t.clockInfo, indent + 2),
  ];
}

type NamePair = { readonly [field: string]: Uint8Array };

/** TPMU_ATTEST at `indent`: its member's lines, two further in (as TSS_TPMU_ATTEST_Print). */
function attestedLines(type: number, attested: Readonly<Record<string, unknown>>, indent: number): string[] {
  const a = attested as Readonly<Record<string, NamePair>>;
  const m = indent + 2;
  switch (type) {
    case TPM_ST.ATTEST_CERTIFY:
      return [
        ...printAllLines("TPMS_CERTIFY_INFO name", a.certify!.name!, m),
        ...printAllLines("TPMS_CERTIFY_INFO qualifiedName", a.certify!.qualifiedName!, m),
      ];
    case TPM_ST.ATTEST_CREATION:
      return [
        ...printAllLines("TPMS_CREATION_INFO objectName", a.creation!.objectName!, m),
        ...printAllLines("TPMS_CREATION_INFO creationHash", a.creation!.creationHash!, m),
      ];
    case TPM_ST.ATTEST_QUOTE: {
      const q = a.quote as unknown as { pcrSelect: { hash: number; pcrSelect: Uint8Array }[]; pcrDigest: Uint8Array };
      return [
        `${pad(m + 2)}TPML_PCR_SELECTION count ${q.pcrSelect.length}`,
        ...q.pcrSelect.flatMap((s) => pcrSelectionLines(s, m + 2)),
        ...printAllLines("TPMS_QUOTE_INFO pcrDigest", q.pcrDigest, m + 2),
      ];
    }
    case TPM_ST.ATTEST_COMMAND_AUDIT: {
      const c = a.commandAudit as unknown as {
        auditCounter: bigint;
        digestAlg: number;
        auditDigest: Uint8Array;
        commandDigest: Uint8Array;
      };
      return [
        `${pad(m)}TPMS_COMMAND_AUDIT_INFO auditCounter ${c.auditCounter}`,
        algIdLine("digestAlg", c.digestAlg, m),
        ...printAllLines("TPMS_COMMAND_AUDIT_INFO auditDigest", c.auditDigest, m),
        ...printAllLines("TPMS_COMMAND_AUDIT_INFO commandDigest", c.commandDigest, m),
      ];
    }
    case TPM_ST.ATTEST_SESSION_AUDIT: {
      const s = a.sessionAudit as unknown as { exclusiveSession: number | boolean; sessionDigest: Uint8Array };
      return [
        `${pad(m)}TPMS_SESSION_AUDIT_INFO exclusiveSession ${Number(s.exclusiveSession)}`,
        ...printAllLines("TPMS_SESSION_AUDIT_INFO sessionDigest", s.sessionDigest, m),
      ];
    }
    case TPM_ST.ATTEST_TIME: {
      const t = a.time as unknown as { time: { time: bigint; clockInfo: ClockInfoValue }; firmwareVersion: bigint };
      return [...timeInfoLines(t.time, m + 2), `${pad(m)}TPMS_TIME_ATTEST_INFO firmwareVersion ${t.firmwareVersion}`];
    }
    case TPM_ST.ATTEST_NV: {
      const n = a.nv as unknown as { indexName: Uint8Array; offset: number; nvContents: Uint8Array };
      return [
        ...printAllLines("TPMS_NV_CERTIFY_INFO indexName", n.indexName, m),
        `${pad(m)}TPMS_NV_CERTIFY_INFO offset ${n.offset}`,
        ...printAllLines("TPMS_NV_CERTIFY_INFO nvContents", n.nvContents, m),
      ];
    }
    case TPM_ST.ATTEST_NV_DIGEST: {
      const n = a.nvDigest as unknown as { indexName: Uint8Array; nvDigest: Uint8Array };
      return [
        ...printAllLines("TPMS_NV_DIGEST_CERTIFY_INFO indexName", n.indexName, m),
        ...printAllLines("TPMS_NV_DIGEST_CERTIFY_INFO nvDigest", n.nvDigest, m),
      ];
    }
    default:
      return [`${pad(indent)}TPMU_ATTEST selection ${type.toString(16).padStart(4, "0")} not implemented`];
  }
}

/** TPMS_ATTEST: magic, type, qualifiedSigner, extraData, clockInfo, firmwareVersion, then the attested member. */
export function tpmsAttestLines(attest: AttestValue, indent: number): string[] {
  const i = indent + 2;
  const type =
    ATTEST_TYPES[attest.type] ?? `TPMI_ST_ATTEST_Print: selection ${attest.type.toString(16)} not implemented`;
  return [
    `${pad(i)}TPMS_ATTEST magic ${(attest.magic >>> 0).toString(16).padStart(8, "0")}`,
    `${pad(i)}type ${type}`,
    ...printAllLines("TPMS_ATTEST qualifiedSigner", attest.qualifiedSigner, i),
    ...printAllLines("TPMS_ATTEST extraData", attest.extraData, i),
    ...clockInfoLines(attest.clockInfo, i),
    `${pad(i)}TPMS_ATTEST firmwareVersion ${attest.firmwareVersion}`,
    ...attestedLines(attest.type, attest.attested, i),
  ];
}

/** TPMT_SIGNATURE: "sigAlg TPM_ALG_x", then the RSA, ECC or HMAC signature. */
export function tpmtSignatureLines(signature: SignatureValue, indent: number): string[] {
  const lines = [algIdLine("sigAlg", signature.sigAlg, indent + 2)];
  if (signature.sigAlg === TPM_ALG_ID.NULL) return lines;
  const i = indent + 2;
  const [member, value] = Object.entries(signature.signature)[0] ?? [];
  const v = value as { hash: number; sig: Uint8Array; signatureR: Uint8Array; signatureS: Uint8Array } | undefined;
  if (v && (member === "rsassa" || member === "rsapss")) {
    lines.push(algIdLine("hash", v.hash, i + 2), ...printAllLines("TPMS_SIGNATURE_RSA sig", v.sig, i + 2));
  } else if (v && (member === "ecdsa" || member === "ecdaa" || member === "sm2" || member === "ecschnorr")) {
    lines.push(
      algIdLine("hash", v.hash, i),
      ...printAllLines("TPMS_SIGNATURE_ECC signatureR", v.signatureR, i),
      ...printAllLines("TPMS_SIGNATURE_ECC signatureS", v.signatureS, i),
    );
  } else if (v && member === "hmac") {
    lines.push(...tpmtHaLines(v as unknown as TpmtHaValue, i));
  } else {
    lines.push(
      `${pad(indent)}TPMU_SIGNATURE selection ${signature.sigAlg.toString(16).padStart(4, "0")} not implemented`,
    );
  }
  return lines;
}
