// Reads the expectations out of tpm2-tools' tpm2_eventlog YAML (test/integration/fixtures/event-raw/*.yaml):
// the event types, PCR indexes and digests in log order, and the replayed PCR values ("pcrs:").
// A line-oriented reader for exactly that output, not a YAML parser.

export interface ExpectedDigest {
  alg: string;
  hex: string;
}
export interface ExpectedLog {
  pcrIndexes: number[];
  eventTypes: string[];
  digests: ExpectedDigest[];
  pcrs: Map<string, Map<number, string>>;
}

export function readTpm2ToolsYaml(text: string): ExpectedLog {
  const out: ExpectedLog = { pcrIndexes: [], eventTypes: [], digests: [], pcrs: new Map() };
  let alg: string | undefined;
  let bank: Map<number, string> | undefined;
  let inPcrs = false;
  for (const line of text.split("\n")) {
    if (/^pcrs:/.test(line)) {
      inPcrs = true;
      continue;
    }
    if (inPcrs) {
      const b = /^ {2}(\w+):\s*$/.exec(line);
      if (b) {
        bank = new Map();
        out.pcrs.set(b[1]!, bank);
        continue;
      }
      const p = /^ {4}(\d+)\s*: 0x([0-9a-fA-F]+)/.exec(line);
      if (p && bank) bank.set(Number(p[1]), p[2]!.toLowerCase());
      continue;
    }
    let m = /^-? *PCRIndex: (\d+)/.exec(line);
    if (m) out.pcrIndexes.push(Number(m[1]));
    m = /^-? *EventType: (\w+)/.exec(line);
    if (m) out.eventTypes.push(m[1]!);
    m = /^ *- AlgorithmId: (\w+)/.exec(line);
    if (m) alg = m[1];
    m = /^ {4}Digest: "([0-9a-f]+)"/.exec(line);
    if (m && alg) {
      out.digests.push({ alg, hex: m[1]! });
      alg = undefined;
    }
  }
  return out;
}
