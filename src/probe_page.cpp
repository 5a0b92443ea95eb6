// The page the probed browser loads.

#include <badport/pages.h>

namespace badport {

namespace {


// Requests go out through a bounded window of concurrent no-cors fetches: a refused port
// rejects at once without touching the network, an allowed one costs one tiny 204 from the
// proxy. The window is not the limit: each browser spends milliseconds of CPU per request
// (wider windows measured no faster, and WebKitGTK slower: 768 took three times as long).
// After each round the page asks the proxy which ports did not arrive and tries those again,
// so a lost request is never mistaken for a blocked port.
// With a chain above 1, the first round requests runs of consecutive ports: the proxy answers
// each with a redirect to the next port, up to the run's last, so one fetch walks up to
// `chain` ports (Chromium spends most of a request's cost outside its network stack, so this
// is much cheaper there). A refused port ends its run; what follows it is retried, on its
// own, in the next round. Ports in `alone` (refused by some engine) never join a run.
constexpr std::string_view page = R"HTML(<!doctype html>
<html><head><meta charset="utf-8"><title>badport probe</title></head><body>
<pre id="status">starting</pre>
<script>
"use strict";
const C = /*CONFIG*/;
const out = document.getElementById("status");
const alone = new Set(C.alone);
function expand(ranges) {
  const a = [];
  for (const [first, last] of ranges) for (let p = first; p <= last; p++) a.push(p);
  return a;
}
async function hit(url) {
  try { await fetch(url, {mode: "no-cors", cache: "no-store", credentials: "omit"}); }
  catch (e) {}
}
function socket(url) {
  return new Promise((resolve) => {
    let s = null;
    const end = () => { clearTimeout(timer); try { if (s) s.close(); } catch (e) {} resolve(); };
    const timer = setTimeout(end, 5000);
    try { s = new WebSocket(url); } catch (e) { end(); return; }
    s.onerror = end; s.onclose = end; s.onopen = end;
  });
}
function runs(ports, n, alone) {
  const out = [];
  for (let i = 0; i < ports.length; ) {
    let j = i;
    if (!alone.has(ports[i]))
      while (j + 1 < ports.length && j + 1 - i < n && ports[j + 1] === ports[j] + 1 && !alone.has(ports[j + 1])) j++;
    out.push([ports[i], ports[j]]);
    i = j + 1;
  }
  return out;
}
async function pool(items, work) {
  let next = 0;
  const worker = async () => { while (next < items.length) await work(items[next++]); };
  await Promise.all(Array.from({length: Math.min(C.window, items.length)}, worker));
}
async function control(what, body) {
  const r = await fetch("/ctl/" + what + "?t=" + C.token,
                        {method: "POST", body: JSON.stringify(body), cache: "no-store"});
  return r.json();
}
(async () => {
  let ports = expand(C.ranges), forms = C.forms;
  for (let round = 1; ; round++) {
    out.textContent = "round " + round + ": " + ports.length + " ports, " + forms.length + " forms";
    await pool(forms, (f) => f.ws ? socket(f.url) : hit(f.url));
    const chain = round === 1 ? C.chain : 1;
    await pool(runs(ports, chain, alone),
               ([a, b]) => hit("http://" + C.host + ":" + a + (a === b ? "/p/" + a : "/c/" + b)));
    const r = await control("round", {round});
    if (r.done) break;
    ports = r.retest;
    forms = C.forms.filter((f) => r.forms.includes(f.id));
  }
  out.textContent = "done";
})().catch((e) => control("error", {message: String(e)}));
</script></body></html>
)HTML";

}  // namespace

std::string_view probe_page_html() noexcept { return page; }

}  // namespace badport
