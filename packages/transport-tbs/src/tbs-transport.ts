/**
 * The transport through Windows TPM Base Services: a TBS context for TPM 2.0
 * (TBS_CONTEXT_PARAMS2, includeTpm20), commands submitted with
 * Tbsip_Submit_Command at locality zero. TBS is itself a resource manager:
 * objects live as long as the context.
 */
import {
  type AbortSignalLike,
  checkSendOptions,
  readHeader,
  type SendOptions,
  TPM_HEADER_SIZE,
  type Transport,
  TssError,
} from "@tss/marshal";
import { loadKoffiTbsBinding } from "./koffi-binding.js";
import type { TbsBinding, TbsContextHandle } from "./tbs-binding.js";
import {
  TBS_COMMAND_LOCALITY_ZERO,
  TBS_COMMAND_PRIORITY,
  TBS_CONTEXT_FLAGS,
  TBS_CONTEXT_VERSION_TWO,
  TBS_RESULT,
  TPM_VERSION,
  tbsResultText,
} from "./tbs-constants.js";

/** Options of a TBS connection. */
export interface TbsTransportOptions {
  /** The native calls; default: tbs.dll through koffi (Windows only). */
  readonly binding?: TbsBinding | (() => Promise<TbsBinding>);
  /** TBS_COMMAND_PRIORITY. Default NORMAL (200). */
  readonly priority?: number;
  /** Size of the response buffer handed to TBS. Default 8192 (TPMs answer at most 4096). */
  readonly maxResponseSize?: number;
  /** Milliseconds before a command is cancelled (Tbsip_Cancel_Commands). Default 120000. */
  readonly responseTimeoutMs?: number;
}

/** A TssError for a failed TBS call. */
export function tbsError(call: string, result: number): TssError {
  const text = `${call} failed: ${tbsResultText(result)}`;
  switch (result >>> 0) {
    case TBS_RESULT.TBS_E_COMMAND_CANCELED:
      return new TssError("ABORTED", text);
    case TBS_RESULT.TBS_E_INVALID_CONTEXT:
      return new TssError("BAD_CONNECTION", text);
    case TBS_RESULT.TBS_E_BAD_PARAMETER:
    case TBS_RESULT.TBS_E_BUFFER_TOO_LARGE:
      return new TssError("BAD_PARAMETER", text);
    case TBS_RESULT.TBS_E_SERVICE_NOT_RUNNING:
    case TBS_RESULT.TBS_E_SERVICE_DISABLED:
    case TBS_RESULT.TBS_E_SERVICE_START_PENDING:
      return new TssError("DEVICE", `${text}; start the TPM Base Services service (sc start TBS)`);
    case TBS_RESULT.TBS_E_TPM_NOT_FOUND:
      return new TssError("DEVICE", `${text}; check tpm.msc or the firmware (fTPM/PTT) settings`);
    case TBS_RESULT.TPM_E_COMMAND_BLOCKED:
      return new TssError("DEVICE", `${text}; see Group Policy "Configure the list of blocked TPM commands"`);
    case TBS_RESULT.TBS_E_INSUFFICIENT_BUFFER:
      return new TssError(
        "DEVICE",
        `${text}; the TPM ran the command but its response did not fit (raise maxResponseSize)`,
      );
    default:
      return new TssError("DEVICE", text);
  }
}

/**
 * A TPM through TBS. The context is created on the first command and closed by
 * close(); overlapping sends are queued. An abort or timeout calls
 * Tbsip_Cancel_Commands; the next send waits for the cancelled call to return.
 */
export class TbsTransport implements Transport {
  private readonly bindingSource: TbsBinding | (() => Promise<TbsBinding>) | undefined;
  private binding: TbsBinding | undefined;
  private context: TbsContextHandle | undefined;
  private readonly priority: number;
  private readonly maxResponseSize: number;
  private readonly responseTimeoutMs: number;
  private tail: Promise<unknown> = Promise.resolve();
  private inflight: Promise<unknown> | undefined;

  constructor(options: TbsTransportOptions = {}) {
    this.bindingSource = options.binding;
    this.priority = options.priority ?? TBS_COMMAND_PRIORITY.NORMAL;
    this.maxResponseSize = options.maxResponseSize ?? 8192;
    this.responseTimeoutMs = options.responseTimeoutMs ?? 120_000;
  }

  private queue<T>(job: () => Promise<T>): Promise<T> {
    const next = this.tail.then(job, job);
    this.tail = next.catch(() => undefined);
    return next;
  }

  private async getBinding(): Promise<TbsBinding> {
    if (this.binding) return this.binding;
    const source = this.bindingSource;
    if (typeof source === "function") this.binding = await source();
    else if (source) this.binding = source;
    else {
      if (typeof process === "undefined" || process.platform !== "win32") {
        throw new TssError(
          "UNSUPPORTED",
          "TPM Base Services exist only on Windows; use @tss/transport-device or -mssim here",
        );
      }
      this.binding = await loadKoffiTbsBinding();
    }
    return this.binding;
  }

  /** Tbsi_GetDeviceInfo: the TPM's version and interface. */
  async deviceInfo() {
    const binding = await this.getBinding();
    const { result, info } = await binding.getDeviceInfo();
    if (result !== 0 || !info) throw tbsError("Tbsi_GetDeviceInfo", result);
    return info;
  }

  private async openContext(): Promise<{ binding: TbsBinding; context: TbsContextHandle }> {
    const binding = await this.getBinding();
    if (this.context !== undefined) return { binding, context: this.context };
    const info = await this.deviceInfo();
    if (info.tpmVersion !== TPM_VERSION.TPM_VERSION_20) {
      throw new TssError(
        "DEVICE",
        `this computer's TPM is version ${info.tpmVersion === 1 ? "1.2" : info.tpmVersion}, not 2.0`,
      );
    }
    const { result, context } = await binding.contextCreate({
      version: TBS_CONTEXT_VERSION_TWO,
      flags: TBS_CONTEXT_FLAGS.includeTpm20,
    });
    if (result !== 0) throw tbsError("Tbsi_Context_Create", result);
    this.context = context;
    return { binding, context };
  }

  /** Sends one command and resolves with its whole response. */
  send(command: Uint8Array, sendOptions?: SendOptions): Promise<Uint8Array> {
    let options: SendOptions;
    try {
      options = checkSendOptions(sendOptions);
    } catch (e) {
      return Promise.reject(e);
    }
    const header = readHeader(command);
    if (!header || header.size !== command.length) {
      return Promise.reject(
        new TssError("BAD_PARAMETER", `command of ${command.length} bytes does not match its header size`),
      );
    }
    if ((options.locality ?? 0) !== 0) {
      return Promise.reject(new TssError("UNSUPPORTED", `TBS sends at locality 0 only, not ${options.locality}`));
    }
    if (options.signal?.aborted)
      return Promise.reject(new TssError("ABORTED", "send aborted", { cause: options.signal.reason }));
    return this.queue(() => this.sendNow(command, options.signal));
  }

  private async sendNow(command: Uint8Array, signal: AbortSignalLike | undefined): Promise<Uint8Array> {
    if (this.inflight) {
      // A cancelled call has not returned yet: TBS runs one command per context at a time.
      await this.inflight.catch(() => undefined);
      this.inflight = undefined;
    }
    if (signal?.aborted) throw new TssError("ABORTED", "send aborted", { cause: signal.reason });
    const { binding, context } = await this.openContext();
    const buffer = new Uint8Array(this.maxResponseSize);
    const call = binding.submitCommand(context, TBS_COMMAND_LOCALITY_ZERO, this.priority, command, buffer);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const interrupted = new Promise<never>((_, reject) => {
      const stop = (error: TssError) => {
        void binding.cancelCommands(context).catch(() => undefined);
        reject(error);
      };
      timer = setTimeout(
        () => stop(new TssError("TIMEOUT", `no TBS response within ${this.responseTimeoutMs} ms`)),
        this.responseTimeoutMs,
      );
      onAbort = () => stop(new TssError("ABORTED", "send aborted", { cause: signal?.reason }));
      signal?.addEventListener("abort", onAbort, { once: true });
    });
    let outcome: { result: number; resultLength: number };
    try {
      outcome = await Promise.race([call, interrupted]);
    } catch (e) {
      this.inflight = call;
      call.catch(() => undefined);
      throw e;
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener("abort", onAbort);
    }
    if (outcome.result !== 0) {
      const error = tbsError("Tbsip_Submit_Command", outcome.result);
      if (outcome.result >>> 0 === TBS_RESULT.TBS_E_INVALID_CONTEXT) this.context = undefined;
      throw error;
    }
    const length = outcome.resultLength;
    const response = buffer.slice(0, length);
    const h = readHeader(response);
    if (!h || length > buffer.length || h.size !== length || length < TPM_HEADER_SIZE) {
      throw new TssError(
        "MALFORMED_RESPONSE",
        `TBS returned ${length} bytes for a response whose header says ${h?.size ?? "nothing"}`,
      );
    }
    return response;
  }

  /** Closes the TBS context (Tbsip_Context_Close); a later send opens a new one. */
  close(): Promise<void> {
    return this.queue(async () => {
      if (this.inflight) {
        await this.inflight.catch(() => undefined);
        this.inflight = undefined;
      }
      const context = this.context;
      this.context = undefined;
      if (context === undefined || !this.binding) return;
      const result = await this.binding.contextClose(context);
      if (result !== 0) throw tbsError("Tbsip_Context_Close", result);
    });
  }
}
