// badport: which TCP ports browsers and JavaScript runtimes refuse, why, and what to use instead.
//
// One ES module for Node, Deno, Bun and browser pages: no imports but the generated data, no
// host APIs but the WHATWG `URL`. It mirrors badport's C++ core (include/badport/rules.h,
// target.h, suggest.h, decision.h); a differential test holds it to `badport check --json`.
// The data (./data.js) is generated from data/ports.yaml by tools/gen/gen_js_data.cpp.

import data from './data.js';

/** The schema of the documents check() returns (doc/schema/check.schema.json). */
export const schema = 'badport.check/2';

// --- the data, indexed once ------------------------------------------------------------------

const ENGINES = data.engines;
const ENGINE_COUNT = ENGINES.length;
const ENGINE_INDEX = new Map(ENGINES.map((e, i) => [e.name, i]));
const ALL_MASK = ENGINE_COUNT >= 32 ? -1 : (1 << ENGINE_COUNT) - 1;
const RULES = ENGINES.map((e) => e.rules);
const BLOCKING_REASONS = new Set(['listed', 'out-of-range', 'pref-banned']);
const EMPTY_SET = new Set();
const NO_OVERRIDES = () => ({ allowed: EMPTY_SET, banned: [], override: [], none: true });

/** Per port: the bit of each engine whose list holds it. */
const LISTED = new Uint32Array(65536);
/** Per port: the database row. */
const ROWS = new Map();
for (const row of data.ports) {
  let mask = 0;
  for (let i = 0; i < ENGINE_COUNT; i++) if (row[4 + i] !== null) mask |= 1 << i;
  LISTED[row[0]] = mask;
  ROWS.set(row[0], row);
}

// --- errors ----------------------------------------------------------------------------------

const DESCRIPTIONS = {
  invalid_port: 'invalid port',
  port_out_of_range: 'port out of range',
  invalid_range: 'invalid port range',
  unknown_engine: 'unknown engine',
  invalid_url: 'invalid URL',
  invalid_flags: 'invalid Chromium flags',
  invalid_prefs: 'invalid Firefox prefs',
  invalid_target: 'cannot check',
  invalid_argument: 'invalid argument',
  io_error: 'cannot access',
};

/**
 * An input badport cannot read: a port, range, URL, engine name, Chromium command line or
 * Firefox prefs. `code` names the kind (as the C++ core's errc), `subject` is the input.
 */
export class BadportError extends Error {
  constructor(code, subject, reason) {
    let message = DESCRIPTIONS[code] ?? code;
    if (subject !== '' || code === 'invalid_port' || code === 'invalid_url') message += ` "${printable(subject, true)}"`;
    if (reason) message += `: ${reason}`;
    super(message);
    this.name = 'BadportError';
    this.code = code;
    this.subject = subject;
    this.reason = reason;
  }
}

/** One printable line of at most 80 UTF-8 bytes: control characters as \xNN, then "...". */
function printable(text, escapeQuotes = false) {
  let out = '';
  let bytes = 0;
  for (const ch of String(text)) {
    if (bytes >= 80) return out + '...';
    const c = ch.codePointAt(0);
    let piece;
    if (escapeQuotes && (ch === '"' || ch === '\\')) piece = '\\' + ch;
    else if (c < 0x20 || c === 0x7f || (c >= 0xd800 && c <= 0xdfff)) piece = '\\x' + (c & 0xff).toString(16).padStart(2, '0');
    else piece = ch;
    out += piece;
    bytes += c < 0x80 ? piece.length : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return out;
}

// --- engines ---------------------------------------------------------------------------------

/**
 * The engines badport knows, in display order: name, display name, products, the browser's
 * error, how to override, which schemes it checks, and the source of its list.
 */
export function engines() {
  return ENGINES.map((e) => ({
    name: e.name,
    displayName: e.display_name,
    products: e.products,
    errorCode: e.error_code,
    errorText: e.error_text,
    override: e.override,
    schemes: e.schemes,
    source: { url: e.source_url, ref: e.source_ref },
  }));
}

/** When the database was last checked, and per engine the copy of its source it was checked against. */
export const database = Object.freeze({
  checked: data.checked,
  sources: Object.freeze(Object.fromEntries(ENGINES.map((e) => [e.name, e.source_ref]))),
  commits: Object.freeze(
    Object.fromEntries(ENGINES.map((e) => [e.name, Object.freeze({ commit: e.source_commit, date: e.source_date })])),
  ),
});

function editDistance(a, b) {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length];
}

/** The engine a name or alias means ("chrome" is chromium), case-insensitive. */
export function parseEngine(text) {
  const key = String(text).toLowerCase();
  if (Object.hasOwn(data.aliases, key)) return data.aliases[key];
  let reason = `expected one of ${ENGINES.map((e) => e.name).join(', ')}`;
  if (key.length < 64) {
    let best = 3;
    let suggestion = '';
    for (const alias of Object.keys(data.aliases)) {
      const d = editDistance(key, alias);
      if (d < best) {
        best = d;
        suggestion = alias;
      }
    }
    if (suggestion) reason = `did you mean ${suggestion}?`;
  }
  throw new BadportError('unknown_engine', String(text), reason);
}

/** The engine bits of an `engines` option: a comma list or an array of names; "all"; default all. */
function engineMask(option) {
  if (option === undefined || option === null) return ALL_MASK;
  const items = typeof option === 'string' ? option.split(',') : Array.from(option, String);
  if (typeof option !== 'string' && items.length === 0) return 0;
  let mask = 0;
  for (const item of items) {
    if (item === '') throw new BadportError('unknown_engine', String(option), 'empty engine name in list');
    if (item.toLowerCase() === 'all') mask = ALL_MASK;
    else mask |= 1 << ENGINE_INDEX.get(parseEngine(item));
  }
  return mask;
}

// --- overrides (rules.cpp) -------------------------------------------------------------------

const isSpace = (c) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

function trimSpace(s) {
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s[a])) a++;
  while (b > a && isSpace(s[b - 1])) b--;
  return s.slice(a, b);
}

// base::StringToInt: optional sign, then decimal digits only, within int.
function chromiumStringToInt(s) {
  let negative = false;
  if (s[0] === '-' || s[0] === '+') {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '') return null;
  let value = 0;
  for (const c of s) {
    if (c < '0' || c > '9') return null;
    value = value * 10 + (c.charCodeAt(0) - 48);
    if (value > 2147483647) return null;
  }
  return negative ? -value : value;
}

/**
 * The value of Chromium's `--explicitly-allowed-ports`, read as Chromium reads it: split on
 * ',', trim, skip items that are not integers in 0..65535. No ranges.
 */
export function parseExplicitlyAllowedPorts(value) {
  const out = [];
  for (const raw of String(value).split(',')) {
    const piece = trimSpace(raw);
    if (piece === '') continue;
    const n = chromiumStringToInt(piece);
    if (n !== null && n >= 0 && n <= 65535) out.push(n);
  }
  return out;
}

/** Splits a command line into words as a POSIX shell does ('...', "...", backslashes). */
function shellWords(commandLine) {
  const words = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < commandLine.length; i++) {
    const c = commandLine[i];
    if (isSpace(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = commandLine.indexOf("'", i + 1);
      if (end < 0) throw new BadportError('invalid_flags', commandLine, "unterminated ' quote");
      word += commandLine.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < commandLine.length && commandLine[j] !== '"'; j++) {
        if (commandLine[j] === '\\' && j + 1 < commandLine.length && '"\\$`'.includes(commandLine[j + 1])) j++;
        word += commandLine[j];
      }
      if (j >= commandLine.length) throw new BadportError('invalid_flags', commandLine, 'unterminated " quote');
      i = j;
    } else if (c === '\\') {
      if (i + 1 < commandLine.length) word += commandLine[++i];
    } else {
      word += c;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/**
 * The ports a Chromium command line re-enables: its last `--explicitly-allowed-ports=` switch.
 * Takes the command line as one string (split as a shell does) or as an array of arguments.
 */
export function parseChromiumFlags(commandLine) {
  const words = Array.isArray(commandLine) ? commandLine.map(String) : shellWords(String(commandLine));
  let allowed = [];
  for (const w of words) {
    if (w === '--') break;
    let s;
    if (w.startsWith('--')) s = w.slice(2);
    else if (w.startsWith('-')) s = w.slice(1);
    else continue;
    const eq = s.indexOf('=');
    if ((eq < 0 ? s : s.slice(0, eq)) !== 'explicitly-allowed-ports') continue;
    allowed = eq < 0 ? [] : parseExplicitlyAllowedPorts(s.slice(eq + 1));
  }
  return allowed;
}

// PR_sscanf's %d: [characters read, value]; 0 read when no number or on overflow.
function scanInt(s, from) {
  let i = from;
  let negative = false;
  if (s[i] === '-' || s[i] === '+') negative = s[i++] === '-';
  const start = i;
  let v = 0;
  for (; i < s.length && s[i] >= '0' && s[i] <= '9'; i++) {
    v = v * 10 + (s.charCodeAt(i) - 48);
    if (v > 2147483647) return [0, 0];
  }
  if (i === start) return [0, 0];
  return [i - from, negative ? -v : v];
}

/**
 * A Firefox port-list pref value (`network.security.ports.banned`), read as Firefox reads it:
 * split on ',', drop all whitespace, `N-M` ranges or single ports below 65536, anything else
 * ignored. Returns [first, last] pairs.
 */
export function parseFirefoxPortList(value) {
  const out = [];
  for (const raw of String(value).split(',')) {
    let item = '';
    for (const c of raw) if (!isSpace(c)) item += c;
    const [n1, first] = scanInt(item, 0);
    if (n1 > 0 && n1 < item.length && item[n1] === '-') {
      const [n2, last] = scanInt(item, n1 + 1);
      if (n2 > 0) {
        if (first < 65536 && last < 65536 && first <= last && last >= 0) out.push([Math.max(first, 0), last]);
        continue;
      }
    }
    if (n1 > 0 && n1 === item.length && first >= 0 && first < 65536) out.push([first, first]);
  }
  return out;
}

// A JavaScript string literal at s[i] (a quote): [value, index after it], or null when unterminated.
function readJsString(s, i) {
  const quote = s[i++];
  let out = '';
  for (; i < s.length; i++) {
    const c = s[i];
    if (c === quote) return [out, i + 1];
    if (c === '\n') return null;
    if (c === '\\' && i + 1 < s.length) {
      const n = s[++i];
      out += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n;
      continue;
    }
    out += c;
  }
  return null;
}

const BANNED = 'network.security.ports.banned';
const BANNED_OVERRIDE = 'network.security.ports.banned.override';

/**
 * The two port prefs of a Firefox prefs.js or user.js: the last `user_pref`, `pref` or
 * `sticky_pref` line for each wins. Returns {banned, override} as [first, last] pairs.
 */
export function parseFirefoxPrefs(prefsJs) {
  const values = {};
  const lines = String(prefsJs).split('\n');
  lines.forEach((line, index) => {
    const t = trimSpace(line);
    let open = 0;
    for (const fn of ['user_pref', 'pref', 'sticky_pref']) {
      if (t.startsWith(fn)) {
        let k = fn.length;
        while (k < t.length && isSpace(t[k])) k++;
        if (t[k] === '(') {
          open = k + 1;
          break;
        }
      }
    }
    if (open === 0) return;
    let i = open;
    while (i < t.length && isSpace(t[i])) i++;
    if (t[i] !== '"' && t[i] !== "'") return;
    const name = readJsString(t, i);
    if (!name || (name[0] !== BANNED && name[0] !== BANNED_OVERRIDE)) return;
    i = name[1];
    while (i < t.length && isSpace(t[i])) i++;
    if (t[i] !== ',') return;
    i++;
    while (i < t.length && isSpace(t[i])) i++;
    if (t[i] !== '"' && t[i] !== "'") return;
    const value = readJsString(t, i);
    if (!value) throw new BadportError('invalid_prefs', name[0], `unterminated string on line ${index + 1}`);
    values[name[0]] = value[0];
  });
  return {
    banned: values[BANNED] === undefined ? [] : parseFirefoxPortList(values[BANNED]),
    override: values[BANNED_OVERRIDE] === undefined ? [] : parseFirefoxPortList(values[BANNED_OVERRIDE]),
  };
}

/** The overrides of the options: Chromium's allowed ports, Firefox's banned and override ranges. */
function userOverrides(options) {
  const flags = options.chromiumFlags;
  const prefs = options.firefoxPrefs;
  const user = NO_OVERRIDES();
  if (flags !== undefined && flags !== null && flags !== '') user.allowed = new Set(parseChromiumFlags(flags));
  if (typeof prefs === 'string') {
    Object.assign(user, parseFirefoxPrefs(prefs));
  } else if (prefs !== undefined && prefs !== null) {
    if (prefs[BANNED] !== undefined) user.banned = parseFirefoxPortList(prefs[BANNED]);
    if (prefs[BANNED_OVERRIDE] !== undefined) user.override = parseFirefoxPortList(prefs[BANNED_OVERRIDE]);
  }
  user.none = user.allowed.size === 0 && user.banned.length === 0 && user.override.length === 0;
  return user;
}

const contexts = new WeakMap();

/** The options, read once per options object: {mask, user}. */
function context(options) {
  if (options === undefined || options === null) return DEFAULT_CONTEXT;
  if (typeof options !== 'object') throw new TypeError('badport: options must be an object');
  let ctx = contexts.get(options);
  if (ctx === undefined) {
    ctx = { mask: engineMask(options.engines), user: userOverrides(options) };
    contexts.set(options, ctx);
  }
  return ctx;
}

const DEFAULT_CONTEXT = { mask: ALL_MASK, user: NO_OVERRIDES() };

// --- one engine's verdict (rules.cpp check) --------------------------------------------------

const inRanges = (ranges, port) => ranges.some(([a, b]) => a <= port && port <= b);

/** Why engine `i` decides as it does on `port` for a URL of `scheme`, under the overrides. */
function reasonFor(port, i, scheme, user) {
  const r = RULES[i];
  if (!r.blocks) return 'never-blocks';
  if (r.schemes !== null && !r.schemes.includes(scheme)) return 'scheme-not-checked';
  const exempt = Object.hasOwn(r.exempt, scheme) ? r.exempt[scheme] : null;
  if (exempt !== null && (exempt === '*' || exempt.includes(port))) return 'scheme-exempt';
  if (port < 0 || port > 65535 || (port === 0 && r.zero)) return 'out-of-range';
  const listed = (LISTED[port] & (1 << i)) !== 0;
  if (r.chromium_flags && user.allowed.has(port)) return listed ? 'explicitly-allowed' : 'not-listed';
  if (r.firefox_prefs && !user.none) {
    // Firefox keeps an array: `banned` adds an entry per listed port, `banned.override` removes
    // the first match per listed port; the port stays blocked while an entry is left.
    let left = listed ? 1 : 0;
    for (const [a, b] of user.banned) if (a <= port && port <= b) left++;
    for (const [a, b] of user.override) if (a <= port && port <= b && left > 0) left--;
    if (left > 0) return listed ? 'listed' : 'pref-banned';
    const overridden = inRanges(user.override, port) && (listed || inRanges(user.banned, port));
    return overridden ? 'pref-override' : 'not-listed';
  }
  return listed ? 'listed' : 'not-listed';
}

function refuses(port, i, scheme, user) {
  return BLOCKING_REASONS.has(reasonFor(port, i, scheme, user));
}

/** Whether no chosen engine refuses `port` for an http URL under the overrides (suggest.h is_allowed). */
function isAllowed(port, ctx) {
  if (port < 0 || port > 65535) return false;
  if (ctx.user.none) return (REFUSED[port] & ctx.mask) === 0;
  for (let i = 0; i < ENGINE_COUNT; i++) if ((ctx.mask & (1 << i)) !== 0 && refuses(port, i, 'http', ctx.user)) return false;
  return true;
}

// --- the fast tables -------------------------------------------------------------------------

/** Per port: the engines that refuse it for an http URL with no overrides. */
const REFUSED = new Uint32Array(65536);
/** Per port: 1 when any engine refuses it for an http URL with no overrides. */
const REFUSED_BY_ANY = new Uint8Array(65536);
// Without overrides only a listed port, or 0 (a range check), can be refused.
for (const port of [0, ...ROWS.keys()]) {
  let mask = 0;
  for (let i = 0; i < ENGINE_COUNT; i++) if (refuses(port, i, 'http', DEFAULT_CONTEXT.user)) mask |= 1 << i;
  REFUSED[port] = mask;
  REFUSED_BY_ANY[port] = mask === 0 ? 0 : 1;
}

function checkPortArgument(port) {
  if (typeof port !== 'number' || !Number.isInteger(port)) throw new TypeError(`badport: a port is an integer, not ${String(port)}`);
}

/**
 * Whether any chosen engine refuses a connection to `port` (an integer; out-of-range ports are
 * refused). Options: engines (names or aliases; default all), chromiumFlags (a command line),
 * firefoxPrefs (prefs.js text, or the two prefs by name), scheme (default "http").
 */
export function isBlocked(port, options) {
  if (options === undefined && (port & 0xffff) === port) return REFUSED_BY_ANY[port] === 1;
  checkPortArgument(port);
  const ctx = context(options);
  const scheme = options?.scheme === undefined ? 'http' : String(options.scheme).toLowerCase();
  if (scheme === 'http' && port >= 0 && port <= 65535) return !isAllowed(port, ctx);
  for (let i = 0; i < ENGINE_COUNT; i++) if ((ctx.mask & (1 << i)) !== 0 && refuses(port, i, scheme, ctx.user)) return true;
  return false;
}

const blockedCache = new WeakMap();

function blockedList(options) {
  const ctx = context(options);
  let list = blockedCache.get(ctx);
  if (list === undefined) {
    list = [];
    for (let p = 0; p <= 65535; p++) if (!isAllowed(p, ctx)) list.push(p);
    blockedCache.set(ctx, list);
  }
  return list;
}

/** The ports 0-65535 that a chosen engine refuses under the overrides, sorted. */
export function blockedPorts(options) {
  return blockedList(options).slice();
}

/** blockedPorts() as a Set, e.g. for get-port's `exclude`. */
export function blockedPortSet(options) {
  return new Set(blockedList(options));
}

// --- suggestions (suggest.cpp) ---------------------------------------------------------------

function nearestUnder(port, ctx) {
  let below = null;
  let above = null;
  for (let p = Math.min(port - 1, 65535); p >= 1; p--)
    if (isAllowed(p, ctx)) {
      below = p;
      break;
    }
  for (let p = Math.max(port + 1, 1); p <= 65535; p++)
    if (isAllowed(p, ctx)) {
      above = p;
      break;
    }
  return { below, above };
}

/** The nearest ports on each side of `port` (within 1..65535) that no chosen engine refuses. */
export function nearestAllowed(port, options) {
  checkPortArgument(port);
  return nearestUnder(port, context(options));
}

/**
 * The ports to try for `port`, in the order of the suggestion policy: the port itself, then
 * each port above it, then each port below it, within [first, last].
 * @internal shared with badport/node's pickPort
 */
export function* candidatePorts(port, first = 1, last = 65535) {
  if (port >= first && port <= last) yield port;
  for (let p = Math.max(port + 1, first); p <= last; p++) yield p;
  for (let p = Math.min(port - 1, last); p >= first; p--) yield p;
}

function within(options) {
  const w = options?.within;
  if (w === undefined || w === null) return [1, 65535];
  return Array.isArray(w) ? [w[0], w[1]] : [w.first, w.last];
}

function suggestUnder(port, ctx, [first, last]) {
  for (const p of candidatePorts(port, first, last)) if (isAllowed(p, ctx)) return p;
  return null;
}

/**
 * The port to use instead of `port` (badport's one suggestion policy): the port itself when no
 * chosen engine refuses it, else the next allowed port above, else the nearest below; null
 * when none is left. Options as isBlocked(), and `within` ([first, last], default [1, 65535]).
 */
export function suggestPort(port, options) {
  checkPortArgument(port);
  return suggestUnder(port, context(options), within(options));
}

function suggestRangeUnder(first, last, ctx, [lo, hi]) {
  const usable = (p) => p >= lo && p <= hi && isAllowed(p, ctx);
  const length = last - first + 1;
  let whole = true;
  for (let p = first; p <= last && whole; p++) whole = usable(p);
  if (whole) return { first, last };
  let run = 0;
  for (let p = Math.max(first + 1, lo); p <= hi; p++) {
    run = usable(p) ? run + 1 : 0;
    if (run === length) return { first: p - length + 1, last: p };
  }
  run = 0;
  for (let p = Math.min(first - 1, hi); p >= lo; p--) {
    run = usable(p) ? run + 1 : 0;
    if (run === length) return { first: p, last: p + length - 1 };
  }
  return null;
}

/**
 * The run of ports to use instead of first..last, of the same length: the range itself when no
 * chosen engine refuses any port of it, else the next such run above, else the nearest below.
 */
export function suggestRange(first, last, options) {
  checkPortArgument(first);
  checkPortArgument(last);
  if (first > last) throw new RangeError('badport: the first port is above the last');
  return suggestRangeUnder(first, last, context(options), within(options));
}

// --- targets (target.cpp) --------------------------------------------------------------------

const isDigit = (c) => c >= '0' && c <= '9';
const allDigits = (s) => s.length > 0 && [...s].every(isDigit);

function isPortOrRange(s) {
  const dash = s.indexOf('-');
  if (dash < 0) return allDigits(s);
  return allDigits(s.slice(0, dash)) && allDigits(s.slice(dash + 1));
}

/** One port number as people write it: decimal digits, leading zeros read as decimal. */
export function parsePort(text) {
  text = String(text);
  const fail = (code, reason) => {
    throw new BadportError(code, text, reason);
  };
  if (text === '') fail('invalid_port', 'empty');
  if (' \t'.includes(text[0]) || ' \t'.includes(text[text.length - 1])) fail('invalid_port', 'surrounding whitespace');
  if (text[0] === '-') fail('invalid_port', 'negative numbers are not ports');
  if (text[0] === '+') fail('invalid_port', 'write the number without a sign');
  if (text.length > 1 && text[0] === '0' && (text[1] === 'x' || text[1] === 'X'))
    fail('invalid_port', 'hexadecimal is not accepted; write the port in decimal');
  let value = 0;
  let i = 0;
  for (; i < text.length && isDigit(text[i]); i++) {
    value = value * 10 + (text.charCodeAt(i) - 48);
    if (value > 65535) {
      while (i < text.length && isDigit(text[i])) i++;
      if (i !== text.length) break;
      fail('port_out_of_range', 'ports are 0 to 65535');
    }
  }
  if (i === 0) fail('invalid_port', 'not a number');
  if (i !== text.length) fail('invalid_port', 'trailing characters');
  return value;
}

/** `N` or `N-M` (N <= M) as {first, last}. */
export function parsePortRange(text) {
  text = String(text);
  const dash = text.indexOf('-', 1);
  if (dash < 0) {
    const p = parsePort(text);
    return { first: p, last: p };
  }
  const end = (s) => {
    try {
      return parsePort(s);
    } catch (e) {
      throw new BadportError('invalid_range', text, e.message);
    }
  };
  const first = end(text.slice(0, dash));
  const last = end(text.slice(dash + 1));
  if (first > last) throw new BadportError('invalid_range', text, 'the first port is above the last');
  return { first, last };
}

const cannot = (input, reason) => new BadportError('invalid_target', input, reason);
const shown = (text) => printable(text);
const rangeText = (p) => (p.first === p.last ? String(p.first) : `${p.first}-${p.last}`);
const SPECIAL_SCHEMES = ['http', 'https', 'ws', 'wss', 'ftp', 'file'];

function parseUrl(text) {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function effectivePort(u) {
  if (u.port !== '') return Number(u.port);
  const d = data.default_ports[u.protocol.slice(0, -1)];
  return d === undefined ? null : d;
}

function makeTarget(input, kind, ports, readAs = '', address = null) {
  return { input, kind, read_as: readAs === '' ? null : readAs, ports, address };
}

function readPorts(input, text) {
  let ports;
  try {
    ports = parsePortRange(text);
  } catch (e) {
    const word = /^[A-Za-z]/.test(text);
    const host = word && /^[A-Za-z0-9._-]*$/.test(text);
    if (host) {
      let engine = true;
      try {
        parseEngine(text);
      } catch {
        engine = false;
      }
      if (engine) throw cannot(input, `an engine name; to choose engines, use --engine ${text}`);
      if (text === input) throw cannot(input, `no port; write ${text}:PORT, or a URL such as http://${text}/`);
    }
    if (word) throw cannot(input, 'not a port, a range, HOST:PORT or a URL');
    throw e;
  }
  return makeTarget(input, ports.first === ports.last ? 'port' : 'range', ports);
}

function readPublish(input, host) {
  if (host === '') throw cannot(input, 'no host port: Docker publishes the container port on a random host port');
  let ports;
  try {
    ports = parsePortRange(host);
  } catch (e) {
    throw new BadportError('invalid_target', input, shown(e.message));
  }
  return makeTarget(input, 'publish', ports, (ports.first === ports.last ? 'host port ' : 'host ports ') + rangeText(ports));
}

function readHostPort(input, host, rest) {
  const text = `http://${host === '' ? 'localhost' : host}:${rest}`;
  const u = parseUrl(text);
  if (!u) throw new BadportError('invalid_target', input, `read as ${shown(text)}: the URL parser rejects it`);
  const port = effectivePort(u);
  return makeTarget(input, 'host-port', port === null ? null : { first: port, last: port }, u.href, u);
}

function readUrl(input) {
  const u = parseUrl(input);
  if (!u) throw new BadportError('invalid_url', input, 'the URL parser rejects it');
  const port = effectivePort(u);
  return makeTarget(input, 'url', port === null ? null : { first: port, last: port }, '', u);
}

function readOne(input) {
  let s = input;
  if (s.includes('://')) return readUrl(s);

  // "6000/tcp", "0.0.0.0:6000->5000/tcp": the protocol suffix.
  const slash = s.lastIndexOf('/');
  if (slash > 0 && isDigit(s[slash - 1])) {
    const proto = s.slice(slash + 1).toLowerCase();
    if (proto === 'udp') throw cannot(input, 'a UDP port; browsers open web pages over TCP (write the port alone or with /tcp)');
    if (proto === 'tcp') s = s.slice(0, slash);
  }

  // docker ps: "0.0.0.0:6000->5000", ":::6000->5000".
  const arrow = s.indexOf('->');
  if (arrow >= 0) {
    const left = s.slice(0, arrow);
    const colon = left.lastIndexOf(':');
    return readPublish(input, colon < 0 ? left : left.slice(colon + 1));
  }

  if (!s.includes(':')) {
    if (!s.includes('/') && !s.includes('.')) return readPorts(input, s);
    if (s === input) throw cannot(input, `no port; write HOST:PORT or a URL such as http://${shown(input)}`);
    return readPorts(input, s);
  }

  // "[v6]:PORT" and "[v6]:HOST_PORT:CONTAINER_PORT".
  if (s[0] === '[') {
    const close = s.indexOf(']');
    if (close < 0) return readUrl(input);
    const after = s.slice(close + 1);
    if (after === '') throw cannot(input, 'no port; write it after the address, as in [::1]:6000');
    if (after[0] !== ':') throw cannot(input, 'expected :PORT after the bracketed address');
    const rest = after.slice(1);
    const second = rest.indexOf(':');
    if (second >= 0 && allDigits(rest.slice(second + 1))) return readPublish(input, rest.slice(0, second));
    return readHostPort(input, s.slice(0, close + 1), rest);
  }

  const colon = s.indexOf(':');
  const head = s.slice(0, colon);
  const tail = s.slice(colon + 1);
  if (isPortOrRange(head) && isPortOrRange(tail)) return readPublish(input, head);
  const second = tail.indexOf(':');
  if (second >= 0) {
    if (isPortOrRange(tail.slice(second + 1)) && (second === 0 || isPortOrRange(tail.slice(0, second))) && !/[/?#]/.test(head))
      return readPublish(input, tail.slice(0, second));
    if (s.includes('::') || s.split(':').length - 1 > 2) throw cannot(input, 'an IPv6 address needs brackets, as in [::1]:6000');
  }
  if (SPECIAL_SCHEMES.includes(head.toLowerCase())) return readUrl(input);
  let digits = 0;
  while (digits < tail.length && isDigit(tail[digits])) digits++;
  if (digits > 0 && (digits === tail.length || '/?#'.includes(tail[digits])) && !/[/?#]/.test(head))
    return readHostPort(input, head, tail);
  return readUrl(input);
}

function trimBlank(s) {
  return s.replace(/^[ \t]+/, '').replace(/[ \t]+$/, '');
}

/**
 * What people type, read as badport reads it: a port, a range, a comma list, a URL, host:port,
 * [v6]:port, :port, N/tcp, Docker's HOST:CONTAINER and `docker ps` forms. Returns the targets
 * ({input, kind, read_as, ports}); throws a BadportError that says what was expected.
 */
export function parseTargets(text) {
  text = String(text);
  const strip = ({ address, ...t }) => t;
  return readTargets(text).map(strip);
}

function readTargets(text) {
  if (text.includes('://') || !text.includes(',')) return [readOne(text)];
  return text.split(',').map((raw) => {
    const item = trimBlank(raw);
    if (item === '') throw cannot(text, 'an empty item in the comma list');
    return readOne(item);
  });
}

// --- decisions (decision.cpp) ----------------------------------------------------------------

const withPort = (text, port) => text.split('{port}').join(String(port));
const interval = (p) => (p === null ? null : { first: p.first, last: p.last });

/** The per-engine reasons on a URL (url_check.cpp): Fetch-like engines read only an explicit port. */
function urlReason(scheme, explicit, effective, i, user) {
  const r = RULES[i];
  if (!r.blocks) return 'never-blocks';
  if (r.explicit_port_only) {
    if (explicit === null) return r.schemes === null || r.schemes.includes(scheme) ? 'default-port' : 'scheme-not-checked';
    return reasonFor(explicit, i, scheme, user);
  }
  if (effective === null) return 'default-port';
  return reasonFor(effective, i, scheme, user);
}

function decision(target, port, scheme, url, reasons, ctx, rangeSuggestion) {
  const row = port >= 0 ? ROWS.get(port) : undefined;
  const verdicts = [];
  const blockedBy = [];
  for (const [i, why] of reasons) {
    const e = ENGINES[i];
    const blocked = BLOCKING_REASONS.has(why);
    let since = null;
    if (why === 'listed' && row !== undefined && row[4 + i] !== null) {
      const [date, version, source] = data.since[row[4 + i]];
      since = { date, version, source };
    }
    if (blocked) blockedBy.push(e.name);
    verdicts.push({
      engine: e.name,
      blocked,
      reason: why,
      since,
      error_code: blocked ? withPort(e.error_code, port) : null,
      error_text: blocked && e.error_text !== '' ? withPort(e.error_text, port) : null,
      override: blocked && e.override !== '' ? withPort(e.override, port) : null,
    });
  }
  const blocked = blockedBy.length > 0;
  return {
    target: {
      input: target.input,
      kind: target.kind,
      read_as: target.read_as,
      ports: interval(target.ports),
      range_suggestion: rangeSuggestion,
    },
    port: port >= 0 ? port : null,
    scheme,
    url,
    blocked,
    blocked_by: blockedBy,
    service: row === undefined ? null : row[1],
    description: row === undefined ? null : row[2],
    attack: row === undefined ? null : row[3],
    attack_description: row === undefined ? null : data.attacks[row[3]],
    verdicts,
    nearest: port >= 0 ? nearestUnder(port, ctx) : { below: null, above: null },
    suggestion: port >= 0 && blocked ? suggestUnder(port, ctx, [1, 65535]) : null,
  };
}

function chosen(ctx) {
  const out = [];
  for (let i = 0; i < ENGINE_COUNT; i++) if ((ctx.mask & (1 << i)) !== 0) out.push(i);
  return out;
}

/** Every decision a target asks for, in order (decide_each). */
function* decideEach(t, ctx) {
  const several = t.ports !== null && t.ports.first !== t.ports.last;
  const range = several ? rangeSuggestionFor(t, ctx) : null;
  const engines = chosen(ctx);
  if (t.address) {
    const u = t.address;
    const scheme = u.protocol.slice(0, -1);
    const explicit = u.port === '' ? null : Number(u.port);
    const effective = explicit ?? data.default_ports[scheme] ?? null;
    const reasons = engines.map((i) => [i, urlReason(scheme, explicit, effective, i, ctx.user)]);
    yield decision(t, effective ?? -1, scheme, { href: u.href, port: explicit }, reasons, ctx, range);
    return;
  }
  if (t.ports === null) return;
  for (let p = t.ports.first; p <= t.ports.last; p++) {
    const reasons = engines.map((i) => [i, reasonFor(p, i, 'http', ctx.user)]);
    yield decision(t, p, 'http', null, reasons, ctx, range);
  }
}

function rangeSuggestionFor(t, ctx) {
  const s = suggestRangeUnder(t.ports.first, t.ports.last, ctx, [1, 65535]);
  if (s === null || (s.first === t.ports.first && s.last === t.ports.last)) return null;
  return s;
}

/**
 * The decision on one port, URL, host:port or Docker mapping, as one result object of
 * badport.check/2 (doc/schema/check.schema.json): each engine's verdict and why, since when,
 * the browser's error, the override, the nearest allowed ports and the suggestion. A number is
 * a port; text is read as parseTargets() reads it and must ask for exactly one decision (use
 * check() for ranges and lists).
 */
export function explain(target, options) {
  const ctx = context(options);
  let targets;
  if (typeof target === 'number') {
    checkPortArgument(target);
    if (target < 0 || target > 65535) throw new BadportError('port_out_of_range', String(target), 'ports are 0 to 65535');
    targets = [makeTarget(String(target), 'port', { first: target, last: target })];
  } else {
    targets = readTargets(String(target));
  }
  const results = targets.flatMap((t) => [...decideEach(t, ctx)]);
  if (results.length !== 1)
    throw new RangeError(`badport: "${printable(target)}" asks for ${results.length} decisions; explain() gives one, check() gives them all`);
  return results[0];
}

/**
 * The decision on a URL, parsed by the host's WHATWG `URL` (a string or a URL object): Fetch,
 * Node and Deno check only an explicit port on http(s)/ws(s); browsers check the effective port.
 */
export function checkUrl(url, options) {
  const ctx = context(options);
  const input = typeof url === 'string' ? url : String(url.href ?? url);
  const u = typeof url === 'string' ? parseUrl(url) : parseUrl(input);
  if (!u) throw new BadportError('invalid_url', input, 'the URL parser rejects it');
  const port = effectivePort(u);
  const t = makeTarget(input, 'url', port === null ? null : { first: port, last: port }, '', u);
  return decideEach(t, ctx).next().value;
}

/**
 * `badport check --json` for the targets: one badport.check/2 document (schema, engines, data,
 * results, blocked, summary). Throws on the first target it cannot read, before deciding any.
 */
export function check(targets, options) {
  const ctx = context(options);
  const list = (typeof targets === 'string' || typeof targets === 'number' ? [targets] : Array.from(targets)).flatMap((t) =>
    typeof t === 'number' ? readTargets(String(t)) : readTargets(String(t)),
  );
  const results = [];
  let blocked = 0;
  for (const t of list)
    for (const r of decideEach(t, ctx)) {
      results.push(r);
      if (r.blocked) blocked++;
    }
  return {
    schema,
    engines: chosen(ctx).map((i) => ENGINES[i].name),
    data: {
      checked: database.checked,
      sources: { ...database.sources },
      commits: Object.fromEntries(Object.entries(database.commits).map(([k, v]) => [k, { ...v }])),
    },
    results,
    blocked: blocked > 0,
    summary: { checked: results.length, blocked, allowed: results.length - blocked },
  };
}
