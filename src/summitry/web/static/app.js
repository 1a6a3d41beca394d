// summitry studio front end: plain JavaScript over the JSON API (/api, see /docs).
"use strict";

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

async function api(method, path, body) {
  const init = { method, headers: {}, credentials: "same-origin" };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) { init.headers["Content-Type"] = "application/json"; init.body = JSON.stringify(body); }
  const res = await fetch("/api" + path, init);
  let data = null;
  try { data = await res.json(); } catch (e) { data = null; }
  if (!res.ok) {
    const detail = (data && data.detail) || {};
    const err = new Error(typeof detail === "string" ? detail : detail.message || (Array.isArray(detail) ? detail.map((d) => d.loc.join(".") + ": " + d.msg).join("; ") : res.statusText));
    err.status = res.status; err.problems = detail.problems || [];
    throw err;
  }
  return data;
}

function flash(msg, ok = false) {
  const el = $("#flash");
  el.textContent = msg; el.className = ok ? "ok" : ""; el.hidden = false;
  clearTimeout(flash.t); flash.t = setTimeout(() => { el.hidden = true; }, 6000);
}

function debounce(fn, ms) { let t; return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); }; }
const pct = (p) => (100 * p).toFixed(1) + "%";

// ------------------------------------------------------------------ library
async function pageLibrary() {
  const tbody = $("#library tbody");
  async function load() {
    const items = await api("GET", "/scenarios");
    tbody.innerHTML = items.map((e) => {
      const r = encodeURIComponent(e.ref);
      const links = [];
      if (e.kind !== "gmcr" && e.kind !== "invalid") links.push(`<a href="/editor?ref=${r}">edit</a>`);
      if (e.kind === "scenario") links.push(`<a href="/compare?base=${r}">compare</a>`);
      if (e.kind === "gmcr" || e.kind === "scenario") links.push(`<a href="/gmcr?ref=${r}">gmcr</a>`);
      if (e.id) links.push(`<a href="/runs?scenario_id=${encodeURIComponent(e.id)}">runs</a>`);
      links.push(`<a href="/api/scenarios/${e.ref.split("/").map(encodeURIComponent).join("/")}?download=true">download</a>`);
      return `<tr data-ref="${esc(e.ref)}"><td>${esc(e.ref)}</td><td>${esc(e.kind)}</td><td>${esc(e.title || "")}</td><td>${links.join(" · ")}</td></tr>`;
    }).join("");
  }
  $("#upload-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const f = $("#upload-file").files[0];
    const out = $("#upload-problems"); out.innerHTML = "";
    if (!f) return flash("choose a file first");
    const fd = new FormData(); fd.append("file", f);
    try { const r = await api("POST", "/scenarios/upload", fd); flash("uploaded " + r.ref, true); await load(); }
    catch (e) { flash(e.message); out.innerHTML = (e.problems || []).map((p) => `<li>${esc(p.text)}</li>`).join(""); }
  });
  await load();
}

// ------------------------------------------------------------------ editor
async function pageEditor() {
  const ref = document.body.dataset.ref || null;
  const ta = $("#yaml"), gutter = $("#gutter"), problems = $("#problems"), status = $("#status");
  let bad = new Set();
  let fieldsLoaded = false;

  function drawGutter() {
    const n = ta.value.split("\n").length;
    let html = "";
    for (let i = 1; i <= n; i++) html += bad.has(i) ? `<span class="bad" data-line="${i}">${i}</span>\n` : `<span data-line="${i}">${i}</span>\n`;
    gutter.innerHTML = html;
    gutter.scrollTop = ta.scrollTop;
  }
  ta.addEventListener("scroll", () => { gutter.scrollTop = ta.scrollTop; });

  function gotoLine(line) {
    const lines = ta.value.split("\n");
    let pos = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) pos += lines[i].length + 1;
    ta.focus(); ta.setSelectionRange(pos, pos + (lines[line - 1] || "").length);
    const lh = parseFloat(getComputedStyle(ta).lineHeight) || 18;
    ta.scrollTop = Math.max(0, (line - 5) * lh);
  }

  async function validate() {
    status.textContent = "checking…"; status.className = "status";
    try {
      const r = await api("POST", "/validate", { ref, yaml: ta.value });
      bad = new Set(); problems.innerHTML = "";
      status.textContent = `valid: ${r.id} (${r.actors} actors, ${r.issues} issues)`; status.className = "status ok";
    } catch (e) {
      const ps = e.problems || [];
      bad = new Set(ps.map((p) => p.line));
      problems.innerHTML = ps.length
        ? ps.map((p) => `<li data-line="${p.line}" data-col="${p.col}">line ${p.line}, col ${p.col}: ${esc(p.path ? p.path + ": " : "")}${esc(p.message)}${p.value !== null ? "; got " + esc(p.value) : ""}; expected ${esc(p.expected)}. Fix: ${esc(p.fix)}</li>`).join("")
        : `<li>${esc(e.message)}</li>`;
      status.textContent = ps.length ? `${ps.length} problem(s)` : "error"; status.className = "status bad";
    }
    drawGutter();
  }
  const revalidate = debounce(validate, 500);
  ta.addEventListener("input", () => { drawGutter(); revalidate(); fieldsLoaded = false; });
  problems.addEventListener("click", (ev) => { const li = ev.target.closest("li[data-line]"); if (li) gotoLine(+li.dataset.line); });

  async function loadForm() {
    const box = $("#form");
    try {
      const r = await api("POST", "/form", { yaml: ta.value });
      const groups = {};
      r.fields.forEach((f) => { (groups[f.group] = groups[f.group] || []).push(f); });
      box.innerHTML = Object.entries(groups).map(([g, fs]) => `<fieldset><legend>${esc(g)}</legend>` + fs.map((f) =>
        `<div class="field"><label title="line ${f.line}, ${esc(f.spec)}">${esc(f.label)}</label>` +
        `<input type="range" min="${f.min}" max="${f.max}" step="${f.step}" value="${f.value}" data-path='${esc(JSON.stringify(f.path))}' data-key="${esc(f.path.join("."))}">` +
        `<output>${f.value}</output></div>`).join("") + `</fieldset>`).join("");
      fieldsLoaded = true;
    } catch (e) { box.innerHTML = `<p class="error">${esc(e.message)} — fix the YAML first.</p>`; }
  }
  $("#form").addEventListener("input", (ev) => { if (ev.target.type === "range") ev.target.nextElementSibling.textContent = ev.target.value; });
  $("#form").addEventListener("change", async (ev) => {
    const el = ev.target; if (el.type !== "range") return;
    try {
      const r = await api("POST", "/form/patch", { yaml: ta.value, changes: [{ path: JSON.parse(el.dataset.path), value: +el.value }] });
      ta.value = r.yaml; drawGutter(); await validate();
      document.body.dataset.patched = String((+document.body.dataset.patched || 0) + 1);
    } catch (e) { flash(e.message); }
  });

  $$(".tabs button").forEach((b) => b.addEventListener("click", async () => {
    $$(".tabs button").forEach((x) => x.classList.toggle("active", x === b));
    $("#tab-yaml").hidden = b.dataset.tab !== "yaml"; $("#tab-form").hidden = b.dataset.tab !== "form";
    if (b.dataset.tab === "form" && !fieldsLoaded) await loadForm();
  }));

  $("#run-btn").addEventListener("click", async () => {
    try {
      const seed = $("#seed").value === "" ? null : +$("#seed").value;
      const r = await api("POST", "/simulate", { ref, yaml: ta.value, draws: +$("#draws").value, seed });
      window.location.href = r.url;
    } catch (e) { flash(e.message); if (e.problems && e.problems.length) await validate(); }
  });
  $("#save-btn").addEventListener("click", async () => {
    try { const r = await api("POST", "/scenarios", { name: $("#save-name").value, yaml: ta.value, from_ref: ref }); flash("saved " + r.ref, true); }
    catch (e) { flash(e.message); }
  });
  $("#variant-btn").addEventListener("click", async () => {
    if (!ref) return flash("open a library scenario first: a variant needs a base file");
    try {
      const r = await api("POST", "/variants", { base: ref, yaml: ta.value, name: $("#variant-name").value, title: $("#variant-title").value });
      flash(`saved variant ${r.ref} (${r.changes.length} change(s))`, true);
      document.body.dataset.variant = r.ref;
    } catch (e) { flash(e.message); }
  });
  if (ref) {
    $("#compare-link").href = "/compare?base=" + encodeURIComponent(ref);
    $("#gmcr-link").href = "/gmcr?ref=" + encodeURIComponent(ref);
    const s = await api("GET", "/scenarios/" + ref.split("/").map(encodeURIComponent).join("/"));
    ta.value = s.text;
    if (s.writable) $("#save-name").value = s.name;
  } else {
    ta.value = "format: 1\nid: my-scenario\ntitle: \"...\"\n";
  }
  drawGutter();
  await validate();
  try { const v = await api("POST", "/validate", { ref, yaml: ta.value }); $("#history-link").href = "/runs?scenario_id=" + encodeURIComponent(v.id); } catch (e) { /* invalid: no history link */ }
  document.body.dataset.ready = "1";
}

// ------------------------------------------------------------------ run view
function estRows(group, obj) {
  return Object.entries(obj || {}).map(([k, e]) => ({ group, name: k, e }));
}

function barChart(el, title, rows) {
  if (!rows.length || typeof Plotly === "undefined") return;
  Plotly.newPlot(el, [{
    type: "bar", x: rows.map((r) => r.name), y: rows.map((r) => r.e.p),
    error_y: { type: "data", symmetric: false, array: rows.map((r) => r.e.wilson95[1] - r.e.p), arrayminus: rows.map((r) => r.e.p - r.e.wilson95[0]) },
    hovertemplate: "%{x}: %{y:.3f}<extra></extra>",
  }], { title, yaxis: { range: [0, 1], title: "probability (Wilson 95%)" }, margin: { t: 40, b: 80 } }, { displaylogo: false, responsive: true });
}

function renderSimulation(res) {
  const a = res.analysis, sim = res.simulation;
  $("#verdict").textContent = a.verdict ? `${a.verdict.code}: ${a.verdict.text}` : "";
  const outcomes = sim.horizon && sim.horizon.outcomes ? sim.horizon.outcomes : sim.outcomes;
  const rows = [
    ...estRows(sim.horizon && sim.horizon.outcomes ? "outcome at horizon" : "outcome", outcomes),
    ...estRows("outcome group", sim.horizon && sim.horizon.groups),
    ...estRows("side deal feasible", sim.side_deals),
    ...estRows("issue blocked", sim.issue_blocked),
  ];
  $("#probabilities tbody").innerHTML = rows.map((r) => `<tr data-key="${esc(r.group + ":" + r.name)}"><td>${esc(r.group)}</td><td>${esc(r.name)}</td><td>${r.e.p.toFixed(4)}</td><td>[${r.e.wilson95[0].toFixed(4)}, ${r.e.wilson95[1].toFixed(4)}]</td><td>${r.e.k}/${r.e.n}</td></tr>`).join("");
  barChart($("#chart-outcomes"), "Outcome probabilities", estRows("", outcomes));
  barChart($("#chart-side"), "Side deal feasible", estRows("", sim.side_deals));
  barChart($("#chart-blocked"), "Issue blocked", estRows("", sim.issue_blocked));
  $("#analysis-text").textContent = res.analysis_text || "";
  $("#simulation-text").textContent = res.simulation_text || "";
  $("#results").hidden = false;
}

function renderComparison(res) {
  const cols = [{ id: res.base.id, sim: res.base.simulation }, ...res.variants.map((v) => ({ id: v.id, sim: v.simulation, delta: v.delta }))];
  const outs = (s) => (s.horizon && s.horizon.outcomes ? s.horizon.outcomes : s.outcomes);
  const keys = Object.keys(outs(cols[0].sim));
  $("#compare-table thead").innerHTML = `<tr><th>outcome</th>${cols.map((c) => `<th>${esc(c.id)}</th>`).join("")}</tr>`;
  $("#compare-table tbody").innerHTML = keys.map((k) => `<tr><td>${esc(k)}</td>${cols.map((c) => {
    const e = outs(c.sim)[k]; if (!e) return "<td>–</td>";
    const d = c.delta && c.delta[k] ? ` (Δ ${c.delta[k].dp >= 0 ? "+" : ""}${c.delta[k].dp.toFixed(4)})` : "";
    return `<td>${e.p.toFixed(4)} [${e.wilson95[0].toFixed(3)}, ${e.wilson95[1].toFixed(3)}]${esc(d)}</td>`;
  }).join("")}</tr>`).join("");
  if (typeof Plotly !== "undefined") {
    Plotly.newPlot($("#chart-compare"), cols.map((c) => ({
      type: "bar", name: c.id, x: keys, y: keys.map((k) => (outs(c.sim)[k] || {}).p),
      error_y: { type: "data", symmetric: false, array: keys.map((k) => outs(c.sim)[k].wilson95[1] - outs(c.sim)[k].p), arrayminus: keys.map((k) => outs(c.sim)[k].p - outs(c.sim)[k].wilson95[0]) },
    })), { barmode: "group", yaxis: { range: [0, 1], title: "probability" }, margin: { t: 20, b: 80 } }, { displaylogo: false, responsive: true });
  }
  $("#comparison").hidden = false;
}

async function pageRun() {
  const id = document.body.dataset.run;
  let features = { report: false };
  try { features = (await api("GET", "/health")).features; } catch (e) { /* keep defaults */ }
  function show(state) {
    $("#run-status").textContent = state.status;
    const total = state.total || state.progress_total || 0, done = state.done !== undefined ? state.done : state.progress_done || 0;
    const bar = $("#run-progress"); bar.max = total || 1; bar.value = done;
    $("#run-progress-text").textContent = total ? `${done} / ${total} draws` : "";
    $("#cancel-btn").disabled = !(state.status === "queued" || state.status === "running");
  }
  async function final() {
    const run = await api("GET", "/runs/" + id);
    show(run);
    if (run.status === "queued" || run.status === "running") { setTimeout(final, 1000); return; }
    document.body.dataset.status = run.status;
    const meta = { kind: run.kind, scenario: `${run.scenario_id} (${run.scenario_ref || "editor text"})`, seed: run.seed, parameters: JSON.stringify(run.params), "scenario sha256": run.scenario_hash, created: run.created_at, started: run.started_at, finished: run.finished_at, versions: Object.entries(run.versions).map(([k, v]) => k + " " + v).join(", ") };
    $("#run-meta").innerHTML = Object.entries(meta).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v === null || v === undefined ? "–" : v)}</dd>`).join("");
    if (run.scenario_ref) $("#editor-link").href = "/editor?ref=" + encodeURIComponent(run.scenario_ref);
    if (run.error) { $("#run-error").textContent = run.error; $("#run-error").hidden = false; }
    if (run.status === "done" && run.result) {
      if (run.kind === "compare") renderComparison(run.result); else renderSimulation(run.result);
      if (features.report && run.kind === "simulate") { const b = $("#report-btn"); b.href = `/api/runs/${id}/report`; b.hidden = false; }
    }
    document.body.dataset.ready = "1";
  }
  $("#cancel-btn").addEventListener("click", async () => {
    try { await api("POST", `/runs/${id}/cancel`); } catch (e) { flash(e.message); }
  });
  const first = await api("GET", "/runs/" + id);
  show(first);
  if (["done", "failed", "cancelled", "interrupted"].includes(first.status)) return final();
  const es = new EventSource(`/api/runs/${id}/events`);
  es.addEventListener("progress", (ev) => {
    const s = JSON.parse(ev.data); show(s);
    if (s.done > 0 && s.done < s.total) document.body.dataset.sawProgress = String(s.done);
  });
  es.addEventListener("end", () => { es.close(); final(); });
  es.onerror = () => { if (es.readyState === EventSource.CLOSED) final(); };  // else it reconnects
}

// ------------------------------------------------------------------ runs list
async function pageRuns() {
  const sid = document.body.dataset.scenarioId;
  const rows = await api("GET", "/runs" + (sid ? "?scenario_id=" + encodeURIComponent(sid) : ""));
  $("#runs tbody").innerHTML = rows.map((r) => `<tr data-status="${esc(r.status)}"><td><a href="/runs/${r.id}">${r.id.slice(0, 8)}</a></td><td>${esc(r.kind)}</td><td>${esc(r.scenario_id || "")}</td><td class="status">${esc(r.status)}</td><td>${esc(r.params.draws || "")}</td><td>${esc(r.seed === null ? "" : r.seed)}</td><td>${esc(r.created_at)}</td><td>${esc((r.scenario_hash || "").slice(0, 12))}</td></tr>`).join("");
}

// ------------------------------------------------------------------ compare
async function pageCompare() {
  const base = document.body.dataset.base;
  const items = await api("GET", "/scenarios");
  const baseName = base.split("/").pop();
  const variants = items.filter((e) => e.kind === "variant" && e.extends && e.extends.split("/").pop() === baseName);
  $("#variant-list").innerHTML = variants.length
    ? variants.map((v) => `<li><label><input type="checkbox" value="${esc(v.ref)}"${v.source === "data" ? " checked" : ""}> ${esc(v.ref)} — ${esc(v.title || "")}</label></li>`).join("")
    : "<li>No variants yet: open the scenario in the editor, change it, and save it as a variant.</li>";
  $("#compare-btn").addEventListener("click", async () => {
    const chosen = $$("#variant-list input:checked").map((x) => x.value);
    try {
      const r = await api("POST", "/compare", { base, variants: chosen, draws: +$("#draws").value, seed: +$("#seed").value });
      window.location.href = r.url;
    } catch (e) { flash(e.message); $("#problems").innerHTML = (e.problems || []).map((p) => `<li>${esc(p.text)}</li>`).join(""); }
  });
  document.body.dataset.ready = "1";
}

// ------------------------------------------------------------------ GMCR
async function pageGmcr() {
  const ref = document.body.dataset.ref;
  async function run() {
    $("#problems").innerHTML = "";
    try {
      const r = await api("POST", "/gmcr", { ref, status_quo: $("#sq").value || null, rule: $("#rule").value });
      renderGmcr(r);
    } catch (e) { flash(e.message); $("#problems").innerHTML = (e.problems || []).length ? e.problems.map((p) => `<li>${esc(p.text)}</li>`).join("") : `<li>${esc(e.message)}</li>`; }
    document.body.dataset.ready = "1";
  }
  function renderGmcr(r) {
    const g = r.gmcr, dms = Object.keys(g.payoffs), concepts = Object.keys(g.stable);
    const letter = { nash: "N", gmr: "G", seq: "S", smr: "M", sim: "I" };
    $("#equilibria tbody").innerHTML = Object.entries(g.equilibria).map(([c, s]) => `<tr><td>${esc(c)}</td><td>${s.map((n) => `${n} (${esc(g.states[n - 1].yn)})`).join(", ") || "none"}</td></tr>`).join("");
    $("#states thead").innerHTML = `<tr><th>state</th><th>YN</th>${dms.map((d) => `<th>${esc(d)} payoff</th><th>${esc(d)} stable</th>`).join("")}<th>equilibrium</th></tr>`;
    $("#states tbody").innerHTML = g.states.map((s, i) => `<tr><td>${s.number}</td><td><code>${esc(s.yn)}</code></td>${dms.map((d) => `<td>${g.payoffs[d][i]}</td><td>${concepts.filter((c) => g.stable[c][d][i]).map((c) => letter[c] || c).join("")}</td>`).join("")}<td>${concepts.filter((c) => g.equilibria[c].includes(s.number)).map((c) => letter[c] || c).join("")}</td></tr>`).join("");
    const sq = g.status_quo;
    $("#sq-paths").innerHTML = sq ? `<p>From the status quo ${sq.state} (<code>${esc(sq.yn)}</code>): ${sq.reachable_states} states reachable, ${sq.reachable_by_improvements} by unilateral improvements.</p><ul>` + sq.equilibria.map((e) => `<li>to ${e.state} (${esc(e.equilibrium_under.join(", "))}): ${e.path ? e.path.map((p) => (p.mover ? esc(p.mover) + " → " : "") + p.state).join(" ") : "unreachable"}${e.improvement_path ? " — by improvements" : ""}</li>`).join("") + "</ul>" : "<p>No status quo given.</p>";
    if (sq && sq.graph && typeof Plotly !== "undefined") {
      const nodes = sq.graph.nodes, n = nodes.length, pos = {};
      nodes.forEach((nd, i) => { pos[nd.state] = [Math.cos(2 * Math.PI * i / n), Math.sin(2 * Math.PI * i / n)]; });
      const traces = sq.graph.edges.map((e) => ({ type: "scatter", mode: "lines", x: [pos[e.from][0], pos[e.to][0]], y: [pos[e.from][1], pos[e.to][1]], line: { dash: e.on_improvement_path ? "solid" : "dash", color: "#889" }, hoverinfo: "text", text: e.mover, showlegend: false }));
      traces.push({ type: "scatter", mode: "markers+text", x: nodes.map((nd) => pos[nd.state][0]), y: nodes.map((nd) => pos[nd.state][1]), text: nodes.map((nd) => `${nd.state} ${nd.yn}`), textposition: "top center", marker: { size: 18, color: nodes.map((nd) => (nd.status_quo ? "#b3261e" : nd.equilibrium ? "#177a35" : "#2458c6")) }, showlegend: false });
      Plotly.newPlot($("#chart-graph"), traces, { title: "Paths from the status quo (red) to equilibria (green); solid: unilateral improvements", xaxis: { visible: false }, yaxis: { visible: false }, margin: { t: 40 } }, { displaylogo: false, responsive: true });
    }
    $("#yn-order").textContent = "YN letters, in order: " + g.model.options.map((o) => `${o.name} (${o.dm})`).join(", ");
    $("#gmcr-text").textContent = r.text;
    $("#gmcr-out").hidden = false;
  }
  $("#gmcr-btn").addEventListener("click", run);
  await run();
}

const PAGES = { library: pageLibrary, editor: pageEditor, run: pageRun, runs: pageRuns, compare: pageCompare, gmcr: pageGmcr };
document.addEventListener("DOMContentLoaded", () => {
  const fn = PAGES[document.body.dataset.page];
  if (fn) fn().catch((e) => { flash(e.message); document.body.dataset.ready = "1"; });
});
