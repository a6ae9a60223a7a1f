/** The conformance kit against @tss/transport-mssim on swtpm, for every server type. */
import { MssimTransport, type ServerType } from "@tss/transport-mssim";
import { describeTransportConformance } from "@tss/transport-testkit/vitest";
import { afterAll, beforeAll } from "vitest";
import { type Swtpm, startSwtpm } from "../src/swtpm.js";

for (const serverType of ["mssim", "raw", "rawsingle"] as ServerType[]) {
  let tpm: Swtpm | undefined;
  beforeAll(async () => {
    tpm = await startSwtpm();
  });
  afterAll(async () => {
    await tpm?.stop();
  });
  describeTransportConformance(`transport conformance: mssim transport, server type ${serverType}`, () => ({
    open: () => new MssimTransport({ host: tpm!.host, port: tpm!.port, serverType, responseTimeoutMs: 10_000 }),
  }));
}
