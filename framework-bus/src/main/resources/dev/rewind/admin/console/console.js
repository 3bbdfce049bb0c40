// The Rewind console: polls the admin API, draws the projectors, their lag and the throughput, browses streams and
// tails the log. Actions send the admin token typed in the header (kept in this tab's memory only).
"use strict";

const API = "/admin/api";
const WINDOW_MS = 5 * 60 * 1000;
const POLL_MS = 2000;
const SUMMARY_EVERY = 10; // polls: the store summary counts streams, which costs more than the head
const TAIL_MAX = 200;

const state = { token: "", readOnly: true, lag: new Map(), rate: [], lastHead: null, streamsAfter: null, tail: null,
  polls: 0 };
const $ = id => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v; else if (k.startsWith("data-")) node.setAttribute(k, v); else node[k] = v;
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

function say(text, bad) {
  const box = $("message");
  box.textContent = text;
  box.className = bad ? "message bad" : "message";
  box.hidden = false;
}

async function api(path, options) {
  const response = await fetch(API + path, options);
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = { error: text }; }
  if (!response.ok) {
    throw new Error((body && body.error) || (response.status + " " + response.statusText));
  }
  return body;
}

function act(path, body) {
  const headers = { "Content-Type": "application/json" };
  if (state.token) headers.Authorization = "Bearer " + state.token;
  return api(path, { method: "POST", headers, body: body ? JSON.stringify(body) : "" });
}

function bytes(n) {
  if (n < 0) return "unknown";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(1)) + " " + units[i];
}

// ---------------------------------------------------------------- store and projectors

async function refreshStore() {
  if (state.polls++ % SUMMARY_EVERY === 0) {
    const s = await api("/store");
    const part = (label, value) => el("span", {}, el("b", {}, label), String(value));
    $("store").replaceChildren(part("backend", s.backend), part("head", s.headPosition),
      part("streams", s.streamCount < 0 ? "unknown" : s.streamCount), part("events", s.eventCount),
      part("on disk", bytes(s.bytesOnDisk)), part("durability", s.durability));
  }
  const head = (await api("/head")).headPosition;
  const now = Date.now();
  if (state.lastHead) {
    const seconds = (now - state.lastHead.at) / 1000;
    state.rate.push([now, Math.max(0, (head - state.lastHead.head) / seconds)]);
  }
  state.lastHead = { at: now, head };
}

function progressBar(name, progress) {
  const total = Math.max(1, progress.eventsTotal);
  const percent = progress.switched ? 100 : Math.min(100, Math.floor(100 * progress.eventsDone / total));
  const label = progress.error ? "failed: " + progress.error
    : progress.switched ? "switched to " + progress.projector
    : progress.eventsDone + " / " + progress.eventsTotal + " (" + progress.eventsPerSecond + "/s)";
  return el("div", { class: "progress", "data-name": name, "data-switched": String(progress.switched),
    title: label }, el("div", { style: "" }), el("span", {}, label));
}

function actionButtons(p) {
  const cell = el("td", {});
  const button = (label, cls, handler) => {
    const b = el("button", { class: cls, "data-name": p.name, type: "button", disabled: state.readOnly,
      title: state.readOnly ? "read-only: the server was started without an admin token" : "" }, label);
    b.addEventListener("click", () => handler(p).catch(e => say(label + " " + p.name + ": " + e.message, true)));
    return b;
  };
  if (p.state === "FAILED" || p.state === "STOPPED") cell.append(button("Restart", "restart", restart));
  if (p.state === "FAILED") cell.append(button("Skip…", "skip", skip));
  if (!p.rebuild || p.rebuild.switched || p.rebuild.error) cell.append(button("Rebuild", "rebuild", rebuild));
  if (p.rebuild) {
    const bar = progressBar(p.name, p.rebuild);
    bar.firstChild.style.width = (p.rebuild.switched ? 100
      : Math.min(100, Math.floor(100 * p.rebuild.eventsDone / Math.max(1, p.rebuild.eventsTotal)))) + "%";
    cell.append(bar);
  }
  return cell;
}

async function restart(p) {
  await act("/projectors/" + encodeURIComponent(p.name) + "/restart");
  say("Restarted " + p.name + " from its checkpoint.");
  await refreshProjectors();
}

async function skip(p) {
  const reason = prompt("Skip the event at position " + p.failedAt + " for " + p.name + "? Say why (recorded):");
  if (!reason) return;
  await act("/projectors/" + encodeURIComponent(p.name) + "/skip", { position: p.failedAt, reason });
  say("Skipped position " + p.failedAt + " of " + p.name + ".");
  await refreshProjectors();
}

async function rebuild(p) {
  const progress = await act("/projectors/" + encodeURIComponent(p.name) + "/rebuild");
  say("Rebuilding " + p.name + " into " + progress.projector + "; the current one serves until it has caught up.");
  await refreshProjectors();
}

async function refreshProjectors() {
  const projectors = await api("/projectors");
  const now = Date.now();
  const rows = projectors.map(p => {
    if (!state.lag.has(p.name)) state.lag.set(p.name, []);
    state.lag.get(p.name).push([now, Math.max(0, p.lag)]);
    return el("tr", { "data-name": p.name, "data-state": p.state },
      el("td", {}, p.name, p.process ? el("span", { class: "muted" }, " (process)") : null),
      el("td", {}, el("span", { class: "state " + p.state }, p.state.replace("_", " ").toLowerCase())),
      el("td", { class: "num" }, String(p.position)),
      el("td", { class: "num lag" }, String(p.lag)),
      el("td", { title: (p.partitions || []).map((x) => "partition " + x.partition + ": " + (x.holder || "no holder")
        + ", lag " + x.lag).join("\n") }, p.servedBy),
      el("td", { class: "error" }, p.lastError ? "at " + p.failedAt + ": " + p.lastError : ""),
      actionButtons(p));
  });
  $("projectors").tBodies[0].replaceChildren(...(rows.length ? rows
    : [el("tr", {}, el("td", { colSpan: 7, class: "muted" }, "this process runs no projectors"))]));
}

function drawCharts() {
  const now = Date.now();
  for (const points of state.lag.values()) while (points.length && now - points[0][0] > WINDOW_MS) points.shift();
  while (state.rate.length && now - state.rate[0][0] > WINDOW_MS) state.rate.shift();
  Lines.draw($("lag-chart"), [...state.lag].map(([label, points]) => ({ label, points })), WINDOW_MS, now);
  Lines.draw($("rate-chart"), [{ label: "events/s", points: state.rate }], WINDOW_MS, now);
}

async function poll() {
  try {
    await Promise.all([refreshStore(), refreshProjectors()]);
    drawCharts();
  } catch (e) {
    say("Cannot reach the admin API: " + e.message, true);
  }
}

// ---------------------------------------------------------------- streams

function pretty(value, indent) {
  // JSON with spans for keys, strings, numbers and literals; built from nodes, so payload text is never HTML
  const pad = "  ".repeat(indent);
  if (Array.isArray(value)) {
    if (!value.length) return ["[]"];
    const parts = ["[\n"];
    value.forEach((v, i) => parts.push(pad + "  ", ...pretty(v, indent + 1), i < value.length - 1 ? ",\n" : "\n"));
    return [...parts, pad + "]"];
  }
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value);
    if (!keys.length) return ["{}"];
    const parts = ["{\n"];
    keys.forEach((k, i) => parts.push(pad + "  ", el("span", { class: "key" }, JSON.stringify(k)), ": ",
      ...pretty(value[k], indent + 1), i < keys.length - 1 ? ",\n" : "\n"));
    return [...parts, pad + "}"];
  }
  const cls = typeof value === "string" ? "str" : typeof value === "number" ? "numv" : "lit";
  return [el("span", { class: cls }, JSON.stringify(value))];
}

function eventBox(e) {
  const body = e.payload !== undefined ? pretty(e.payload, 0) : ["(not JSON, base64) " + e.payloadBase64];
  return el("div", { class: "event", "data-position": String(e.position) },
    el("header", {}, el("b", {}, e.type), el("span", {}, "version " + e.version),
      el("span", {}, "position " + e.position), el("span", { class: "muted" }, e.recordedAt),
      e.metadata.correlationId ? el("span", { class: "muted" }, "correlation " + e.metadata.correlationId) : null),
    el("pre", { class: "payload" }, ...body));
}

async function showStream(streamId) {
  const target = $("stream-events");
  target.replaceChildren(el("p", { class: "muted" }, "reading " + streamId + "…"));
  try {
    const page = await api("/streams/" + encodeURIComponent(streamId) + "/events?limit=200");
    target.replaceChildren(el("h3", {}, streamId), ...page.events.map(eventBox),
      page.nextFrom !== null ? el("p", { class: "muted" }, "showing the first 200 events") : "");
  } catch (e) {
    target.replaceChildren(el("p", { class: "error" }, e.message));
  }
}

async function findStreams(more) {
  const prefix = $("stream-prefix").value.trim();
  const after = more ? state.streamsAfter : "";
  const query = "?limit=100&prefix=" + encodeURIComponent(prefix) + "&after=" + encodeURIComponent(after || "");
  try {
    const page = await api("/streams" + query);
    const items = page.streams.map(s => {
      const link = el("a", { href: "#", class: "stream-link", "data-stream": s.streamId }, s.streamId);
      link.addEventListener("click", event => { event.preventDefault(); showStream(s.streamId); });
      return el("li", {}, link, el("span", { class: "muted" }, " v" + s.version));
    });
    if (more) $("stream-list").append(...items); else $("stream-list").replaceChildren(...items);
    if (!more && !items.length) {
      $("stream-list").append(el("li", { class: "muted" }, "no stream starts with '" + prefix + "'"));
    }
    state.streamsAfter = page.nextAfter;
    $("stream-more").hidden = !page.hasMore;
  } catch (e) {
    say("Finding streams: " + e.message, true);
  }
}

// ---------------------------------------------------------------- tail

function toggleTail() {
  if (state.tail) {
    state.tail.close();
    state.tail = null;
    $("tail-toggle").textContent = "Start";
    $("tail-status").textContent = "stopped";
    return;
  }
  const source = new EventSource(API + "/log/tail");
  source.addEventListener("event", message => {
    const e = JSON.parse(message.data);
    const line = el("li", { value: e.position }, el("b", {}, e.streamId), " ", e.type, " ",
      el("span", { class: "muted" }, JSON.stringify(e.payload !== undefined ? e.payload : e.payloadBase64)));
    $("tail").prepend(line);
    while ($("tail").children.length > TAIL_MAX) $("tail").lastChild.remove();
  });
  source.onopen = () => { $("tail-status").textContent = "following new events"; };
  source.onerror = () => { $("tail-status").textContent = "reconnecting…"; };
  state.tail = source;
  $("tail-toggle").textContent = "Stop";
}

// ---------------------------------------------------------------- start

async function start() {
  try {
    state.readOnly = (await api("")).readOnly;
  } catch (e) {
    say("Cannot reach the admin API: " + e.message, true);
  }
  $("mode").textContent = state.readOnly ? "read-only (no admin token configured)" : "actions need the token";
  $("token").hidden = $("token-use").hidden = state.readOnly;
  $("token-form").addEventListener("submit", event => {
    event.preventDefault();
    state.token = $("token").value.trim();
    say(state.token ? "Actions will send this token." : "No token: actions will be refused.");
  });
  $("stream-form").addEventListener("submit", event => { event.preventDefault(); findStreams(false); });
  $("stream-more").addEventListener("click", () => findStreams(true));
  $("tail-toggle").addEventListener("click", toggleTail);
  await poll();
  setInterval(poll, POLL_MS);
}

start();
