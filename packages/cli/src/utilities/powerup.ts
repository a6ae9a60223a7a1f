/** powerup: powers the simulator off and on, and powers up NV (the platform port). */
import { withPlatformPort } from "../platform-port.js";
import type { Utility } from "../utility.js";

/** powerup. TPM_PLATFORM_TYPE=swtpm uses swtpm's control channel (CMD_STOP, CMD_INIT) instead of the MS codes. */
export const powerup: Utility = {
  name: "powerup",
  summary: "Powers the simulator off and on, and powers up NV",
  flags: {},
  usage: [
    "\tUses TPM_SERVER_NAME and TPM_PLATFORM_PORT; TPM_PLATFORM_TYPE (mssim, swtpm) selects",
    "\tthe platform dialect (default mssim). A TPM2_Startup is needed afterwards.",
  ],
  async run(ctx) {
    await withPlatformPort(ctx.io.env, async (platform) => {
      await platform.powerOff();
      await platform.powerOn();
      await platform.nvOn();
    });
  },
};
