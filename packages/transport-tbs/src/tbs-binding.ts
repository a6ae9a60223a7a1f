/**
 * The native TBS calls the transport needs, as an injectable interface: the
 * koffi binding implements it on Windows; tests implement it with a double that
 * behaves as TBS documents.
 */

/** An opaque TBS_HCONTEXT. */
export type TbsContextHandle = unknown;

/** TPM_DEVICE_INFO. */
export interface TpmDeviceInfo {
  readonly structVersion: number;
  /** TPM_VERSION_12 (1) or TPM_VERSION_20 (2). */
  readonly tpmVersion: number;
  readonly tpmInterfaceType: number;
  readonly tpmImpRevision: number;
}

/** Tbsi_* / Tbsip_* as async calls returning the TBS_RESULT (and outputs). */
export interface TbsBinding {
  /** Tbsi_GetDeviceInfo(sizeof(TPM_DEVICE_INFO), &info). */
  getDeviceInfo(): Promise<{ result: number; info?: TpmDeviceInfo }>;
  /** Tbsi_Context_Create(&TBS_CONTEXT_PARAMS2{ version, flags }, &hContext). */
  contextCreate(params: { version: number; flags: number }): Promise<{ result: number; context?: TbsContextHandle }>;
  /**
   * Tbsip_Submit_Command(hContext, locality, priority, command, command.length,
   * resultBuffer, &resultLength): resultLength goes in as resultBuffer.length and
   * comes back as the bytes written.
   */
  submitCommand(
    context: TbsContextHandle,
    locality: number,
    priority: number,
    command: Uint8Array,
    resultBuffer: Uint8Array,
  ): Promise<{ result: number; resultLength: number }>;
  /** Tbsip_Cancel_Commands(hContext). */
  cancelCommands(context: TbsContextHandle): Promise<number>;
  /** Tbsip_Context_Close(hContext). */
  contextClose(context: TbsContextHandle): Promise<number>;
}
