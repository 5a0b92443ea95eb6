#!/usr/bin/env node
// npx badport: the light JavaScript front door to badport. `check` and `pick` here; scan,
// sockets, probe, fetch, serve and run are in the native tool (the badport Debian package).

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BadportError, check, engines as engineList, parsePort, parsePortRange, parseTargets } from '../src/index.js';
import { pickPort } from '../src/node.js';

const EXIT_OK = 0;
const EXIT_BLOCKED = 1;
const EXIT_ERROR = 2;

const HELP = `badport: which TCP ports browsers and JavaScript runtimes refuse, and what to use instead

usage:
  badport check [options] TARGET...   decide ports, ranges, URLs, host:port, Docker mappings
  badport pick [options]              print a free port that no browser refuses

check options:
  --json                 print badport.check/2 JSON (the schema of the native badport)
  -e, --engine LIST      engines, comma-separated (${engineList().map((e) => e.name).join(', ')}, all)
  --chromium-flags LINE  a Chromium command line, e.g. '--explicitly-allowed-ports=6000'
  --firefox-prefs FILE   a Firefox prefs.js or user.js whose port prefs to apply

pick options:
  --near N               N itself if free and allowed, else the next such port above
  --range A-B            pick within A-B (default without --near: 10000-32767)
  --host ADDR            a numeric address to check (default 127.0.0.1 and ::1)
  -e, --engine LIST      engines no picked port may be refused by

exit status: 0 nothing blocked, 1 something blocked, 2 error.
Scanning projects, listening sockets and probing real browsers are in the native badport
command (scan, sockets, probe): see https://github.com/badport/badport.
`;

class UsageError extends Error {}

function fail(message) {
  process.stderr.write(`badport: ${message}\n`);
  return EXIT_ERROR;
}

function engineOptions(values) {
  const options = {};
  if (values.engine !== undefined) options.engines = values.engine;
  if (values['chromium-flags'] !== undefined) options.chromiumFlags = values['chromium-flags'];
  if (values['firefox-prefs'] !== undefined) {
    try {
      options.firefoxPrefs = readFileSync(values['firefox-prefs'], 'utf8');
    } catch (e) {
      throw new BadportError('io_error', values['firefox-prefs'], e.code === 'ENOENT' ? 'no such file' : e.message);
    }
  }
  return options;
}

const rangeText = (p) => (p.first === p.last ? String(p.first) : `${p.first}-${p.last}`);

/** A result for people: the head line, the verdict, and for a blocked port what to do. */
function printResult(out, r, full) {
  const service = r.service === null ? 'no engine lists this port' : `${r.service}: ${r.description}`;
  let head;
  if (r.url !== null) {
    const shown = r.target.kind === 'host-port' ? `${r.target.input} (read as ${r.url.href})` : r.url.href;
    head = r.port === null ? `${shown}  no port` : `${shown}  port ${r.port}${r.url.port === null ? " (the scheme's default)" : ''}  ${service}`;
  } else if (r.target.kind === 'publish') {
    head = `${r.target.input}  host port ${r.port}  ${service}`;
  } else {
    head = `${r.port}  ${service}`;
  }
  out.push(head);
  const chosen = r.verdicts.map((v) => v.engine);
  if (!r.blocked) {
    out.push(`  fine: no chosen engine blocks ${r.url !== null ? 'this URL' : `port ${r.port}`} (${chosen.join(', ')})`);
    if (!full) return;
  } else {
    const by = chosen.length === 1 ? r.blocked_by.join(', ') : `${r.blocked_by.length} of ${chosen.length} engines: ${r.blocked_by.join(', ')}`;
    out.push(`  blocked by ${by}`);
    if (r.attack_description !== null) out.push(`  why: ${r.attack_description}`);
  }
  out.push('', `  ${'engine'.padEnd(9)} ${'verdict'.padEnd(8)} ${'since'.padEnd(26)} source`);
  for (const v of r.verdicts) {
    let since = '-';
    let source = v.reason.replace(/-/g, ' ');
    if (v.blocked && v.reason !== 'listed') since = '(your settings)';
    else if (v.since !== null) {
      since = v.since.date === null ? 'unknown' : v.since.version === null ? v.since.date : `${v.since.date} (${v.since.version})`;
      if (v.since.source !== null) source = v.since.source;
    }
    out.push(`  ${v.engine.padEnd(9)} ${(v.blocked ? 'blocked' : 'allowed').padEnd(8)} ${since.padEnd(26)} ${source}`);
  }
  if (!r.blocked) return;
  out.push('', '  what you will see');
  for (const v of r.verdicts) if (v.blocked) out.push(`  ${v.engine.padEnd(9)} ${v.error_text ?? v.error_code}`);
  out.push('', '  how to override');
  for (const v of r.verdicts) if (v.blocked) out.push(`  ${v.engine.padEnd(9)} ${v.override ?? 'none'}`);
  const near = [];
  if (r.nearest.below !== null) near.push(`${r.nearest.below} below`);
  if (r.nearest.above !== null) near.push(`${r.nearest.above} above`);
  out.push('', `  use instead: ${r.suggestion ?? 'no port is left that no chosen engine blocks'}${near.length ? `  (nearest allowed: ${near.join(', ')})` : ''}`);
}

function runCheck(args) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      engine: { type: 'string', short: 'e' },
      'chromium-flags': { type: 'string' },
      'firefox-prefs': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT_OK;
  }
  if (positionals.length === 0) throw new UsageError('check needs a port, range, URL or host:port (e.g. badport check 6000)');
  const options = engineOptions(values);
  // Every argument is read before anything is printed: bad input leaves no partial output.
  const targets = positionals.flatMap((p) => parseTargets(p));
  const doc = check(positionals, options);
  if (values.json) {
    process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
    return doc.blocked ? EXIT_BLOCKED : EXIT_OK;
  }
  const out = [];
  let next = 0;
  for (const t of targets) {
    const count = t.ports === null ? (t.kind === 'url' || t.kind === 'host-port' ? 1 : 0) : t.kind === 'url' || t.kind === 'host-port' ? 1 : t.ports.last - t.ports.first + 1;
    const results = doc.results.slice(next, next + count);
    next += count;
    const several = t.ports !== null && t.ports.first !== t.ports.last;
    for (const r of results) {
      if (several && !r.blocked) continue;
      if (out.length > 0) out.push('');
      printResult(out, r, r.url !== null);
    }
    if (several) {
      const blocked = results.filter((r) => r.blocked).map((r) => r.port);
      if (out.length > 0) out.push('');
      out.push(`${t.input}: ${blocked.length} of ${results.length} ports blocked${blocked.length ? `: ${blocked.join(', ')}` : ''}`);
      const suggestion = results[0].target.range_suggestion;
      if (suggestion !== null) out.push(`  use instead: ${rangeText(suggestion)}`);
    }
  }
  if (doc.results.length > 1)
    out.push('', `${doc.summary.checked} checked: ${doc.summary.blocked} blocked, ${doc.summary.allowed} allowed`);
  process.stdout.write(out.join('\n') + '\n');
  return doc.blocked ? EXIT_BLOCKED : EXIT_OK;
}

async function runPick(args) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: false,
    options: {
      near: { type: 'string' },
      range: { type: 'string' },
      host: { type: 'string' },
      engine: { type: 'string', short: 'e' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT_OK;
  }
  void positionals;
  const options = engineOptions(values);
  if (values.near !== undefined) {
    options.near = parsePort(values.near);
    if (options.near === 0) throw new BadportError('invalid_port', values.near, '--near needs a port in 1..65535');
  }
  if (values.range !== undefined) options.range = parsePortRange(values.range);
  if (values.host !== undefined) options.host = values.host;
  process.stdout.write(`${await pickPort(options)}\n`);
  return EXIT_OK;
}

async function main(argv) {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return command === undefined ? EXIT_ERROR : EXIT_OK;
  }
  if (command === '--version' || command === '-V') {
    const { readFile } = await import('node:fs/promises');
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
    process.stdout.write(`${pkg.version}\n`);
    return EXIT_OK;
  }
  try {
    if (command === 'check') return runCheck(rest);
    if (command === 'pick') return await runPick(rest);
    if (['scan', 'sockets', 'probe', 'fetch', 'serve', 'run', 'list', 'diff'].includes(command))
      return fail(`"${command}" is in the native badport command (the Debian package), not in the npm package`);
    return fail(`unknown command "${command}"; try badport --help`);
  } catch (e) {
    if (e instanceof BadportError || e instanceof UsageError) return fail(e.message);
    if (e?.code?.startsWith?.('ERR_PARSE_ARGS')) return fail(e.message.split('\n')[0]);
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (e) => {
    process.stderr.write(`badport: internal error: ${e?.stack ?? e}\n`);
    process.exitCode = EXIT_ERROR;
  },
);
