// graphbuild's page logic. Text from the corpus only ever goes in through textContent, and
// links are made here on click, so the static page holds no external src/href.
const WIKIDATA = "https://www.wikidata.org/wiki/";
const FADED = "rgba(200,200,200,0.35)";

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}
const nameOf = (id) => (GB.nodes[id] ? GB.nodes[id].name : id);

// Indexes: the edges of each actor, and the roles each holds (HOLDS_ROLE edges from it).
const edgesOf = {};
const rolesOf = {};
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

const nodes = new vis.DataSet(GB_NODES);
const edges = new vis.DataSet(GB_EDGES);
const shownRelations = new Set(Object.values(GB.edges).map((e) => e.relation));
const edgesView = new vis.DataView(edges, { filter: (e) => shownRelations.has(GB.edges[e.id].relation) });
const container = document.getElementById("mynetwork");
const network = new vis.Network(container, { nodes: nodes, edges: edgesView }, GB_OPTIONS);
window.graphbuild = { network, nodes, edges, edgesView, ready: false, selectActor, showEdge };

// Ready = drawn with its final layout: at once without physics, else once it has settled
// (then physics stops, so nodes stay where the reader puts them).
let settled = !GB_OPTIONS.physics.enabled;
network.once("stabilizationIterationsDone", () => {
  network.setOptions({ physics: { enabled: false } });
  settled = true;
  network.fit();
});
network.on("afterDrawing", () => {
  if (settled && !window.graphbuild.ready) {
    window.graphbuild.ready = true;
    document.body.dataset.ready = "1";
  }
});

// Neighbourhood highlight: fade everything not touching the selection.
const baseColour = {};
nodes.forEach((n) => { baseColour[n.id] = n.color; });
const edgeColour = {};
edges.forEach((e) => { edgeColour[e.id] = e.color; });
let faded = false;
function highlight(keepNodes, keepEdges) {
  if (!keepNodes && !faded) return;
  faded = !!keepNodes;
  nodes.update(nodes.getIds().map((id) => {
    const on = !keepNodes || keepNodes.has(id);
    return { id, color: on ? baseColour[id] : FADED, font: { color: on ? "#343434" : "#bbbbbb" } };
  }));
  edges.update(edges.getIds().map((id) => {
    const on = !keepEdges || keepEdges.has(id);
    return { id, color: on ? edgeColour[id] : FADED, font: { color: on ? "#343434" : "#cccccc" } };
  }));
}

// The side panel.
const panel = document.getElementById("panel");
function evidenceList(e, limit) {
  const ul = el("ul");
  for (const ev of e.evidence.slice(0, limit)) {
    const li = el("li");
    li.append(el("blockquote", ev.sentence));
    const src = el("div", null, "src");
    src.append(el("span", (ev.title || "untitled") + " \u2014 " + (ev.date || "no date")
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

// Search: exact name or alias first, then the most central actor whose name contains it.
const names = document.getElementById("actor-names");
const byRank = Object.keys(GB.nodes).sort((a, b) => GB.nodes[b].rank - GB.nodes[a].rank);
for (const id of byRank) names.append(new Option(GB.nodes[id].name));
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
  document.getElementById("search-msg").textContent = id ? "" : "no such actor";
  if (!id) return;
  network.selectNodes([id]);
  network.focus(id, { scale: 1.5, animation: { duration: 400 } });
  selectActor(id);
}
document.getElementById("search-form").addEventListener("submit", search);
document.getElementById("search").addEventListener("change", search);

// Relation filters: the DataView re-filters; the data itself is untouched.
for (const box of document.querySelectorAll("#filters input")) {
  box.addEventListener("change", () => {
    if (box.checked) shownRelations.add(box.value);
    else shownRelations.delete(box.value);
    edgesView.refresh();
  });
}
