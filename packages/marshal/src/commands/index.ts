/** Every command schema (Part 3, chapters 9 to 34), by name and by command code. */

import { lazyTable } from "../codec/lazy.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import {
  ECC_Decrypt,
  ECC_Encrypt,
  ECC_Parameters,
  ECDH_KeyGen,
  ECDH_ZGen,
  RSA_Decrypt,
  RSA_Encrypt,
  ZGen_2Phase,
} from "./asymmetric-primitives.js";
import { AC_GetCapability, AC_Send, Policy_AC_SendSelect } from "./attached-components.js";
import {
  Certify,
  CertifyCreation,
  CertifyX509,
  GetCommandAuditDigest,
  GetSessionAuditDigest,
  GetTime,
  Quote,
} from "./attestation-commands.js";
import { ACT_SetTimeout } from "./authenticated-countdown-timer.js";
import { GetCapability, SetCapability, TestParms } from "./capability-commands.js";
import { ClockRateAdjust, ClockSet, ReadClock } from "./clocks-and-timers.js";
import { SetCommandCodeAuditStatus } from "./command-audit.js";
import type { CommandSchema } from "./command-schema.js";
import { ContextLoad, ContextSave, EvictControl, FlushContext } from "./context-management.js";
import { DictionaryAttackLockReset, DictionaryAttackParameters } from "./dictionary-attack-functions.js";
import { Duplicate, Import, Rewrap } from "./duplication-commands.js";
import {
  PolicyAuthorize,
  PolicyAuthorizeNV,
  PolicyAuthValue,
  PolicyCapability,
  PolicyCommandCode,
  PolicyCounterTimer,
  PolicyCpHash,
  PolicyDuplicationSelect,
  PolicyGetDigest,
  PolicyLocality,
  PolicyNameHash,
  PolicyNV,
  PolicyNvWritten,
  PolicyOR,
  PolicyParameters,
  PolicyPassword,
  PolicyPCR,
  PolicyPhysicalPresence,
  PolicySecret,
  PolicySigned,
  PolicyTemplate,
  PolicyTicket,
} from "./enhanced-authorization.js";
import { Commit, EC_Ephemeral } from "./ephemeral-ec-keys.js";
import { FieldUpgradeData, FieldUpgradeStart, FirmwareRead } from "./field-upgrade.js";
import {
  EventSequenceComplete,
  HashSequenceStart,
  MAC_Start,
  SequenceComplete,
  SequenceUpdate,
} from "./hash-hmac-event-sequences.js";
import {
  ChangeEPS,
  ChangePPS,
  Clear,
  ClearControl,
  CreatePrimary,
  HierarchyChangeAuth,
  HierarchyControl,
  SetPrimaryPolicy,
} from "./hierarchy-commands.js";
import {
  PCR_Allocate,
  PCR_Event,
  PCR_Extend,
  PCR_Read,
  PCR_Reset,
  PCR_SetAuthPolicy,
  PCR_SetAuthValue,
} from "./integrity-collection-pcr.js";
import { PP_Commands, SetAlgorithmSet } from "./miscellaneous-management-functions.js";
import {
  NV_Certify,
  NV_ChangeAuth,
  NV_DefineSpace,
  NV_DefineSpace2,
  NV_Extend,
  NV_GlobalWriteLock,
  NV_Increment,
  NV_Read,
  NV_ReadLock,
  NV_ReadPublic,
  NV_ReadPublic2,
  NV_SetBits,
  NV_UndefineSpace,
  NV_UndefineSpaceSpecial,
  NV_Write,
  NV_WriteLock,
} from "./non-volatile-storage.js";
import { NTC2_GetConfig, NTC2_LockPreConfig, NTC2_PreConfig } from "./nuvoton-ntc2.js";
import {
  ActivateCredential,
  Create,
  CreateLoaded,
  Load,
  LoadExternal,
  MakeCredential,
  ObjectChangeAuth,
  ReadPublic,
  Unseal,
} from "./object-commands.js";
import { GetRandom, StirRandom } from "./random-number-generator.js";
import { PolicyRestart, StartAuthSession } from "./session-commands.js";
import { Sign, VerifySignature } from "./signing-and-signature-verification.js";
import { Shutdown, Startup } from "./startup.js";
import { EncryptDecrypt, EncryptDecrypt2, Hash, MAC } from "./symmetric-primitives.js";
import { GetTestResult, IncrementalSelfTest, SelfTest } from "./testing.js";
import { Vendor_TCG_Test } from "./vendor-specific.js";

// Each schema is also exported by name (`import { GetRandom } from "@tss/marshal"`),
// so that a bundle takes only the commands it uses.
export * from "./asymmetric-primitives.js";
export * from "./attached-components.js";
export * from "./attestation-commands.js";
export * from "./authenticated-countdown-timer.js";
export * from "./capability-commands.js";
export * from "./clocks-and-timers.js";
export * from "./command-audit.js";
export * from "./context-management.js";
export * from "./dictionary-attack-functions.js";
export * from "./duplication-commands.js";
export * from "./enhanced-authorization.js";
export * from "./ephemeral-ec-keys.js";
export * from "./field-upgrade.js";
export * from "./hash-hmac-event-sequences.js";
export * from "./hierarchy-commands.js";
export * from "./integrity-collection-pcr.js";
export * from "./miscellaneous-management-functions.js";
export * from "./non-volatile-storage.js";
export * from "./nuvoton-ntc2.js";
export * from "./object-commands.js";
export * from "./random-number-generator.js";
export * from "./session-commands.js";
export * from "./signing-and-signature-verification.js";
export * from "./startup.js";
export * from "./symmetric-primitives.js";
export * from "./testing.js";
export * from "./vendor-specific.js";

/**
 * All command schemas by name (the TPM2_ prefix dropped), one per command code.
 * Where Part 3 gives two names to one code (TPM2_HMAC and TPM2_MAC, TPM2_HMAC_Start
 * and TPM2_MAC_Start) the table holds the MAC form only: see {@link COMMAND_ALIASES}.
 * The schemas are named one by one, chapter by chapter (not spread from namespace
 * imports, which a bundler would build at import); commands.test.ts checks that every
 * TPM_CC code has its schema here.
 */
export const COMMANDS = /* @__PURE__ */ lazyTable(
  () =>
    ({
      Shutdown,
      Startup,
      GetTestResult,
      IncrementalSelfTest,
      SelfTest,
      PolicyRestart,
      StartAuthSession,
      ActivateCredential,
      Create,
      CreateLoaded,
      Load,
      LoadExternal,
      MakeCredential,
      ObjectChangeAuth,
      ReadPublic,
      Unseal,
      Duplicate,
      Import,
      Rewrap,
      ECC_Decrypt,
      ECC_Encrypt,
      ECC_Parameters,
      ECDH_KeyGen,
      ECDH_ZGen,
      RSA_Decrypt,
      RSA_Encrypt,
      ZGen_2Phase,
      EncryptDecrypt,
      EncryptDecrypt2,
      Hash,
      MAC,
      GetRandom,
      StirRandom,
      EventSequenceComplete,
      HashSequenceStart,
      MAC_Start,
      SequenceComplete,
      SequenceUpdate,
      Certify,
      CertifyCreation,
      CertifyX509,
      GetCommandAuditDigest,
      GetSessionAuditDigest,
      GetTime,
      Quote,
      Commit,
      EC_Ephemeral,
      Sign,
      VerifySignature,
      SetCommandCodeAuditStatus,
      PCR_Allocate,
      PCR_Event,
      PCR_Extend,
      PCR_Read,
      PCR_Reset,
      PCR_SetAuthPolicy,
      PCR_SetAuthValue,
      PolicyAuthValue,
      PolicyAuthorize,
      PolicyAuthorizeNV,
      PolicyCapability,
      PolicyCommandCode,
      PolicyCounterTimer,
      PolicyCpHash,
      PolicyDuplicationSelect,
      PolicyGetDigest,
      PolicyLocality,
      PolicyNV,
      PolicyNameHash,
      PolicyNvWritten,
      PolicyOR,
      PolicyPCR,
      PolicyParameters,
      PolicyPassword,
      PolicyPhysicalPresence,
      PolicySecret,
      PolicySigned,
      PolicyTemplate,
      PolicyTicket,
      ChangeEPS,
      ChangePPS,
      Clear,
      ClearControl,
      CreatePrimary,
      HierarchyChangeAuth,
      HierarchyControl,
      SetPrimaryPolicy,
      DictionaryAttackLockReset,
      DictionaryAttackParameters,
      PP_Commands,
      SetAlgorithmSet,
      FieldUpgradeData,
      FieldUpgradeStart,
      FirmwareRead,
      ContextLoad,
      ContextSave,
      EvictControl,
      FlushContext,
      ClockRateAdjust,
      ClockSet,
      ReadClock,
      GetCapability,
      SetCapability,
      TestParms,
      NV_Certify,
      NV_ChangeAuth,
      NV_DefineSpace,
      NV_DefineSpace2,
      NV_Extend,
      NV_GlobalWriteLock,
      NV_Increment,
      NV_Read,
      NV_ReadLock,
      NV_ReadPublic,
      NV_ReadPublic2,
      NV_SetBits,
      NV_UndefineSpace,
      NV_UndefineSpaceSpecial,
      NV_Write,
      NV_WriteLock,
      AC_GetCapability,
      AC_Send,
      Policy_AC_SendSelect,
      ACT_SetTimeout,
      Vendor_TCG_Test,
      NTC2_GetConfig,
      NTC2_LockPreConfig,
      NTC2_PreConfig,
    }) as const,
  {},
);

/** The schema table type. */
export type Commands = typeof COMMANDS;
/** A command's name. */
export type CommandName = keyof Commands;

/**
 * Part 3 command names that share a code and a wire format with a schema of another
 * name: TPM2_HMAC's `hashAlg` is TPM2_MAC's `inScheme` restricted to hash algorithms,
 * its `outHMAC` is `outMAC`; likewise TPM2_HMAC_Start and TPM2_MAC_Start.
 */
export const COMMAND_ALIASES = { HMAC: "MAC", HMAC_Start: "MAC_Start" } as const satisfies Record<string, CommandName>;

/**
 * Schema by command code. Built on first use without building the schemas: each
 * schema's code is read from TPM_CC under the schema's name (test/commands.test.ts
 * checks that every schema's own code is that one), so looking up one command
 * builds that command's schema only.
 */
export const COMMANDS_BY_CODE: ReadonlyMap<number, CommandSchema> = /* @__PURE__ */ lazyTable(
  () =>
    new Map(
      Object.entries(COMMANDS).map(
        ([name, s]) => [(TPM_CC as Record<string, number>)[name] ?? s.code, s as CommandSchema] as const,
      ),
    ),
  new Map(),
);

/** Looks up the schema of a command code; undefined when unknown. */
export function commandSchema(code: number): CommandSchema | undefined {
  return COMMANDS_BY_CODE.get(code);
}

/** The schema of a command code, as a type: `SchemaOf<typeof TPM_CC.GetRandom>`. */
export type SchemaOf<C extends number> = {
  [K in CommandName]: Commands[K]["code"] extends C ? (C extends Commands[K]["code"] ? Commands[K] : never) : never;
}[CommandName];
