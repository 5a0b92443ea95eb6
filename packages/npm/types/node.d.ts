// Types of badport/node (src/node.js): Node.js only.
import type { Interval, Options } from './index.js';

export interface PickOptions extends Options {
  /** This port if it is allowed and free, else the next such port above, else the nearest below. */
  near?: number;
  /** Only ports in this range: [first, last] or {first, last}. Default 10000-32767 without near. */
  range?: readonly [number, number] | Interval;
  /** A numeric address ("127.0.0.1", "::1") or "localhost" (both loopbacks, the default). */
  host?: string;
  /** Ports not to return (the project's other ports). */
  exclude?: Iterable<number>;
}

/** Where pickPort() looks without near or range. */
export const defaultPickRange: Readonly<Interval>;

/** A free TCP port that no chosen engine refuses, proven free by listening on it. */
export function pickPort(options?: PickOptions): Promise<number>;

/** Runs another picker (portfinder, detect-port) until it returns a port no chosen engine refuses. */
export function allowedPort(picker: (from: number) => number | Promise<number>, start: number, options?: Options): Promise<number>;

/** The addresses a picked port must be free on. */
export function pickHosts(host?: string): Promise<string[]>;

/** Whether `host` can listen on `port` now: true, false (taken), or null (no such address). */
export function canListen(port: number, host: string): Promise<boolean | null>;
