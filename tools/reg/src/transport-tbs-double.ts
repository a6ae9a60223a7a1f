/**
 * A TbsBinding double that behaves as the TBS documentation says, with each
 * context a raw connection to swtpm: parameters are checked (context version and
 * TPM 2.0 flag, locality zero, the five priorities, command sizes), a closed or
 * unknown context is TBS_E_INVALID_CONTEXT, an output buffer smaller than the
 * response is TBS_E_INSUFFICIENT_BUFFER (the command has run), a cancelled
 * command returns TBS_E_COMMAND_CANCELED, blocked commands TPM_E_COMMAND_BLOCKED.
 */
import { connect, type Socket } from "node:net";
import type { TbsBinding, TpmDeviceInfo } from "@tss/transport-tbs";
import { TBS_RESULT } from "@tss/transport-tbs";

interface Ctx {
  socket: Socket;
  open: boolean;
  cancelled: boolean;
  chunks: Buffer[];
  waiter?: () => void;
}

/** Options of the double. */
export interface TbsDoubleOptions {
  readonly host: string;
  readonly port: number;
  /** TPM_DEVICE_INFO.tpmVersion to report. Default 2. */
  readonly tpmVersion?: number;
  /** Command codes the double blocks like Windows' blocked-command policy. */
  readonly blocked?: readonly number[];
}

/** The double, with counters for the tests. */
export interface TbsDouble extends TbsBinding {
  readonly calls: string[];
  /** Closes every context behind the caller's back (as a TBS restart would). */
  invalidateAll(): void;
}

const PRIORITIES = new Set([100, 200, 300, 400, 0x80000000]);

/** Makes the double. */
export function tbsDouble(options: TbsDoubleOptions): TbsDouble {
  const contexts = new Set<Ctx>();
  const calls: string[] = [];
  const valid = (c: unknown): c is Ctx => contexts.has(c as Ctx) && (c as Ctx).open;
  const readExactly = async (c: Ctx, n: number): Promise<Buffer | undefined> => {
    for (;;) {
      const have = c.chunks.reduce((a, b) => a + b.length, 0);
      if (have >= n) {
        const all = Buffer.concat(c.chunks);
        c.chunks = [all.subarray(n)];
        return all.subarray(0, n);
      }
      if (!c.open || c.socket.destroyed) return undefined;
      await new Promise<void>((r) => (c.waiter = r));
    }
  };
  return {
    calls,
    invalidateAll() {
      for (const c of contexts) {
        c.open = false;
        c.socket.destroy();
      }
      contexts.clear();
    },
    async getDeviceInfo() {
      calls.push("Tbsi_GetDeviceInfo");
      const info: TpmDeviceInfo = {
        structVersion: 1,
        tpmVersion: options.tpmVersion ?? 2,
        tpmInterfaceType: 1,
        tpmImpRevision: 0,
      };
      return { result: 0, info };
    },
    async contextCreate(params) {
      calls.push("Tbsi_Context_Create");
      if (params.version !== 1 && params.version !== 2) return { result: TBS_RESULT.TBS_E_INVALID_CONTEXT_PARAM };
      if (params.version === 2 && (params.flags & 4) === 0) return { result: TBS_RESULT.TBS_E_INVALID_CONTEXT_PARAM };
      const socket = connect({ host: options.host, port: options.port, noDelay: true });
      const ok = await new Promise<boolean>((r) => {
        socket.once("connect", () => r(true));
        socket.once("error", () => r(false));
      });
      if (!ok) return { result: TBS_RESULT.TBS_E_TPM_NOT_FOUND };
      const c: Ctx = { socket, open: true, cancelled: false, chunks: [] };
      socket.on("data", (d: Buffer) => {
        c.chunks.push(d);
        c.waiter?.();
      });
      socket.on("close", () => {
        c.open = false;
        c.waiter?.();
      });
      contexts.add(c);
      return { result: 0, context: c };
    },
    async submitCommand(context, locality, priority, command, resultBuffer) {
      calls.push("Tbsip_Submit_Command");
      const none = { resultLength: 0 };
      if (!valid(context)) return { result: TBS_RESULT.TBS_E_INVALID_CONTEXT, ...none };
      if (locality !== 0 || !PRIORITIES.has(priority) || command.length < 10)
        return { result: TBS_RESULT.TBS_E_BAD_PARAMETER, ...none };
      if (command.length > 4096) return { result: TBS_RESULT.TBS_E_BUFFER_TOO_LARGE, ...none };
      const code = new DataView(command.buffer, command.byteOffset).getUint32(6);
      if (options.blocked?.includes(code)) return { result: TBS_RESULT.TPM_E_COMMAND_BLOCKED, ...none };
      context.cancelled = false;
      context.socket.write(command);
      const header = await readExactly(context, 10);
      if (!header) return { result: TBS_RESULT.TBS_E_IOERROR, ...none };
      const size = header.readUInt32BE(2);
      const rest = await readExactly(context, size - 10);
      if (!rest) return { result: TBS_RESULT.TBS_E_IOERROR, ...none };
      if (context.cancelled) return { result: TBS_RESULT.TBS_E_COMMAND_CANCELED, ...none };
      if (resultBuffer.length < size)
        return { result: TBS_RESULT.TBS_E_INSUFFICIENT_BUFFER, resultLength: resultBuffer.length };
      resultBuffer.set(header, 0);
      resultBuffer.set(rest, 10);
      return { result: 0, resultLength: size };
    },
    async cancelCommands(context) {
      calls.push("Tbsip_Cancel_Commands");
      if (!valid(context)) return TBS_RESULT.TBS_E_INVALID_CONTEXT;
      context.cancelled = true;
      return 0;
    },
    async contextClose(context) {
      calls.push("Tbsip_Context_Close");
      if (!valid(context)) return TBS_RESULT.TBS_E_INVALID_CONTEXT;
      context.open = false;
      context.socket.end();
      contexts.delete(context);
      return 0;
    },
  };
}
