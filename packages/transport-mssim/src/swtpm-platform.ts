/**
 * PlatformControl over swtpm's control channel (`swtpm socket --ctrl type=tcp`),
 * which speaks swtpm's own protocol, not the MS platform codes.
 */
import { isLocality, type PlatformControl, TssError } from "@tss/marshal";
import { readU32, u32Bytes } from "./mssim-protocol.js";
import { PlatformConnection, type PlatformEndpoint } from "./platform-connection.js";
import { PTM_INIT_FLAG_DELETE_VOLATILE, ptmResultText, SWTPM_CMD } from "./swtpm-ctrl-protocol.js";

const NAMES = new Map<number, string>(Object.entries(SWTPM_CMD).map(([k, v]) => [v, k]));

/** Power (CMD_INIT / CMD_STOP), locality, cancel and capabilities of a swtpm. */
export class SwtpmPlatform implements PlatformControl {
  private readonly connection: PlatformConnection;

  constructor(endpoint: PlatformEndpoint) {
    this.connection = new PlatformConnection(endpoint);
  }

  /** Sends one control command with its request body and returns the answer after a successful ptm_res. */
  async command(code: number, body: Uint8Array = new Uint8Array(0), answerSize = 4): Promise<Uint8Array> {
    const name = NAMES.get(code) ?? `control command ${code}`;
    const request = new Uint8Array(4 + body.length);
    request.set(u32Bytes(code));
    request.set(body, 4);
    const answer = await this.connection.exchange(request, answerSize, name);
    const result = readU32(answer);
    if (result !== 0) throw new TssError("DEVICE", `swtpm ${name} failed: ${ptmResultText(result)}`);
    return answer;
  }

  /** CMD_INIT: (re)starts the TPM, a power cycle when it was running. TPM2_Startup is then required. */
  async powerOn(options: { deleteVolatile?: boolean } = {}): Promise<void> {
    await this.command(SWTPM_CMD.CMD_INIT, u32Bytes(options.deleteVolatile ? PTM_INIT_FLAG_DELETE_VOLATILE : 0));
  }
  /** CMD_STOP: stops the TPM; swtpm keeps running and CMD_INIT starts it again. */
  async powerOff(): Promise<void> {
    await this.command(SWTPM_CMD.CMD_STOP);
  }
  /** swtpm's NV is always available: nothing to do. */
  async nvOn(): Promise<void> {}
  /** CMD_CANCEL_TPM_CMD. */
  async cancel(): Promise<void> {
    await this.command(SWTPM_CMD.CMD_CANCEL_TPM_CMD);
  }
  /** Power cycle: CMD_INIT on a running TPM terminates and restarts it. */
  async reset(): Promise<void> {
    await this.powerOn();
  }
  /** CMD_SET_LOCALITY: the locality of the following commands on the command port (0..4 or 32..255, else BAD_PARAMETER). */
  async setLocality(locality: number): Promise<void> {
    if (!isLocality(locality)) {
      throw new TssError("BAD_PARAMETER", `locality ${String(locality)} is not 0..4 or 32..255`);
    }
    await this.command(SWTPM_CMD.CMD_SET_LOCALITY, Uint8Array.of(locality));
  }
  /** CMD_GET_CAPABILITY: the PTM_CAP flags this swtpm supports on its control channel. */
  async getCapability(): Promise<number> {
    return readU32(await this.command(SWTPM_CMD.CMD_GET_CAPABILITY, undefined, 8), 4);
  }
  /** CMD_SHUTDOWN: stops the TPM and ends the swtpm process. */
  async shutdown(): Promise<void> {
    await this.command(SWTPM_CMD.CMD_SHUTDOWN);
    await this.connection.close();
  }
  /** Closes the control connection. */
  close(): Promise<void> {
    return this.connection.close();
  }
}
