#!/usr/bin/env node
// Benchmarks of the npm package (packages/npm), each as a ratio against a named peer measured
// in the same run. Not a test: it asserts nothing. Run after `npm run build` in packages/npm:
//   node bench/npm_bench.mjs
// - packed size: `npm pack` of badport vs of get-port 7.2.0 (from npm's cache);
// - isBlocked(port) calls a second vs a hand-copied Set of Fetch's bad ports (Set.prototype.has),
//   the way projects check ports today;
// - import time in a fresh Node process (after an empty module has warmed the loader): badport
//   vs get-port.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '../packages/npm');
const out = mkdtempSync(join(tmpdir(), 'badport-bench-'));

function packedSize(spec, cwd) {
  const json = execFileSync('npm', ['pack', spec, '--ignore-scripts', '--offline', '--json', '--pack-destination', out], { cwd, encoding: 'utf8' });
  const [info] = JSON.parse(json);
  return { size: info.size, unpacked: info.unpackedSize, files: info.entryCount };
}

const ours = packedSize('.', pkg);
let peer = null;
try {
  peer = packedSize('get-port@7.2.0', pkg);
} catch {
  peer = null;
}
console.log(`packed size: badport ${ours.size} B (${ours.files} files, ${ours.unpacked} B unpacked)` +
  (peer ? `; get-port ${peer.size} B; ratio ${(ours.size / peer.size).toFixed(2)}` : '; get-port not in npm cache'));

const badport = await import(pathToFileURL(join(pkg, 'src/index.js')).href);
// The peer: Fetch's list typed into a Set, as projects copy it.
const handCopied = new Set([0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103,
  104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531,
  532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000,
  6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080]);

function rate(fn) {
  const ports = new Uint16Array(1 << 16);
  for (let i = 0; i < ports.length; i++) ports[i] = (i * 40503) & 0xffff;
  let sink = 0;
  for (let w = 0; w < 50; w++) for (let i = 0; i < ports.length; i++) sink += fn(ports[i]) ? 1 : 0; // warm up
  let best = 0;
  for (let round = 0; round < 5; round++) {
    const start = process.hrtime.bigint();
    let calls = 0;
    while (process.hrtime.bigint() - start < 300_000_000n) {
      for (let i = 0; i < ports.length; i++) sink += fn(ports[i]) ? 1 : 0;
      calls += ports.length;
    }
    best = Math.max(best, calls / (Number(process.hrtime.bigint() - start) / 1e9));
  }
  if (sink === -1) console.log(sink);
  return best;
}
const ourRate = rate((p) => badport.isBlocked(p));
const setRate = rate((p) => handCopied.has(p));
const withOptions = { engines: ['chromium', 'firefox'] };
const optionRate = rate((p) => badport.isBlocked(p, withOptions));
console.log(`isBlocked(port): ${(ourRate / 1e6).toFixed(1)} M calls/s; hand-copied Set.has: ${(setRate / 1e6).toFixed(1)} M/s; ratio ${(ourRate / setRate).toFixed(2)}`);
console.log(`isBlocked(port, {engines}) with one options object: ${(optionRate / 1e6).toFixed(1)} M calls/s`);

function importMs(specifier, cwd) {
  // The loader is warmed by an empty module first: what is timed is the package's own cost.
  const code = `await import('data:text/javascript,export default 1'); const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`;
  const times = [];
  for (let i = 0; i < 15; i++)
    times.push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd, encoding: 'utf8' })));
  times.sort((a, b) => a - b);
  return [times[Math.floor(times.length / 2)], times[0]];
}
const ourImport = importMs(pathToFileURL(join(pkg, 'src/index.js')).href, pkg);
const peerImport = importMs('get-port', pkg);
console.log(`import (median of 15 fresh processes; fastest in brackets): badport ${ourImport[0].toFixed(2)} ms (${ourImport[1].toFixed(2)}); get-port ${peerImport[0].toFixed(2)} ms (${peerImport[1].toFixed(2)}); ratio ${(ourImport[0] / peerImport[0]).toFixed(2)}`);
rmSync(out, { recursive: true, force: true });
