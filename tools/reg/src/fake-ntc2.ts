/**
 * A fake Nuvoton NTC2 TPM, for the ntc2* utilities (swtpm has no vendor
 * commands): a Transport that answers NTC2_GetConfig, NTC2_PreConfig and
 * NTC2_LockPreConfig from Nuvoton's published layout (no handles, no sessions,
 * an 18-byte NTC2_CFG_STRUCT) and every other command with
 * TPM_RC_COMMAND_CODE, served over TCP in MS-sim (or raw) framing by
 * startTpmProxy. It forwards nothing. What a real chip returns for a write
 * after the lock, or for an invalid structure, is not published: the fake
 * returns TPM_RC_NV_LOCKED and TPM_RC_VALUE (parameter 1), our choice.
 */
import { TPM_CC, TPM_RC, TPM_ST, type Transport } from "@tss/marshal";
import { startTpmProxy, type TpmProxy } from "@tss/transport-mssim";

/** NTC2_CFG_STRUCT's size: eighteen one-byte registers. */
export const NTC2_CFG_SIZE = 18;
/** IsLocked's offset in NTC2_CFG_STRUCT (the last byte), and IsValid's (the one before). */
const IS_LOCKED = 17;
const IS_VALID = 16;

/** TPM_RC_VALUE at parameter 1. */
const RC_VALUE_P1 = TPM_RC.VALUE + 0x40 + 0x100;

/** One command the fake saw. */
export interface FakeNtc2Command {
  readonly code: number;
  readonly bytes: Uint8Array;
}

/** The fake TPM's state and its command log. */
export class FakeNtc2Tpm implements Transport {
  /** The current NTC2_CFG_STRUCT: "as shipped" every register FFh (IsValid not yet AAh, IsLocked FFh). */
  readonly config = new Uint8Array(NTC2_CFG_SIZE).fill(0xff);
  /** Every command received, in order. */
  readonly commands: FakeNtc2Command[] = [];

  /** Answers one command. */
  async send(command: Uint8Array): Promise<Uint8Array> {
    const view = new DataView(command.buffer, command.byteOffset, command.byteLength);
    if (command.length < 10) return response(TPM_RC.COMMAND_SIZE);
    const tag = view.getUint16(0);
    const size = view.getUint32(2);
    const code = view.getUint32(6);
    this.commands.push({ code, bytes: command.slice() });
    if (size !== command.length) return response(TPM_RC.COMMAND_SIZE);
    const known = [TPM_CC.NTC2_GetConfig, TPM_CC.NTC2_PreConfig, TPM_CC.NTC2_LockPreConfig] as number[];
    if (!known.includes(code)) return response(TPM_RC.COMMAND_CODE);
    // The three take no sessions.
    if (tag !== TPM_ST.NO_SESSIONS) return response(TPM_RC.BAD_TAG);
    const parameterSize = code === TPM_CC.NTC2_PreConfig ? NTC2_CFG_SIZE : 0;
    if (size !== 10 + parameterSize) return response(TPM_RC.COMMAND_SIZE);
    switch (code) {
      case TPM_CC.NTC2_GetConfig:
        return response(TPM_RC.SUCCESS, this.config);
      case TPM_CC.NTC2_PreConfig: {
        if (this.locked) return response(TPM_RC.NV_LOCKED);
        const preConfig = command.subarray(10);
        if (preConfig[IS_VALID] !== 0xaa) return response(RC_VALUE_P1);
        // IsLocked is ignored on write.
        this.config.set(preConfig.subarray(0, IS_LOCKED));
        return response(TPM_RC.SUCCESS);
      }
      default:
        this.config[IS_LOCKED] = 0xaa;
        return response(TPM_RC.SUCCESS);
    }
  }

  /** True once NTC2_LockPreConfig has run. */
  get locked(): boolean {
    return this.config[IS_LOCKED] === 0xaa;
  }

  /** Nothing to close: the state lives as long as the object. */
  async close(): Promise<void> {}
}

/** A response with no sessions: header and `parameters`. */
function response(rc: number, parameters: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(10 + (rc === TPM_RC.SUCCESS ? parameters.length : 0));
  const view = new DataView(out.buffer);
  view.setUint16(0, TPM_ST.NO_SESSIONS);
  view.setUint32(2, out.length);
  view.setUint32(6, rc);
  if (rc === TPM_RC.SUCCESS) out.set(parameters, 10);
  return out;
}

/** A running fake NTC2 TPM on a TCP port. */
export interface FakeNtc2Server {
  readonly tpm: FakeNtc2Tpm;
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Starts the fake on a free port of 127.0.0.1, in MS-sim framing (default) or raw. */
export async function startFakeNtc2(options: { serverType?: "mssim" | "raw" } = {}): Promise<FakeNtc2Server> {
  const tpm = new FakeNtc2Tpm();
  const proxy: TpmProxy = await startTpmProxy({ transport: tpm, serverType: options.serverType ?? "mssim" });
  return { tpm, host: proxy.host, port: proxy.port, close: () => proxy.close() };
}
