// badport/node: picking a free port that no browser refuses, proven free by binding it.
// Node.js only (node:net); everything else is in the main module, which runs anywhere.

import { createServer, isIP } from 'node:net';
import { BadportError, candidatePorts, isBlocked, suggestPort } from './index.js';

/** Where pickPort() looks without `near` or `range`: above dev servers' defaults, below Linux's ephemeral ports. */
export const defaultPickRange = Object.freeze({ first: 10000, last: 32767 });

/** Whether `host` can listen on `port` right now (the server is closed again at once). */
export function canListen(port, host) {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', (e) => resolve(e.code === 'EADDRNOTAVAIL' || e.code === 'EAFNOSUPPORT' ? null : false));
    server.listen({ port, host, exclusive: true, ipv6Only: isIP(host) === 6 }, () => server.close(() => resolve(true)));
  });
}

/**
 * The addresses a picked port must be free on: 127.0.0.1, and ::1 when this machine has IPv6;
 * or the one numeric address given ("localhost" means the default pair).
 */
export async function pickHosts(host) {
  if (host === undefined || host === null || host === 'localhost') {
    return (await canListen(0, '::1')) ? ['127.0.0.1', '::1'] : ['127.0.0.1'];
  }
  if (isIP(host) === 0) throw new BadportError('invalid_argument', host, 'not a numeric IPv4 or IPv6 address (or localhost)');
  const ok = await canListen(0, host);
  if (ok === null) throw new BadportError('invalid_argument', host, 'this machine has no such address');
  if (!ok) throw new BadportError('invalid_argument', host, 'cannot listen on it');
  return [host];
}

async function isFree(port, hosts) {
  for (const h of hosts) if ((await canListen(port, h)) !== true) return false;
  return true;
}

function readRange(range) {
  if (range === undefined || range === null) return null;
  const [first, last] = Array.isArray(range) ? range : [range.first, range.last];
  if (!Number.isInteger(first) || !Number.isInteger(last) || first < 0 || last > 65535 || first > last)
    throw new RangeError('badport: range must be [first, last] with 0 <= first <= last <= 65535');
  return [Math.max(first, 1), last];
}

/**
 * A free TCP port that no chosen engine refuses, proven free by listening on it.
 *
 * With `near`, badport's suggestion policy: `near` itself when it is allowed and free, else the
 * next such port above, else the nearest below (within `range`, default 1-65535). Without it,
 * a random such port of `range` (default 10000-32767). `exclude` lists ports not to return (the
 * project's other ports). Engine options as isBlocked(). Another process may take the port
 * after it is returned: listen on it soon.
 */
export async function pickPort(options = {}) {
  const { near, host, exclude } = options;
  if (near !== undefined && (!Number.isInteger(near) || near < 1 || near > 65535))
    throw new RangeError('badport: near must be a port in 1..65535');
  const hosts = await pickHosts(host);
  const [first, last] = readRange(options.range) ?? (near !== undefined ? [1, 65535] : [defaultPickRange.first, defaultPickRange.last]);
  const excluded = new Set(exclude ?? []);
  let order;
  if (near !== undefined) {
    order = candidatePorts(near, first, last);
  } else {
    order = Array.from({ length: last - first + 1 }, (_, i) => first + i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
  }
  for (const port of order) {
    if (excluded.has(port) || isBlocked(port, options)) continue;
    if (await isFree(port, hosts)) return port;
  }
  throw new BadportError('io_error', `${first}-${last}`, 'no free port that no chosen engine blocks');
}

/**
 * Runs another port picker until it gives a port that no chosen engine refuses: `picker(from)`
 * returns a free port at or above `from` (portfinder, detect-port); each blocked answer moves
 * `from` to the next allowed port above it.
 *
 *     await allowedPort((port) => portfinder.getPortPromise({ port }), 6000)
 *     await allowedPort(detect, 6665)
 */
export async function allowedPort(picker, start, options) {
  let from = suggestPort(start, options);
  for (let tries = 0; tries < 1000 && from !== null; tries++) {
    const port = await picker(from);
    if (!isBlocked(port, options)) return port;
    from = suggestPort(port, options);
  }
  throw new BadportError('io_error', String(start), 'the picker gave no port that no chosen engine blocks');
}
