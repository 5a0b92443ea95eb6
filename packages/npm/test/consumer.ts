// A TypeScript consumer of the package's types: `tsc --noEmit` must accept every use below and
// reject each line marked @ts-expect-error (so the types are not `any`).
import { blockedPortSet, check, checkUrl, engines, explain, isBlocked, suggestPort, type Result } from 'badport';
import { allowedPort, pickPort } from 'badport/node';

const blocked: boolean = isBlocked(6000, { engines: ['chromium', 'firefox'], chromiumFlags: '--explicitly-allowed-ports=6000' });
const r: Result = explain('localhost:6000');
const reason: 'listed' | 'not-listed' | string = r.verdicts[0].reason;
const next: number | null = r.suggestion ?? suggestPort(6000, { within: [6000, 7000] });
const href: string | undefined = checkUrl(new URL('ws://[::1]:5060/')).url?.href;
const checked: number = check(['6000-6010', 'http://localhost:6697/']).summary.checked;
const names: string[] = engines().map((e) => e.displayName);
const exclude: Set<number> = blockedPortSet({ engines: 'chromium' });

async function pick(): Promise<number> {
  const a = await pickPort({ near: 6000, range: [6000, 7000], host: '127.0.0.1', exclude: [6001] });
  const b = await allowedPort(async (from) => from, a);
  return b;
}

// @ts-expect-error: a port is a number
isBlocked('6000');
// @ts-expect-error: no such option
isBlocked(6000, { engine: "chromium" });
// @ts-expect-error: results are badport.check/2 objects, with no `ok` member
explain(6000).ok;
// @ts-expect-error: the reason is one of the known reasons
const wrong: 'blocked' = r.verdicts[0].reason;
// @ts-expect-error: pickPort is async
const sync: number = pickPort();

export { blocked, reason, next, href, checked, names, exclude, pick, wrong, sync };
