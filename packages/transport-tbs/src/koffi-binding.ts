/**
 * The TbsBinding over tbs.dll through koffi, loaded on first use (koffi is
 * imported only when this binding is made, so nothing native loads elsewhere).
 */
import { TssError } from "@tss/marshal";
import type { TbsBinding, TbsContextHandle, TpmDeviceInfo } from "./tbs-binding.js";

type KoffiFn = ((...args: unknown[]) => unknown) & { async: (...args: unknown[]) => void };
interface KoffiLib {
  func(prototype: string): KoffiFn;
}
interface Koffi {
  load(path: string): KoffiLib;
  struct(name: string, members: Record<string, string>): unknown;
  pointer(name: string, type: unknown): unknown;
  opaque(): unknown;
}

function callAsync(fn: KoffiFn, ...args: unknown[]): Promise<number> {
  return new Promise((resolve, reject) => {
    fn.async(...args, (err: Error | null, result: number) => (err ? reject(err) : resolve(result >>> 0)));
  });
}

let typesDeclared = false;

/**
 * Loads `library` (default "tbs.dll") through koffi and binds the five TBS
 * calls. Submit runs on a worker thread (koffi's async call), so a long TPM
 * command does not block the event loop.
 */
export async function loadKoffiTbsBinding(library = "tbs.dll"): Promise<TbsBinding> {
  let koffi: Koffi;
  try {
    const mod = (await import("koffi")) as unknown as { default?: Koffi } & Koffi;
    koffi = mod.default ?? mod;
  } catch (e) {
    throw new TssError("PLUGIN_MISSING", "the TBS transport needs the 'koffi' package: npm install koffi", {
      cause: e,
    });
  }
  let lib: KoffiLib;
  try {
    lib = koffi.load(library);
  } catch (e) {
    throw new TssError("DEVICE", `cannot load ${library}: ${(e as Error).message}`, { cause: e });
  }
  if (!typesDeclared) {
    koffi.struct("TBS_CONTEXT_PARAMS2", { version: "uint32_t", asUINT32: "uint32_t" });
    koffi.struct("TPM_DEVICE_INFO", {
      structVersion: "uint32_t",
      tpmVersion: "uint32_t",
      tpmInterfaceType: "uint32_t",
      tpmImpRevision: "uint32_t",
    });
    koffi.pointer("TBS_HCONTEXT", koffi.opaque());
    typesDeclared = true;
  }
  const getDeviceInfo = lib.func("uint32_t __stdcall Tbsi_GetDeviceInfo(uint32_t Size, _Out_ TPM_DEVICE_INFO *Info)");
  const contextCreate = lib.func(
    "uint32_t __stdcall Tbsi_Context_Create(const TBS_CONTEXT_PARAMS2 *pContextParams, _Out_ TBS_HCONTEXT *phContext)",
  );
  const submit = lib.func(
    "uint32_t __stdcall Tbsip_Submit_Command(TBS_HCONTEXT hContext, uint32_t Locality, uint32_t Priority, " +
      "const uint8_t *pabCommand, uint32_t cbCommand, _Out_ uint8_t *pabResult, _Inout_ uint32_t *pcbResult)",
  );
  const cancel = lib.func("uint32_t __stdcall Tbsip_Cancel_Commands(TBS_HCONTEXT hContext)");
  const close = lib.func("uint32_t __stdcall Tbsip_Context_Close(TBS_HCONTEXT hContext)");
  return {
    async getDeviceInfo() {
      const info = {} as TpmDeviceInfo;
      const result = await callAsync(getDeviceInfo, 16, info);
      return result === 0 ? { result, info } : { result };
    },
    async contextCreate(params) {
      const out: [TbsContextHandle] = [null];
      const result = await callAsync(contextCreate, { version: params.version, asUINT32: params.flags }, out);
      return result === 0 ? { result, context: out[0] } : { result };
    },
    async submitCommand(context, locality, priority, command, resultBuffer) {
      const length: [number] = [resultBuffer.length];
      const result = await callAsync(
        submit,
        context,
        locality,
        priority,
        command,
        command.length,
        resultBuffer,
        length,
      );
      return { result, resultLength: length[0] };
    },
    cancelCommands: (context) => callAsync(cancel, context),
    contextClose: (context) => callAsync(close, context),
  };
}
