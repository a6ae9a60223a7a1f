/** PlatformControl for the Microsoft simulator's platform port (default 2322). */
import { type PlatformControl, TssError } from "@tss/marshal";
import { MSSIM, readU32, u32Bytes } from "./mssim-protocol.js";
import { PlatformConnection, type PlatformEndpoint } from "./platform-connection.js";

const NAMES = new Map<number, string>(Object.entries(MSSIM).map(([k, v]) => [v, k]));

/** Power, NV and cancel signals in the MS simulator's dialect. */
export class MssimPlatform implements PlatformControl {
  private readonly connection: PlatformConnection;

  constructor(endpoint: PlatformEndpoint) {
    this.connection = new PlatformConnection(endpoint);
  }

  /** Sends one platform code and checks its u32 0 acknowledgement. */
  async signal(code: number): Promise<void> {
    const name = NAMES.get(code) ?? `platform code ${code}`;
    const ack = readU32(await this.connection.exchange(u32Bytes(code), 4, name));
    if (ack !== 0) throw new TssError("DEVICE", `${name} refused by the simulator (answer ${ack})`);
  }

  /** TPM_SIGNAL_POWER_ON. A TPM2_Startup is then required. */
  powerOn(): Promise<void> {
    return this.signal(MSSIM.TPM_SIGNAL_POWER_ON);
  }
  /** TPM_SIGNAL_POWER_OFF. */
  powerOff(): Promise<void> {
    return this.signal(MSSIM.TPM_SIGNAL_POWER_OFF);
  }
  /** TPM_SIGNAL_NV_ON. */
  nvOn(): Promise<void> {
    return this.signal(MSSIM.TPM_SIGNAL_NV_ON);
  }
  /** TPM_SIGNAL_NV_OFF. */
  nvOff(): Promise<void> {
    return this.signal(MSSIM.TPM_SIGNAL_NV_OFF);
  }
  /** TPM_SIGNAL_CANCEL_ON: the command in progress should end with TPM_RC_CANCELED. */
  cancel(): Promise<void> {
    return this.signal(MSSIM.TPM_SIGNAL_CANCEL_ON);
  }
  /** TPM_SIGNAL_CANCEL_OFF: clears the cancel signal. */
  cancelOff(): Promise<void> {
    return this.signal(MSSIM.TPM_SIGNAL_CANCEL_OFF);
  }
  /** Power cycle: TPM_SIGNAL_POWER_OFF then TPM_SIGNAL_POWER_ON. */
  async reset(): Promise<void> {
    await this.powerOff();
    await this.powerOn();
  }
  /** TPM_SIGNAL_PHYS_PRES_ON / OFF. */
  physicalPresence(on: boolean): Promise<void> {
    return this.signal(on ? MSSIM.TPM_SIGNAL_PHYS_PRES_ON : MSSIM.TPM_SIGNAL_PHYS_PRES_OFF);
  }
  /** TPM_STOP: the simulator process exits (no answer). */
  async stopSimulator(): Promise<void> {
    await this.connection.exchange(u32Bytes(MSSIM.TPM_STOP), 0, "TPM_STOP");
  }
  /** Ends an open platform connection with TPM_SESSION_END. */
  async close(): Promise<void> {
    if (this.connection.connected) {
      await this.connection.exchange(u32Bytes(MSSIM.TPM_SESSION_END), 0, "TPM_SESSION_END").catch(() => undefined);
    }
    await this.connection.close();
  }
}
