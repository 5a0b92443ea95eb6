// The page `badport serve` and `badport probe --open` send to a visitor's browser.

#include <badport/pages.h>

namespace badport {

namespace {


constexpr std::string_view page = R"HTML(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>badport</title>
<style>
body{font:15px/1.4 system-ui,sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#222}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
.ok{color:#080;font-weight:600}.no{color:#b00;font-weight:600}.wait{color:#888}code{background:#f3f3f3;padding:0 .2em}
small{color:#666}
</style></head><body>
<h1 id="title"></h1>
<p>Your browser (<code id="ua"></code>) is asked to request every port below from <code id="host"></code>.
The server marks each request that reaches it. A request that never arrives was refused by your browser before it
left: the port is on its list of blocked ports.</p>
<table><thead><tr><th>port</th><th>reached the server</th><th>your browser said</th><th>why</th></tr></thead>
<tbody id="rows"></tbody></table>
<p id="summary" class="wait">testing&hellip;</p>
<script>
"use strict";
const C = /*CONFIG*/;
const $ = (id) => document.getElementById(id);
$("title").textContent = C.title;
$("ua").textContent = navigator.userAgent;
$("host").textContent = location.hostname;
const engines = (b) => b.length ? b.join(", ") : "no engine";
const state = {};
function explain(p) {
  if (!p.bound) return "badport could not listen on this port: " + p.reason;
  if (!p.service) return "no engine in badport's database blocks this port";
  return "port " + p.port + " (" + p.service + ": " + p.description + ") is blocked by " + engines(p.blocked_by) + ". " + p.why;
}
function row(p) {
  const tr = document.createElement("tr");
  tr.innerHTML = "<td></td><td class=wait>waiting</td><td class=wait>waiting</td><td><small></small></td>";
  tr.cells[0].textContent = p.port;
  tr.cells[3].firstChild.textContent = explain(p);
  $("rows").appendChild(tr);
  state[p.port] = {p, tr, fetch: null, arrived: false};
}
C.ports.forEach(row);
for (const u of C.untested) {
  const tr = document.createElement("tr");
  tr.innerHTML = "<td></td><td class=wait>not tested</td><td class=wait>-</td><td><small></small></td>";
  tr.cells[0].textContent = u.port;
  tr.cells[3].firstChild.textContent = "privileged port: badport cannot listen here without root. " +
    (u.service ? u.service + ", blocked by " + engines(u.blocked_by) : "");
  $("rows").appendChild(tr);
}
function paint() {
  let pending = 0, refused = [];
  for (const s of Object.values(state)) {
    if (!s.p.bound) { s.tr.cells[1].textContent = "not served"; continue; }
    const c1 = s.tr.cells[1], c2 = s.tr.cells[2];
    if (s.arrived) { c1.textContent = "yes"; c1.className = "ok"; }
    else if (s.fetch === null) { c1.textContent = "waiting"; c1.className = "wait"; pending++; }
    else { c1.textContent = "never arrived"; c1.className = "no"; refused.push(s.p.port); }
    if (s.fetch !== null) { c2.textContent = s.fetch; c2.className = s.fetch === "loaded" ? "ok" : "no"; }
  }
  $("summary").textContent = pending ? "testing\u2026" :
    refused.length ? "Your browser refused port(s) " + refused.join(", ") + "." : "Every served port reached the server.";
  $("summary").className = pending ? "wait" : refused.length ? "no" : "ok";
  return pending;
}
async function status() {
  try {
    const r = await fetch("/status?t=" + C.token + "&run=" + C.run, {cache: "no-store"});
    const j = await r.json();
    for (const p of j.arrived) if (state[p]) state[p].arrived = true;
  } catch (e) {}
  return paint();
}
(async () => {
  const tries = Object.values(state).filter((s) => s.p.bound).map(async (s) => {
    const url = location.protocol + "//" + location.host.replace(/:\d+$/, "") + ":" + s.p.port + "/ping/" + C.run;
    try { await fetch(url, {mode: "no-cors", cache: "no-store", credentials: "omit"}); s.fetch = "loaded"; }
    catch (e) { s.fetch = "refused: " + e.message; }
    paint();
  });
  const timer = setInterval(status, 500);
  await Promise.all(tries);
  await status();
  clearInterval(timer);
  const results = Object.values(state).filter((s) => s.p.bound)
    .map((s) => ({port: s.p.port, fetch: s.fetch, arrived: s.arrived}));
  fetch("/result?t=" + C.token, {method: "POST", body: JSON.stringify({ua: navigator.userAgent, results}), cache: "no-store"});
})();
</script></body></html>
)HTML";

}  // namespace

std::string_view serve_page_html() noexcept { return page; }

}  // namespace badport
