/** powerup: powers the simulator off and on, and powers up NV (the platform port). */
import { createTransportFromProperties, type MssimTransport } from "@tss/transport-mssim";
import type { Utility } from "../utility.js";

/** powerup. TPM_PLATFORM_TYPE=swtpm selects swtpm's control channel instead of the MS platform codes. */
export const powerup: Utility = {
  name: "powerup",
  summary: "Powers the simulator off and on, and powers up NV",
  flags: {},
  usage: [
    "\tUses TPM_SERVER_NAME and TPM_PLATFORM_PORT; TPM_PLATFORM_TYPE (mssim, swtpm) selects",
    "\tthe platform dialect (default mssim).",
  ],
  async run(ctx) {
    const transport = (await createTransportFromProperties(ctx.io.env)) as MssimTransport;
    try {
      const platform = transport.platform;
      if (!platform) throw new Error("no platform port (TPM_PLATFORM_TYPE=none)");
      await platform.powerOff();
      await platform.powerOn();
      await platform.nvOn();
    } finally {
      await transport.close();
    }
  },
};
