// Types of badport's main module (src/index.js). The result shapes are those of
// doc/schema/check.schema.json (badport.check/2), which `badport check --json` prints.

/** An engine name ("chromium") or an alias ("chrome", "safari", "edge"). */
export type EngineName = string;

/** Why an engine decided as it did. */
export type Reason =
  | 'listed'
  | 'not-listed'
  | 'out-of-range'
  | 'scheme-not-checked'
  | 'scheme-exempt'
  | 'explicitly-allowed'
  | 'pref-banned'
  | 'pref-override'
  | 'never-blocks'
  | 'default-port';

/** Why browsers protect a port. */
export type Attack = 'cross-protocol' | 'nat-slipstreaming' | 'nat-slipstreaming-v2' | 'alpaca' | 'invalid-port';

/** How a target was written. */
export type TargetKind = 'port' | 'range' | 'url' | 'host-port' | 'publish';

/** An inclusive run of ports. */
export interface Interval {
  first: number;
  last: number;
}

/** The two Firefox prefs, by their about:config names. */
export interface FirefoxPortPrefs {
  'network.security.ports.banned'?: string;
  'network.security.ports.banned.override'?: string;
}

/** What the user chose: engines and their overrides. */
export interface Options {
  /** Engines to ask: names or aliases, as an array or a comma list; "all". Default: all. */
  engines?: string | readonly EngineName[];
  /** A Chromium command line (split as a shell does) or its arguments: its --explicitly-allowed-ports applies. */
  chromiumFlags?: string | readonly string[];
  /** A Firefox prefs.js or user.js text, or the two port prefs by name. */
  firefoxPrefs?: string | FirefoxPortPrefs;
}

export interface BlockOptions extends Options {
  /** The URL scheme (lowercase, no colon). Default "http". */
  scheme?: string;
}

export interface SuggestOptions extends Options {
  /** Suggestions stay inside [first, last]. Default [1, 65535]. */
  within?: readonly [number, number] | Interval;
}

/** Since when an engine lists a port; null parts are unknown. */
export interface Since {
  date: string | null;
  version: string | null;
  source: string | null;
}

/** One engine's verdict, explained. */
export interface Verdict {
  engine: string;
  blocked: boolean;
  reason: Reason;
  /** Since when the engine lists the port; null when it does not list it. */
  since: Since | null;
  /** What the engine reports, when it blocks; else null. */
  error_code: string | null;
  /** What the user sees, when it blocks; else null. */
  error_text: string | null;
  /** How to re-enable the port, when it blocks; else null. */
  override: string | null;
}

/** What the user typed and how badport read it. */
export interface Target {
  input: string;
  kind: TargetKind;
  /** How the input was read when it is not literally a port or a URL ("http://localhost:6000/", "host port 6000"). */
  read_as: string | null;
  ports: Interval | null;
}

/** One decision: one port of a target, or a URL's effective port (a badport.check/2 result). */
export interface Result {
  target: Target & {
    /** For a target of several ports with a blocked one: the run of the same length to use instead. */
    range_suggestion: Interval | null;
  };
  /** The port decided; null for a URL with no port at all. */
  port: number | null;
  scheme: string;
  /** For URL and host:port targets: the URL as serialized, and its explicit port (null when the scheme's default). */
  url: { href: string; port: number | null } | null;
  blocked: boolean;
  blocked_by: string[];
  service: string | null;
  description: string | null;
  attack: Attack | null;
  attack_description: string | null;
  verdicts: Verdict[];
  /** The nearest ports on each side that no chosen engine refuses under the overrides. */
  nearest: { below: number | null; above: number | null };
  /** When blocked: the port to use instead (the next allowed port above); else null. */
  suggestion: number | null;
}

/** A badport.check/2 document, as `badport check --json` prints it. */
export interface CheckDocument {
  schema: 'badport.check/2';
  engines: string[];
  data: {
    checked: string;
    sources: Record<string, string>;
    commits: Record<string, { commit: string | null; date: string | null }>;
  };
  results: Result[];
  blocked: boolean;
  summary: { checked: number; blocked: number; allowed: number };
}

/** What badport knows about an engine. */
export interface EngineInfo {
  name: string;
  displayName: string;
  products: string;
  errorCode: string;
  /** What the user sees; "{port}" stands for the port. */
  errorText: string;
  /** How to re-enable a port; "{port}" stands for the port. */
  override: string;
  /** Which URL schemes the engine checks, in words. */
  schemes: string;
  source: { url: string; ref: string };
}

/** Input badport cannot read. `code` is the kind ("invalid_port", "invalid_target", ...). */
export class BadportError extends Error {
  readonly code: string;
  readonly subject: string;
  readonly reason: string;
}

export const schema: 'badport.check/2';

/** When the database was last checked, and per engine the source it was checked against. */
export const database: {
  readonly checked: string;
  readonly sources: Readonly<Record<string, string>>;
  readonly commits: Readonly<Record<string, Readonly<{ commit: string | null; date: string | null }>>>;
};

/** The engines, in display order. */
export function engines(): EngineInfo[];

/** The canonical name of an engine name or alias; throws BadportError for an unknown one. */
export function parseEngine(text: string): string;

/** Whether any chosen engine refuses `port` (an integer; out-of-range ports are refused). */
export function isBlocked(port: number, options?: BlockOptions): boolean;

/** The ports 0-65535 that a chosen engine refuses, sorted. */
export function blockedPorts(options?: Options): number[];

/** blockedPorts() as a Set (get-port's `exclude`). */
export function blockedPortSet(options?: Options): Set<number>;

/** The nearest ports on each side (1..65535) that no chosen engine refuses. */
export function nearestAllowed(port: number, options?: Options): { below: number | null; above: number | null };

/** The port itself when allowed, else the next allowed port above, else the nearest below; null when none. */
export function suggestPort(port: number, options?: SuggestOptions): number | null;

/** A run of the same length to use instead of first..last (the range itself when allowed); null when none. */
export function suggestRange(first: number, last: number, options?: SuggestOptions): Interval | null;

/** One decision on a port (a number) or on text that asks for exactly one. */
export function explain(target: number | string, options?: Options): Result;

/** The decision on a URL, parsed by the host's WHATWG URL. */
export function checkUrl(url: string | URL, options?: Options): Result;

/** `badport check --json` for the targets. */
export function check(targets: number | string | Iterable<number | string>, options?: Options): CheckDocument;

/** Reads what people type: ports, ranges, comma lists, URLs, host:port, Docker forms. */
export function parseTargets(text: string): Target[];

/** One port number, decimal digits only (leading zeros read as decimal). */
export function parsePort(text: string): number;

/** `N` or `N-M`. */
export function parsePortRange(text: string): Interval;

/** The ports a Chromium command line re-enables (its last --explicitly-allowed-ports). */
export function parseChromiumFlags(commandLine: string | readonly string[]): number[];

/** The value of --explicitly-allowed-ports, as Chromium reads it. */
export function parseExplicitlyAllowedPorts(value: string): number[];

/** A Firefox port-list pref value, as [first, last] pairs. */
export function parseFirefoxPortList(value: string): Array<[number, number]>;

/** The two port prefs of a prefs.js or user.js. */
export function parseFirefoxPrefs(prefsJs: string): { banned: Array<[number, number]>; override: Array<[number, number]> };
