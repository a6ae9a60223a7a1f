/**
 * The Nuvoton NTC2 pre-configuration as the ntc2* utilities handle it: the
 * register names in NTC2_CFG_STRUCT order, IBM's one-line-per-register print,
 * the IBM Power Systems P8 / P9 required values, the registers Nuvoton fixes,
 * and the comparison of a read configuration against the required one.
 * Values from IBM's ntc2lib.h (facts, not code).
 */

/** The registers of NTC2_CFG_STRUCT, in wire order (IsLocked is read-only). */
export const NTC2_REGISTERS = [
  "i2cLoc1_2",
  "i2cLoc3_4",
  "AltCfg",
  "Direction",
  "PullUp",
  "PushPull",
  "CFG_A",
  "CFG_B",
  "CFG_C",
  "CFG_D",
  "CFG_E",
  "CFG_F",
  "CFG_G",
  "CFG_H",
  "CFG_I",
  "CFG_J",
  "IsValid",
  "IsLocked",
] as const;

/** One register's name. */
export type Ntc2Register = (typeof NTC2_REGISTERS)[number];

/** An NTC2_CFG_STRUCT as values. */
export type Ntc2Config = Record<Ntc2Register, number>;

/** The writable registers (every one but IsLocked), as ntc2preconfig's -<name> flags. */
export const NTC2_WRITABLE = NTC2_REGISTERS.filter((r) => r !== "IsLocked");

/** IsLocked as NTC2_GetConfig reports it. */
export const NTC2_LOCKED = 0xaa;
/** IsLocked before NTC2_LockPreConfig. */
export const NTC2_UNLOCKED = 0xff;

const P8: Omit<Ntc2Config, "IsLocked"> = {
  i2cLoc1_2: 0xff,
  i2cLoc3_4: 0xff,
  AltCfg: 0x03,
  Direction: 0x00,
  PullUp: 0xff,
  PushPull: 0xff,
  CFG_A: 0xfe,
  CFG_B: 0xff,
  CFG_C: 0xff,
  CFG_D: 0xff,
  CFG_E: 0xff,
  CFG_F: 0xff,
  CFG_G: 0xff,
  CFG_H: 0xff,
  CFG_I: 0xff,
  CFG_J: 0xff,
  IsValid: 0xaa,
};

/** The values IBM Power Systems require: P8, or P9 (different I2C locations and CFG_H). IsLocked 0. */
export function requiredConfig(p9: boolean): Ntc2Config {
  return p9 ? { ...P8, i2cLoc1_2: 0xa9, i2cLoc3_4: 0xa5, CFG_H: 0xf0, IsLocked: 0 } : { ...P8, IsLocked: 0 };
}

/** Registers whose value Nuvoton fixes: a configuration with another value is refused before it is sent. */
export const NTC2_FIXED: Partial<Ntc2Config> = {
  Direction: 0x00,
  PullUp: 0xff,
  PushPull: 0xff,
  CFG_F: 0xff,
  CFG_I: 0xff,
  CFG_J: 0xff,
  IsValid: 0xaa,
};

const hex2 = (v: number) => v.toString(16).padStart(2, "0");

/** IBM's print of a configuration: "<name>:" then one or two tabs to align, then the value as two hex digits. */
export function ntc2ConfigText(config: Ntc2Config): string {
  return NTC2_REGISTERS.map((r) => `${r}:${r.length + 1 < 8 ? "\t\t" : "\t"}${hex2(config[r])}\n`).join("");
}

/** The registers that break Nuvoton's fixed values, as IBM's "<name> is not the required value xx" lines. */
export function fixedConfigErrors(config: Ntc2Config): string[] {
  return Object.entries(NTC2_FIXED)
    .filter(([r, v]) => config[r as Ntc2Register] !== v)
    .map(([r, v]) => `${r} is not the required value ${hex2(v!)}`);
}

/**
 * The differences between a read configuration and the required one, as
 * "ERROR: <name> expect xx actual yy" lines; IsLocked must be AAh when
 * `locked`, FFh when not. Empty when it verifies.
 */
export function verifyConfig(expected: Ntc2Config, actual: Ntc2Config, locked: boolean): string[] {
  const errors = NTC2_WRITABLE.filter((r) => actual[r] !== expected[r]).map(
    (r) => `ERROR: ${r} expect ${hex2(expected[r])} actual ${hex2(actual[r])}`,
  );
  const want = locked ? NTC2_LOCKED : NTC2_UNLOCKED;
  if (actual.IsLocked !== want) errors.push(`ERROR: IsLocked is ${hex2(actual.IsLocked)} not ${hex2(want)}`);
  return errors;
}
