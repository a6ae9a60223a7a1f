/**
 * swtpm's control channel (include/swtpm/tpm_ioctl.h, "commands used by the
 * non-CUSE TPMs"): a request is a big-endian u32 command code followed by the
 * request part of its structure; the answer is the response part, starting with
 * a u32 ptm_res (0 = success). All fields are big-endian.
 */

/** swtpm control channel command codes. */
export const SWTPM_CMD = {
  /** Answer: u32 result (newer swtpm) then u32 capability flags; older swtpm sent one u64 of flags, read the same way. */
  CMD_GET_CAPABILITY: 0x01,
  /** Request: u32 init flags. (Re)starts the TPM: a power cycle; TPM2_Startup is then required. */
  CMD_INIT: 0x02,
  /** Stops the TPM and ends the swtpm process. */
  CMD_SHUTDOWN: 0x03,
  CMD_GET_TPMESTABLISHED: 0x04,
  /** Request: u8 locality for the following commands on the command port. */
  CMD_SET_LOCALITY: 0x05,
  CMD_HASH_START: 0x06,
  CMD_HASH_DATA: 0x07,
  CMD_HASH_END: 0x08,
  /** Cancels the TPM command in progress (swtpm answers TPM_FAIL where it cannot). */
  CMD_CANCEL_TPM_CMD: 0x09,
  CMD_STORE_VOLATILE: 0x0a,
  CMD_RESET_TPMESTABLISHED: 0x0b,
  CMD_GET_STATEBLOB: 0x0c,
  CMD_SET_STATEBLOB: 0x0d,
  /** Stops the TPM without ending the process (CMD_INIT starts it again): power off. */
  CMD_STOP: 0x0e,
  CMD_GET_CONFIG: 0x0f,
  CMD_SET_DATAFD: 0x10,
  CMD_SET_BUFFERSIZE: 0x11,
  CMD_GET_INFO: 0x12,
} as const;

/** CMD_INIT flag: delete the volatile state file after reading it. */
export const PTM_INIT_FLAG_DELETE_VOLATILE = 1;

/** Capability flags of CMD_GET_CAPABILITY. */
export const PTM_CAP = {
  INIT: 1 << 0,
  SHUTDOWN: 1 << 1,
  GET_TPMESTABLISHED: 1 << 2,
  SET_LOCALITY: 1 << 3,
  HASHING: 1 << 4,
  CANCEL_TPM_CMD: 1 << 5,
  STORE_VOLATILE: 1 << 6,
  RESET_TPMESTABLISHED: 1 << 7,
  GET_STATEBLOB: 1 << 8,
  SET_STATEBLOB: 1 << 9,
  STOP: 1 << 10,
  GET_CONFIG: 1 << 11,
  SET_DATAFD: 1 << 12,
  SET_BUFFERSIZE: 1 << 13,
  GET_INFO: 1 << 14,
} as const;

/** Names of the TPM 1.2-style result codes swtpm returns in ptm_res. */
const PTM_RES_NAMES: Record<number, string> = {
  0: "TPM_SUCCESS",
  3: "TPM_BAD_PARAMETER",
  9: "TPM_FAIL",
  10: "TPM_BAD_ORDINAL",
  31: "TPM_IOERROR",
  61: "TPM_BAD_LOCALITY",
};

/** Text for a ptm_res value. */
export function ptmResultText(result: number): string {
  return `${PTM_RES_NAMES[result] ?? "unknown result"} (0x${result.toString(16)})`;
}
