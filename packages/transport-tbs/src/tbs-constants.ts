/**
 * Windows TPM Base Services (tbs.h) values: result codes, context versions,
 * localities and priorities, device-info fields.
 */

/** TBS_RESULT values (tbs.h, "TBS Return Codes"). */
export const TBS_RESULT = {
  TBS_SUCCESS: 0x0,
  TBS_E_INTERNAL_ERROR: 0x80284001,
  TBS_E_BAD_PARAMETER: 0x80284002,
  TBS_E_INVALID_OUTPUT_POINTER: 0x80284003,
  TBS_E_INVALID_CONTEXT: 0x80284004,
  TBS_E_INSUFFICIENT_BUFFER: 0x80284005,
  TBS_E_IOERROR: 0x80284006,
  TBS_E_INVALID_CONTEXT_PARAM: 0x80284007,
  TBS_E_SERVICE_NOT_RUNNING: 0x80284008,
  TBS_E_TOO_MANY_TBS_CONTEXTS: 0x80284009,
  TBS_E_TOO_MANY_RESOURCES: 0x8028400a,
  TBS_E_SERVICE_START_PENDING: 0x8028400b,
  TBS_E_PPI_NOT_SUPPORTED: 0x8028400c,
  TBS_E_COMMAND_CANCELED: 0x8028400d,
  TBS_E_BUFFER_TOO_LARGE: 0x8028400e,
  TBS_E_TPM_NOT_FOUND: 0x8028400f,
  TBS_E_SERVICE_DISABLED: 0x80284010,
  TBS_E_NO_EVENT_LOG: 0x80284011,
  TBS_E_ACCESS_DENIED: 0x80284012,
  TBS_E_PROVISIONING_NOT_ALLOWED: 0x80284013,
  TBS_E_PPI_FUNCTION_UNSUPPORTED: 0x80284014,
  TBS_E_OWNERAUTH_NOT_FOUND: 0x80284015,
  TBS_E_PROVISIONING_INCOMPLETE: 0x80284016,
  /** Not a TBS code: the TPM's "command blocked" (Windows command blocking policy). */
  TPM_E_COMMAND_BLOCKED: 0x80280400,
} as const;

const DESCRIPTIONS: Record<number, string> = {
  [TBS_RESULT.TBS_SUCCESS]: "success",
  [TBS_RESULT.TBS_E_INTERNAL_ERROR]: "an internal software error occurred",
  [TBS_RESULT.TBS_E_BAD_PARAMETER]: "one or more parameter values are not valid",
  [TBS_RESULT.TBS_E_INVALID_OUTPUT_POINTER]: "a specified output pointer is not valid",
  [TBS_RESULT.TBS_E_INVALID_CONTEXT]: "the specified context handle does not refer to a valid context",
  [TBS_RESULT.TBS_E_INSUFFICIENT_BUFFER]: "the specified output buffer is too small",
  [TBS_RESULT.TBS_E_IOERROR]: "an error occurred while communicating with the TPM",
  [TBS_RESULT.TBS_E_INVALID_CONTEXT_PARAM]:
    "a context parameter that is not valid was passed when attempting to create a TBS context",
  [TBS_RESULT.TBS_E_SERVICE_NOT_RUNNING]: "the TBS service is not running and could not be started",
  [TBS_RESULT.TBS_E_TOO_MANY_TBS_CONTEXTS]:
    "a new context could not be created because there are too many open contexts",
  [TBS_RESULT.TBS_E_TOO_MANY_RESOURCES]:
    "a new virtual resource could not be created because there are too many open virtual resources",
  [TBS_RESULT.TBS_E_SERVICE_START_PENDING]: "the TBS service has been started but is not yet running",
  [TBS_RESULT.TBS_E_PPI_NOT_SUPPORTED]: "the physical presence interface is not supported",
  [TBS_RESULT.TBS_E_COMMAND_CANCELED]: "the command was canceled",
  [TBS_RESULT.TBS_E_BUFFER_TOO_LARGE]: "the input or output buffer is too large",
  [TBS_RESULT.TBS_E_TPM_NOT_FOUND]: "a compatible TPM cannot be found on this computer",
  [TBS_RESULT.TBS_E_SERVICE_DISABLED]: "the TBS service has been disabled",
  [TBS_RESULT.TBS_E_NO_EVENT_LOG]: "the TBS event log is not available",
  [TBS_RESULT.TBS_E_ACCESS_DENIED]:
    "the caller does not have the appropriate rights to perform the requested operation",
  [TBS_RESULT.TBS_E_PROVISIONING_NOT_ALLOWED]: "the TPM provisioning action is not allowed by the specified flags",
  [TBS_RESULT.TBS_E_PPI_FUNCTION_UNSUPPORTED]:
    "the physical presence interface of this firmware does not support the requested method",
  [TBS_RESULT.TBS_E_OWNERAUTH_NOT_FOUND]: "the requested TPM OwnerAuth value was not found",
  [TBS_RESULT.TBS_E_PROVISIONING_INCOMPLETE]: "the TPM provisioning did not complete",
  [TBS_RESULT.TPM_E_COMMAND_BLOCKED]: "the command is blocked by the Windows TPM command blocking policy",
};

const NAMES = new Map<number, string>(Object.entries(TBS_RESULT).map(([k, v]) => [v, k]));

/** "TBS_E_NAME (0x8028400f): description" for a TBS_RESULT. */
export function tbsResultText(result: number): string {
  const r = result >>> 0;
  return `${NAMES.get(r) ?? "unknown TBS result"} (0x${r.toString(16).padStart(8, "0")})${DESCRIPTIONS[r] ? `: ${DESCRIPTIONS[r]}` : ""}`;
}

/** TBS_CONTEXT_VERSION_TWO: the TBS_CONTEXT_PARAMS2 layout, needed for TPM 2.0. */
export const TBS_CONTEXT_VERSION_TWO = 2;
/** TBS_CONTEXT_PARAMS2 flag bits (the asUINT32 union member). */
export const TBS_CONTEXT_FLAGS = { requestRaw: 1, includeTpm12: 2, includeTpm20: 4 } as const;
/** TBS_COMMAND_LOCALITY_ZERO: the only locality Windows supports. */
export const TBS_COMMAND_LOCALITY_ZERO = 0;
/** TBS_COMMAND_PRIORITY values. */
export const TBS_COMMAND_PRIORITY = { LOW: 100, NORMAL: 200, HIGH: 300, SYSTEM: 400, MAX: 0x80000000 } as const;
/** TPM_DEVICE_INFO.tpmVersion values. */
export const TPM_VERSION = { TPM_VERSION_12: 1, TPM_VERSION_20: 2 } as const;
