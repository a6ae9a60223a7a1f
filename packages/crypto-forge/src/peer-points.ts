/**
 * ECDH for @tss/crypto-forge with precomputed multiplication tables for the
 * peer point. A salted session's peer is the TPM key's public point, usually the
 * same for every session: from the second time a point is seen, its wNAF table
 * (window 6, as @noble/curves keeps for the base point) is built and kept, and
 * each further shared-point multiplication costs about a fifth of a plain one.
 * A few points are kept, the most recently used.
 */
import { TssError } from "@tss/marshal";
import type { Curve } from "./curves.js";

/** How many peer points keep their tables. */
export const PEER_POINT_CACHE_SIZE = 8;

/** The window of the kept tables. */
export const PEER_WINDOW = 6;

type Point = ReturnType<Curve["Point"]["fromBytes"]>;

interface Seen {
  readonly point: Point;
  uses: number;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Peer points by curve and encoding; the curve's own points, validated. */
export class PeerPointCache {
  readonly #points = new Map<string, Seen>();

  constructor(readonly limit: number = PEER_POINT_CACHE_SIZE) {}

  /** The validated point of `encoded` (SEC 1 uncompressed) on `c`; TssError("BAD_PARAMETER") when it is not on the curve. */
  point(c: Curve, size: number, encoded: Uint8Array): Point {
    let id = `${size}:`;
    for (let i = 0; i < encoded.length; i++) id += HEX[encoded[i]!];
    let seen = this.#points.get(id);
    if (seen === undefined) {
      let point: Point;
      try {
        point = c.Point.fromBytes(encoded);
        point.assertValidity();
        if (point.is0()) throw new Error("point at infinity");
      } catch (e) {
        throw new TssError("BAD_PARAMETER", "ECDH peer point is not on the curve", { cause: e });
      }
      seen = { point, uses: 0 };
      if (this.#points.size >= this.limit) this.#points.delete(this.#points.keys().next().value as string);
    } else {
      this.#points.delete(id);
    }
    this.#points.set(id, seen);
    seen.uses++;
    // From the second use: build the table (lazily, at this multiplication) and keep it.
    if (seen.uses === 2) seen.point.precompute(PEER_WINDOW, true);
    return seen.point;
  }

  /** Number of points held. */
  get size(): number {
    return this.#points.size;
  }
}
