/** Response codes as text (Part 2, 6.6): decoding and one-line formatting. */

export * from "./describe-rc.js";
export * from "./format-rc.js";
export * from "./rc-text.js";
