// graphbuild's page logic. Text from the corpus only ever goes in through textContent, and
// links are made here on click, so the static page holds no external src/href.
// GB holds every actor and relation of the graph; the network draws some of them (GB_NODES,
// GB_EDGES) and search adds others with their neighbourhood.
const WIKIDATA = "https://www.wikidata.org/wiki/";
const FADED = "rgba(200,200,200,0.35)";
const GREY = "#cccccc";

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}
const nameOf = (id) => (GB.nodes[id] ? GB.nodes[id].name : id);

// Indexes: the edges of each actor, and the roles each holds (HOLDS_ROLE edges from it).
// Keyed by actor id: objects without a prototype, so "constructor" is no key already there.
const edgesOf = Object.create(null);
const rolesOf = Object.create(null);
for (const [eid, e] of Object.entries(GB.edges)) {
  (edgesOf[e.from] = edgesOf[e.from] || []).push(eid);
  if (e.to !== e.from) (edgesOf[e.to] = edgesOf[e.to] || []).push(eid);
  if (e.relation === "HOLDS_ROLE") (rolesOf[e.from] = rolesOf[e.from] || []).push(eid);
}
function roleText(e) {
  return (e.role || "role") + " of " + nameOf(e.to) + (e.status === "former" ? " (former)" : "");
}

// vis-network shows string titles as plain text: give it elements instead.
function nodeTip(id) {
  const d = GB.nodes[id], box = el("div");
  box.append(el("b", d.name), el("div", d.type, "meta"));
  for (const eid of (rolesOf[id] || []).slice(0, 6)) box.append(el("div", roleText(GB.edges[eid])));
  return box;
}
function edgeTip(id) {
  const e = GB.edges[id], box = el("div");
  box.append(el("b", nameOf(e.from) + " \u2192 " + (e.role ? roleText(e) : e.relation + " " + nameOf(e.to))));
  box.append(el("div", `${e.count} statement(s), ${e.first_date || "?"} \u2013 ${e.last_date || "?"}`, "meta"));
  return box;
}
for (const n of GB_NODES) n.title = nodeTip(n.id);
for (const e of GB_EDGES) e.title = edgeTip(e.id);

// The filters. An edge is drawn when its relation, both actors' types, its dates, an outlet
// and the article fields chosen all allow it; an actor when its type is shown and one of its
// edges is drawn.
const state = {
  relations: new Set(Object.values(GB.edges).map((e) => e.relation)),
  types: new Set(Object.keys(GB_TYPES)),
  from: "", to: "", outlet: "", fields: Object.create(null),
};
const typeOf = (id) => (GB.nodes[id] && GB_TYPES[GB.nodes[id].type] ? GB.nodes[id].type : "other");
function edgeAllowed(eid) {
  const e = GB.edges[eid];
  if (!state.relations.has(e.relation)) return false;
  if (!state.types.has(typeOf(e.from)) || !state.types.has(typeOf(e.to))) return false;
  if (state.from && (e.last_date || "") < state.from) return false;
  if (state.to && (!e.first_date || e.first_date > state.to)) return false;
  if (state.outlet && !e.sources.includes(state.outlet)) return false;
  for (const [f, v] of Object.entries(state.fields)) if (v && !(e.fields[f] || []).includes(v)) return false;
  return true;
}

const nodes = new vis.DataSet(GB_NODES);
const edges = new vis.DataSet(GB_EDGES);
let drawnEdges = new Set(), linkedNodes = new Set();
function recompute() {
  drawnEdges = new Set(edges.getIds().filter(edgeAllowed));
  linkedNodes = new Set();
  for (const eid of drawnEdges) { linkedNodes.add(GB.edges[eid].from); linkedNodes.add(GB.edges[eid].to); }
}
recompute();
const edgesView = new vis.DataView(edges, { filter: (e) => drawnEdges.has(e.id) });
const nodesView = new vis.DataView(nodes, { filter: (n) => state.types.has(typeOf(n.id)) && linkedNodes.has(n.id) });
function refresh() {
  recompute();
  nodesView.refresh();
  edgesView.refresh();
}
const container = document.getElementById("mynetwork");
const network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, GB_OPTIONS);
window.graphbuild = { network, nodes, edges, nodesView, edgesView, ready: false, selectActor, showEdge, reveal };

// Ready = drawn with its final layout: at once without physics, else once it has settled
// (then physics stops, so nodes stay where the reader puts them).
let settled = !GB_OPTIONS.physics.enabled;
network.once("stabilizationIterationsDone", () => {
  network.setOptions({ physics: { enabled: false } });
  settled = true;
  network.fit({ nodes: GB_FOCUS });
});
if (settled) network.fit({ nodes: GB_FOCUS });  // the biggest connected part fills the view
network.on("afterDrawing", () => {
  if (settled && !window.graphbuild.ready) {
    window.graphbuild.ready = true;
    window.graphbuild.readyAt = performance.now();  // ms since the page began to load
    document.body.dataset.ready = "1";
  }
});

// Colours: by type, or by community on request (the ten largest; the rest grey).
const typeColour = (id) => GB_TYPES[typeOf(id)];
const communityColour = (id) => {
  const c = GB.nodes[id].community;
  return c !== null && c < GB_PALETTE.length ? GB_PALETTE[c] : GREY;
};
let colourOf = typeColour;
const edgeColour = Object.create(null);
edges.forEach((e) => { edgeColour[e.id] = e.color; });

// Neighbourhood highlight: fade everything not touching the selection.
let faded = false;
function highlight(keepNodes, keepEdges) {
  if (!keepNodes && !faded) return;
  faded = !!keepNodes;
  nodes.update(nodes.getIds().map((id) => {
    const on = !keepNodes || keepNodes.has(id);
    return { id, color: on ? colourOf(id) : FADED, font: { color: on ? "#343434" : "#bbbbbb" } };
  }));
  edges.update(edges.getIds().map((id) => {
    const on = !keepEdges || keepEdges.has(id);
    return { id, color: on ? edgeColour[id] : FADED, font: { color: on ? "#343434" : "#cccccc" } };
  }));
}
function recolour() {
  faded = false;
  nodes.update(nodes.getIds().map((id) => ({ id, color: colourOf(id), font: { color: "#343434" } })));
}

// The side panel.
const panel = document.getElementById("panel");
function evidenceList(e, limit) {
  const ul = el("ul");
  for (const ev of e.evidence.slice(0, limit)) {
    const li = el("li");
    li.append(el("blockquote", ev.sentence));
    const src = el("div", null, "src");
    src.append(el("span", (ev.title || "untitled") + " \u2014 " + (ev.source ? ev.source + ", " : "")
      + (ev.date || "no date")
      + (ev.modality && ev.modality !== "asserted" ? " \u2014 " + ev.modality : "")));
    if (ev.url && /^https?:\/\//i.test(ev.url)) {
      const a = el("a", "source");
      a.href = ev.url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      src.append(" \u2014 ", a);
    }
    li.append(src);
    ul.append(li);
  }
  const more = e.evidence.length - limit + e.more;
  if (more > 0) ul.append(el("li", `\u2026 and ${more} more`, "meta"));
  return ul;
}
function edgeHeading(eid) {
  const e = GB.edges[eid];
  const a = el("a", nameOf(e.from) + " \u2014" + (e.role ? "HOLDS_ROLE: " + e.role : e.relation)
    + "\u2192 " + nameOf(e.to), "rel");
  a.addEventListener("click", () => showEdge(eid));
  return a;
}
function typeBadge(type) {
  const b = el("span", type, "type");
  b.style.background = GB_TYPES[type] || GB_TYPES.other;
  return b;
}
function showNode(id) {
  const d = GB.nodes[id];
  panel.replaceChildren(el("h2", d.name), typeBadge(d.type));
  const meta = `${d.mentions} mention(s) in ${d.articles} article(s); PageRank ${d.rank.toFixed(4)}`;
  panel.append(el("div", meta, "meta"));
  if (d.aliases.length) panel.append(el("div", "Also: " + d.aliases.join(", "), "meta"));
  if (d.wikidata && /^Q[0-9]+$/.test(d.wikidata)) {
    const link = el("a", "Wikidata " + d.wikidata, "wikidata");
    link.href = WIKIDATA + d.wikidata;
    link.target = "_blank";
    link.rel = "noopener";
    panel.append(link);
  }
  const roles = rolesOf[id] || [];
  panel.append(el("h3", roles.length ? "Roles" : "No roles found"));
  const ul = el("ul");
  for (const eid of roles) ul.append(el("li", roleText(GB.edges[eid])));
  panel.append(ul);
  const mine = (edgesOf[id] || []).filter((eid) => GB.edges[eid].relation !== "HOLDS_ROLE");
  panel.append(el("h3", mine.length ? "Relations" : "No other relations"));
  for (const eid of mine.concat(roles)) {
    const box = el("div");
    box.append(edgeHeading(eid), evidenceList(GB.edges[eid], 2));
    panel.append(box);
  }
}
function showEdge(eid) {
  const e = GB.edges[eid];
  panel.replaceChildren(el("h2", e.role ? "HOLDS_ROLE: " + e.role : e.relation));
  panel.append(el("div", nameOf(e.from) + " \u2192 " + nameOf(e.to)));
  const dates = e.first_date === e.last_date ? e.first_date : `${e.first_date} \u2013 ${e.last_date}`;
  panel.append(el("div", `${e.count} statement(s) in ${e.articles} article(s); ${dates || "no date"}; `
    + `${e.modality}` + (e.status ? `; ${e.status}` : ""), "meta"));
  if (e.sources.length) panel.append(el("div", "Outlets: " + e.sources.join(", "), "meta"));
  panel.append(el("h3", "Evidence"), evidenceList(e, e.evidence.length));
  later(() => highlight(new Set([e.from, e.to]), new Set([eid])));
}
// Fading thousands of items takes a moment: let the panel paint first, then fade.
const later = (f) => requestAnimationFrame(() => setTimeout(f, 0));
function selectActor(id) {
  showNode(id);
  const keep = new Set([id].concat(network.getConnectedNodes(id)));
  later(() => highlight(keep, new Set(network.getConnectedEdges(id))));
}

network.on("click", (params) => {
  if (params.nodes.length) selectActor(params.nodes[0]);
  else if (params.edges.length) showEdge(params.edges[0]);
  else later(() => highlight(null, null));
});

// An actor not drawn, with its neighbourhood: placed around its drawn neighbours (or the
// middle of the view), its edges to everything drawn added.
function visNode(id, x, y) {
  return { id, label: nameOf(id), x, y, value: GB.nodes[id].rank, color: colourOf(id), title: nodeTip(id) };
}
function visEdge(eid) {
  const e = GB.edges[eid];
  return { id: eid, from: e.from, to: e.to, label: e.role ? roleText(e).split(" of ")[0] : e.relation,
    color: GB_RELATIONS[e.relation] || GREY, dashes: e.modality === "prospective",
    width: 1 + Math.log2(Math.max(1, e.count)), title: edgeTip(eid) };
}
function reveal(id) {
  const around = new Set([id]);
  for (const eid of edgesOf[id] || []) { around.add(GB.edges[eid].from); around.add(GB.edges[eid].to); }
  const present = [...around].filter((n) => nodes.get(n));
  const at = present.length ? Object.values(network.getPositions(present)) : [network.getViewPosition()];
  const cx = at.reduce((s, p) => s + p.x, 0) / at.length, cy = at.reduce((s, p) => s + p.y, 0) / at.length;
  const fresh = [...around].filter((n) => !nodes.get(n));
  nodes.add(fresh.map((n, i) => (n === id ? visNode(n, cx, cy)
    : visNode(n, cx + 160 * Math.cos(2 * Math.PI * i / fresh.length), cy + 160 * Math.sin(2 * Math.PI * i / fresh.length)))));
  const add = [];
  for (const n of fresh) for (const eid of edgesOf[n] || [])
    if (!edges.get(eid) && nodes.get(GB.edges[eid].from) && nodes.get(GB.edges[eid].to)) add.push(eid);
  edges.add([...new Set(add)].map(visEdge));
  for (const eid of add) edgeColour[eid] = visEdge(eid).color;
  refresh();
}

// Search: every actor of the graph, drawn or not; exact name or alias first, then the most
// central actor whose name contains the text.
const names = document.getElementById("actor-names");
const byRank = Object.keys(GB.nodes).sort((a, b) => GB.nodes[b].rank - GB.nodes[a].rank);
for (const id of byRank.slice(0, 5000)) names.append(new Option(GB.nodes[id].name));
function findActor(q) {
  q = q.trim().toLowerCase();
  if (!q) return null;
  const exact = byRank.find((id) => GB.nodes[id].name.toLowerCase() === q
    || GB.nodes[id].aliases.some((a) => a.toLowerCase() === q));
  return exact || byRank.find((id) => GB.nodes[id].name.toLowerCase().includes(q)) || null;
}
function search(ev) {
  if (ev) ev.preventDefault();
  const box = document.getElementById("search");
  const id = findActor(box.value);
  const msg = document.getElementById("search-msg");
  msg.textContent = id ? "" : "no such actor";
  if (!id) return;
  if (!nodes.get(id)) reveal(id);
  const own = edgesOf[id] || [];
  if (!own.some((eid) => drawnEdges.has(eid))) {  // none of its relations is drawn: draw it alone
    msg.textContent = own.length ? "its relations are filtered out" : "in no relation";
    linkedNodes.add(id);
    nodesView.refresh();
  }
  network.selectNodes([id]);
  network.focus(id, { scale: 1.5, animation: { duration: 400 } });
  selectActor(id);
}
document.getElementById("search-form").addEventListener("submit", search);
document.getElementById("search").addEventListener("change", search);

// Filter controls: the DataViews re-filter; the data itself is untouched.
for (const box of document.querySelectorAll("#filters input")) {
  box.addEventListener("change", () => {
    (box.checked ? state.relations.add(box.value) : state.relations.delete(box.value));
    refresh();
  });
}
for (const box of document.querySelectorAll("#types input")) {
  box.addEventListener("change", () => {
    (box.checked ? state.types.add(box.value) : state.types.delete(box.value));
    refresh();
  });
}
for (const [key, sel] of [["from", "#date-from"], ["to", "#date-to"], ["outlet", "#outlet"]]) {
  const input = document.querySelector(sel);
  if (input) input.addEventListener("change", () => { state[key] = input.value; refresh(); });
}
for (const input of document.querySelectorAll("select.field")) {
  input.addEventListener("change", () => { state.fields[input.dataset.field] = input.value; refresh(); });
}
const legend = document.getElementById("community-legend");
document.getElementById("communities").addEventListener("change", (ev) => {
  colourOf = ev.target.checked ? communityColour : typeColour;
  if (ev.target.checked && !legend.children.length) {
    // Each community is named by its most central actor.
    const leaders = Object.create(null);
    for (const id of byRank) {
      const c = GB.nodes[id].community;
      if (c !== null && c < GB_PALETTE.length && !(c in leaders)) leaders[c] = id;
    }
    for (const [c, id] of Object.entries(leaders).sort((a, b) => a[0] - b[0])) {
      const li = el("li");
      const dot = el("span", null, "dot");
      dot.style.background = GB_PALETTE[c];
      li.append(dot, el("span", nameOf(id)));
      legend.append(li);
    }
  }
  legend.hidden = !ev.target.checked;
  recolour();
});
