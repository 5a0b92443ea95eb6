// The same questions asked of the package in every host (Node, a browser page, Deno, Bun): the
// answers must be identical. Host-neutral: it uses nothing but the module it is given.
export function battery(badport) {
  const refusedBy = {};
  for (const e of badport.engines()) refusedBy[e.name] = badport.blockedPorts({ engines: e.name });
  const inputs = [6000, '0', '65535', 'localhost:6000', '[::1]:5060', ':6697', '0.0.0.0:10080->80/tcp', 'http://localhost:6000/',
    'ftp://example.com/', 'file:///etc/hosts', 'ws://example.com:6669/x', 'mailto:a@example.com', 'http://EXAMPLE.com:06000'];
  const errors = [];
  for (const bad of ['6000x', 'chrome', 'example.com', '6000/udp', '::1:6000', 'http://[::1']) {
    try {
      badport.check([bad]);
      errors.push(null);
    } catch (e) {
      errors.push([e.name, e.code, e.message]);
    }
  }
  let fast = 0;
  for (let p = 0; p <= 65535; p++) if (badport.isBlocked(p)) fast++;
  return {
    engines: badport.engines(),
    refusedBy,
    refused: fast,
    explained: inputs.map((i) => badport.explain(i)),
    urls: ['https://example.com:989/', 'http://[::ffff:127.0.0.1]:6000/', 'http://xn--nxasmq6b.com:5061/'].map((u) => badport.checkUrl(u)),
    range: badport.check(['6660-6680'], { engines: ['chrome', 'safari'] }).results.map((r) => [r.port, r.blocked_by, r.target.range_suggestion]),
    overrides: badport.explain(6000, { chromiumFlags: '--explicitly-allowed-ports=6000', firefoxPrefs: 'user_pref("network.security.ports.banned.override", "6000");' }).verdicts,
    suggestions: [6000, 5060, 6665, 10080, 1].map((p) => [badport.suggestPort(p), badport.nearestAllowed(p)]),
    errors,
  };
}
