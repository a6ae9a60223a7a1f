/**
 * getcapability's output: each capability group in the IBM utility's layout
 * (the lines scripts parse: "TPM_PT 0000020e value 00000000 ...",
 * "\t81000001", "   TPM_ALG_SHA256", ...). Property descriptions are ours.
 */
import {
  actDataLines,
  algIdLine,
  eccCurveLine,
  pcrSelectionLines,
  printAllLines,
  TPM_CAP,
  TPM_PT,
  TPM_PT_PCR,
  type TpmtHaValue,
  taggedPolicyLines,
  tpmaAlgorithmLines,
  tpmaMemoryLines,
  tpmaModesLines,
  tpmaPermanentLines,
  tpmaStartupClearLines,
} from "@tss/marshal";
import { hex8 } from "./print-all.js";

const hex2 = (n: number) => n.toString(16).padStart(2, "0");

/** What each TPM_PT property is (TPM_CAP_TPM_PROPERTIES), in a few words. */
const PT_TEXT: Readonly<Partial<Record<keyof typeof TPM_PT, string>>> = {
  FAMILY_INDICATOR: "the TPM family, four characters (TPM_SPEC_FAMILY)",
  LEVEL: "the specification level",
  REVISION: "the specification revision times 100",
  DAY_OF_YEAR: "the specification's day of the year (TCG calendar)",
  YEAR: "the specification's year",
  MANUFACTURER: "the manufacturer's vendor ID",
  VENDOR_STRING_1: "vendor string, characters 1-4",
  VENDOR_STRING_2: "vendor string, characters 5-8",
  VENDOR_STRING_3: "vendor string, characters 9-12",
  VENDOR_STRING_4: "vendor string, characters 13-16",
  VENDOR_TPM_TYPE: "the vendor's TPM model",
  FIRMWARE_VERSION_1: "firmware version, the most significant 32 bits",
  FIRMWARE_VERSION_2: "firmware version, the least significant 32 bits",
  INPUT_BUFFER: "the largest parameter (typically a TPM2B_MAX_BUFFER)",
  HR_TRANSIENT_MIN: "the fewest transient objects the TPM can hold in RAM",
  HR_PERSISTENT_MIN: "the fewest persistent objects the TPM can hold in NV",
  HR_LOADED_MIN: "the fewest authorization sessions the TPM can hold in RAM",
  ACTIVE_SESSIONS_MAX: "how many authorization sessions may be active at once",
  PCR_COUNT: "how many PCRs are implemented",
  PCR_SELECT_MIN: "the smallest TPMS_PCR_SELECT.sizeofSelect, in octets",
  CONTEXT_GAP_MAX: "the largest difference allowed between the contextIDs of two saved sessions",
  NV_COUNTERS_MAX: "the most NV indexes that may have TPMA_NV_COUNTER",
  NV_INDEX_MAX: "the largest NV index data area",
  MEMORY: "a TPMA_MEMORY: how the TPM manages its memory",
  CLOCK_UPDATE: "milliseconds between updates of the NV copy of the clock",
  CONTEXT_HASH: "the hash algorithm protecting saved contexts",
  CONTEXT_SYM: "the symmetric algorithm encrypting saved contexts",
  CONTEXT_SYM_SIZE: "the key size, in bits, encrypting saved contexts",
  ORDERLY_COUNT: "the modulus - 1 of the NV update count of orderly counters",
  MAX_COMMAND_SIZE: "the largest command",
  MAX_RESPONSE_SIZE: "the largest response",
  MAX_DIGEST: "the largest digest the TPM produces",
  MAX_OBJECT_CONTEXT: "the largest object context ContextSave returns",
  MAX_SESSION_CONTEXT: "the largest session context ContextSave returns",
  PS_FAMILY_INDICATOR: "the platform-specific family (a TPM_PS value)",
  PS_LEVEL: "the platform-specific specification level",
  PS_REVISION: "the platform-specific specification revision times 100",
  PS_DAY_OF_YEAR: "the platform-specific specification's day of the year (TCG calendar)",
  PS_YEAR: "the platform-specific specification's year",
  SPLIT_MAX: "how many split signing operations the TPM supports",
  TOTAL_COMMANDS: "how many commands are implemented",
  LIBRARY_COMMANDS: "how many library commands are implemented",
  VENDOR_COMMANDS: "how many vendor commands are implemented",
  NV_BUFFER_MAX: "the most data one NV write or read moves",
  MODES: "a TPMA_MODES: the modes the TPM is designed for",
  MAX_CAP_BUFFER: "the largest TPMS_CAPABILITY_DATA GetCapability returns",
  FIRMWARE_SVN: "the firmware security version number",
  FIRMWARE_MAX_SVN: "the largest firmware security version number",
  PERMANENT: "TPMA_PERMANENT",
  STARTUP_CLEAR: "TPMA_STARTUP_CLEAR",
  HR_NV_INDEX: "how many NV indexes are defined",
  HR_LOADED: "how many authorization sessions are loaded in RAM",
  HR_LOADED_AVAIL: "how many more authorization sessions could be loaded in RAM",
  HR_ACTIVE: "how many authorization sessions are active",
  HR_ACTIVE_AVAIL: "how many more authorization sessions could be started",
  HR_TRANSIENT_AVAIL: "about how many more transient objects could be loaded in RAM",
  HR_PERSISTENT: "how many persistent objects are in NV",
  HR_PERSISTENT_AVAIL: "how many more persistent objects could be made",
  NV_COUNTERS: "how many NV indexes with TPMA_NV_COUNTER are defined",
  NV_COUNTERS_AVAIL: "how many more NV counter indexes could be defined",
  ALGORITHM_SET: "the code limiting the algorithms the TPM may use",
  LOADED_CURVES: "how many ECC curves are loaded",
  LOCKOUT_COUNTER: "the lockout counter (failedTries)",
  MAX_AUTH_FAIL: "how many authorization failures start dictionary-attack lockout",
  LOCKOUT_INTERVAL: "seconds until the lockout counter is decremented",
  LOCKOUT_RECOVERY: "seconds after a lockoutAuth failure until lockoutAuth may be tried again",
  NV_WRITE_RECOVERY: "milliseconds until the TPM accepts another NV-changing command",
  AUDIT_COUNTER_0: "the command audit counter, the high 32 bits",
  AUDIT_COUNTER_1: "the command audit counter, the low 32 bits",
};

/** What each TPM_PT_PCR property says of the PCRs it selects. */
const PT_PCR_TEXT: Readonly<Partial<Record<keyof typeof TPM_PT_PCR, string>>> = {
  SAVE: "saved by Shutdown(STATE) and restored by Startup(STATE)",
  EXTEND_L0: "extendable from locality 0",
  RESET_L0: "resettable (PCR_Reset) from locality 0",
  EXTEND_L1: "extendable from locality 1",
  RESET_L1: "resettable (PCR_Reset) from locality 1",
  EXTEND_L2: "extendable from locality 2",
  RESET_L2: "resettable (PCR_Reset) from locality 2",
  EXTEND_L3: "extendable from locality 3",
  RESET_L3: "resettable (PCR_Reset) from locality 3",
  EXTEND_L4: "extendable from locality 4",
  RESET_L4: "resettable (PCR_Reset) from locality 4",
  NO_INCREMENT: "changes (reset or extend) do not increment pcrUpdateCounter",
  DRTM_RESET: "reset by a D-RTM event",
  POLICY: "controlled by a policy",
  AUTH: "controlled by an authorization value",
};

/** Names of the properties, without the group markers (PT_FIXED, PT_VAR, ...). */
const PT_NAMES = new Map<number, keyof typeof TPM_PT>(
  (Object.keys(TPM_PT) as (keyof typeof TPM_PT)[])
    .filter((k) => !["NONE", "PT_GROUP", "PT_FIXED", "PT_VAR"].includes(k))
    .map((k) => [TPM_PT[k], k]),
);
const PT_PCR_NAMES = new Map<number, keyof typeof TPM_PT_PCR>(
  (Object.keys(TPM_PT_PCR) as (keyof typeof TPM_PT_PCR)[])
    .filter((k) => k !== "FIRST" && k !== "LAST")
    .map((k) => [TPM_PT_PCR[k], k]),
);

/** "TPM_PT_x - what it is", or IBM's "PT unknown". */
export function tpmPropertyText(property: number): string {
  const name = PT_NAMES.get(property);
  return name ? `TPM_PT_${name} - ${PT_TEXT[name] ?? name}` : "PT unknown";
}

/** "TPM_PT_PCR_x - what it says", or IBM's "PT unknown". */
export function pcrPropertyText(tag: number): string {
  const name = PT_PCR_NAMES.get(tag);
  return name ? `TPM_PT_PCR_${name} - PCRs ${PT_PCR_TEXT[name] ?? name}` : "PT unknown";
}

/** The four octets of a property as characters (NUL and other control octets left out). */
function chars(value: number): string {
  let s = "";
  for (let shift = 24; shift >= 0; shift -= 8) {
    const c = (value >>> shift) & 0xff;
    if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
  }
  return s;
}

/** Properties IBM prints in decimal on a second line. */
const DECIMAL = new Set<number>([
  TPM_PT.DAY_OF_YEAR,
  TPM_PT.YEAR,
  TPM_PT.INPUT_BUFFER,
  TPM_PT.ACTIVE_SESSIONS_MAX,
  TPM_PT.PCR_COUNT,
  TPM_PT.NV_INDEX_MAX,
  TPM_PT.CLOCK_UPDATE,
  TPM_PT.CONTEXT_SYM_SIZE,
  TPM_PT.MAX_COMMAND_SIZE,
  TPM_PT.MAX_RESPONSE_SIZE,
  TPM_PT.MAX_DIGEST,
  TPM_PT.MAX_OBJECT_CONTEXT,
  TPM_PT.MAX_SESSION_CONTEXT,
  TPM_PT.PS_DAY_OF_YEAR,
  TPM_PT.PS_YEAR,
  TPM_PT.SPLIT_MAX,
  TPM_PT.TOTAL_COMMANDS,
  TPM_PT.LIBRARY_COMMANDS,
  TPM_PT.VENDOR_COMMANDS,
  TPM_PT.NV_BUFFER_MAX,
  TPM_PT.MAX_CAP_BUFFER,
  TPM_PT.FIRMWARE_SVN,
  TPM_PT.FIRMWARE_MAX_SVN,
  TPM_PT.HR_ACTIVE_AVAIL,
  TPM_PT.HR_PERSISTENT_AVAIL,
  TPM_PT.NV_COUNTERS_AVAIL,
]);

/** The lines after "TPM_PT ... value ..." that decode a property's value. */
export function tpmPropertyValueLines(property: number, value: number): string[] {
  if (DECIMAL.has(property)) return [`\t${value >>> 0}`];
  switch (property) {
    case TPM_PT.FAMILY_INDICATOR:
      return [`\tTPM ${chars(value)}`];
    case TPM_PT.REVISION:
      return [`\trev ${value >>> 0}`];
    case TPM_PT.MANUFACTURER:
    case TPM_PT.VENDOR_STRING_1:
    case TPM_PT.VENDOR_STRING_2:
    case TPM_PT.VENDOR_STRING_3:
    case TPM_PT.VENDOR_STRING_4:
      return [`\t${chars(value)}`];
    case TPM_PT.FIRMWARE_VERSION_1:
    case TPM_PT.FIRMWARE_VERSION_2:
      return [`\t${value >>> 16}.${value & 0xffff}`];
    case TPM_PT.PS_REVISION:
      return [`\t${value >>> 24}.${(value >>> 16) & 0xff}.${(value >>> 8) & 0xff}.${value & 0xff}`];
    case TPM_PT.CONTEXT_HASH:
    case TPM_PT.CONTEXT_SYM:
      return [algIdLine("algorithm", value, 4)];
    case TPM_PT.MEMORY:
      return tpmaMemoryLines(value, 4);
    case TPM_PT.MODES:
      return tpmaModesLines(value, 4);
    case TPM_PT.PERMANENT:
      return tpmaPermanentLines(value, 4);
    case TPM_PT.STARTUP_CLEAR:
      return tpmaStartupClearLines(value, 4);
    default:
      return [];
  }
}

/** The lines getcapability prints for one TPMS_CAPABILITY_DATA (capability and its decoded data). */
export function capabilityLines(capability: number, data: Record<string, any>): string[] {
  switch (capability) {
    case TPM_CAP.ALGS: {
      const list = data.algorithms as { alg: number; algProperties: number }[];
      return [
        `${list.length} algorithms `,
        ...list.flatMap((a) => [algIdLine("", a.alg, 2), ...tpmaAlgorithmLines(a.algProperties, 4)]),
      ];
    }
    case TPM_CAP.HANDLES: {
      const list = data.handles as number[];
      return [`${list.length} handles`, ...list.map((h) => `\t${hex8(h)}`)];
    }
    case TPM_CAP.COMMANDS: {
      const list = data.command as number[];
      return [`${list.length} commands`, ...list.map((a) => `\tcommand Attributes ${hex8(a)}`)];
    }
    case TPM_CAP.PP_COMMANDS: {
      const list = data.ppCommands as number[];
      return [`${list.length} commands`, ...list.map((c) => `\tPP command ${hex8(c)}`)];
    }
    case TPM_CAP.AUDIT_COMMANDS: {
      const list = data.auditCommands as number[];
      return [`${list.length} commands`, ...list.map((c) => `\tAudit command ${hex8(c)}`)];
    }
    case TPM_CAP.PCRS: {
      const list = data.assignedPCR as { hash: number; pcrSelect: Uint8Array }[];
      return [`${list.length} PCR selections`, ...list.flatMap((s) => pcrSelectionLines(s, 2))];
    }
    case TPM_CAP.TPM_PROPERTIES: {
      const list = data.tpmProperties as { property: number; value: number }[];
      return [
        `${list.length} properties`,
        ...list.flatMap((p) => [
          `TPM_PT ${hex8(p.property)} value ${hex8(p.value)} ${tpmPropertyText(p.property)}`,
          ...tpmPropertyValueLines(p.property, p.value),
        ]),
      ];
    }
    case TPM_CAP.PCR_PROPERTIES: {
      const list = data.pcrProperties as { tag: number; pcrSelect: Uint8Array }[];
      return [
        `${list.length} properties`,
        ...list.flatMap((p) => [
          `TPM_PT_PCR ${hex8(p.tag)} ${pcrPropertyText(p.tag)}`,
          ...[...p.pcrSelect].map((b, i) => `PCR ${i * 8}-${i * 8 + 7}  \tpcrSelect\t${hex2(b)}`),
        ]),
      ];
    }
    case TPM_CAP.ECC_CURVES: {
      const list = data.eccCurves as number[];
      return [`${list.length} curves`, ...list.map((c) => eccCurveLine("", c, 4))];
    }
    case TPM_CAP.AUTH_POLICIES: {
      const list = data.authPolicies as { handle: number; policyHash: TpmtHaValue }[];
      return [`${list.length} authPolicies`, ...list.flatMap((p) => taggedPolicyLines(p, 4))];
    }
    case TPM_CAP.ACT: {
      const list = data.actData as { handle: number; timeout: number; attributes: number }[];
      return [`${list.length} actData`, ...list.flatMap((a) => actDataLines(a, 4))];
    }
    case TPM_CAP.PUB_KEYS: {
      const list = data.pubKeys as { publicArea: { type: number; nameAlg: number } }[];
      return [
        `${list.length} pubKeys`,
        ...list.flatMap((k) => [
          algIdLine("type", k.publicArea.type, 4),
          algIdLine("nameAlg", k.publicArea.nameAlg, 4),
        ]),
      ];
    }
    case TPM_CAP.SPDM_SESSION_INFO: {
      const list = data.spdmSessionInfo as { reqKeyName: Uint8Array; tpmKeyName: Uint8Array }[];
      return [
        `${list.length} spdmSessionInfo`,
        ...list.flatMap((s) => [
          ...printAllLines("reqKeyName", s.reqKeyName, 4),
          ...printAllLines("tpmKeyName", s.tpmKeyName, 4),
        ]),
      ];
    }
    case TPM_CAP.VENDOR_PROPERTY: {
      const list = data.vendorData as Uint8Array[];
      return [`${list.length} vendorData`, ...list.flatMap((v) => printAllLines("TPM2B_VENDOR_PROPERTY", v, 4))];
    }
    default:
      return [`Cannot parse illegal response capability ${hex8(capability)}`];
  }
}
