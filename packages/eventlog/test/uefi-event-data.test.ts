// UEFI event data decoded from tpm2-tools' real Arch Linux log, against the fields
// tpm2_eventlog printed for it (VariableName, UnicodeName, ImageLocationInMemory,
// ImageLengthInMemory in the fixture's YAML).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  EV,
  EventLogError,
  efiGuidText,
  parseFirmwareEventLog,
  parseUefiImageLoadEvent,
  parseUefiVariableData,
} from "../src/index.js";

const log = parseFirmwareEventLog(
  new Uint8Array(readFileSync(new URL("fixtures/event-arch-linux.bin", import.meta.url))),
);
const yaml = readFileSync(new URL("fixtures/event-arch-linux.bin.yaml", import.meta.url), "utf8");
const all = (re: RegExp) => [...yaml.matchAll(re)].map((m) => m[1]!.trim());
const IMAGE_TYPES: number[] = [
  EV.EFI_BOOT_SERVICES_APPLICATION,
  EV.EFI_BOOT_SERVICES_DRIVER,
  EV.EFI_RUNTIME_SERVICES_DRIVER,
];
const VARIABLE_TYPES: number[] = [EV.EFI_VARIABLE_DRIVER_CONFIG, EV.EFI_VARIABLE_BOOT, EV.EFI_VARIABLE_AUTHORITY];

describe("UEFI event data", () => {
  it("UEFI_VARIABLE_DATA: GUIDs and names as tpm2_eventlog printed them", () => {
    const vars = log.events
      .filter((e) => VARIABLE_TYPES.includes(e.eventType))
      .map((e) => parseUefiVariableData(e.event));
    expect(vars.length).toBeGreaterThan(4);
    expect(vars.map((v) => v.variableName)).toEqual(all(/^ {4}VariableName: (.+)$/gm));
    expect(vars.map((v) => v.unicodeName)).toEqual(all(/^ {4}UnicodeName: (.+)$/gm));
    expect(vars[0]!.unicodeName).toBe("SecureBoot");
  });

  it("UEFI_IMAGE_LOAD_EVENT: image location and length as tpm2_eventlog printed them", () => {
    const images = log.events
      .filter((e) => IMAGE_TYPES.includes(e.eventType))
      .map((e) => parseUefiImageLoadEvent(e.event));
    expect(images.length).toBeGreaterThan(0);
    expect(images.map((i) => `0x${i.imageLocationInMemory.toString(16)}`)).toEqual(
      all(/^ {4}ImageLocationInMemory: (.+)$/gm),
    );
    expect(images.map((i) => String(i.imageLengthInMemory))).toEqual(all(/^ {4}ImageLengthInMemory: (.+)$/gm));
  });

  it("refuses data whose lengths do not add up, and formats an EFI_GUID", () => {
    expect(() => parseUefiVariableData(new Uint8Array(40))).toThrow(EventLogError);
    expect(() => parseUefiImageLoadEvent(new Uint8Array(31))).toThrow(EventLogError);
    expect(
      efiGuidText(
        Uint8Array.from([0x61, 0xdf, 0xe4, 0x8b, 0xca, 0x93, 0xd2, 0x11, 0xaa, 0x0d, 0, 0xe0, 0x98, 0x03, 0x2b, 0x8c]),
      ),
    ).toBe("8be4df61-93ca-11d2-aa0d-00e098032b8c");
  });
});
