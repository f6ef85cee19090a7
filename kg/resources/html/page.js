// The interactive page: draws the embedded graph with vis-network and wires search, type and link
// filters, neighbourhood highlight, tooltips, the details panel, research areas and map-style labels.
// All graph text reaches the DOM through textContent (never innerHTML) and the canvas through
// fillText, so titles and sentences are shown, never parsed.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const meta = data.meta;
  const typeInfo = new Map(data.types.map((t) => [t.type, t]));
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const incident = new Map(data.nodes.map((n) => [n.id, []]));
  data.edges.forEach((e, index) => {
    incident.get(e.from).push(index);
    incident.get(e.to).push(index);
  });
  const hiddenTypes = new Set();
  const FADED_NODE = "rgba(190,190,190,0.35)";
  const FADED_SIZE = 3;  // a faded node is a small mark: it keeps its place, not its weight
  const FADED_EDGE = "rgba(200,200,200,0.15)";
  const LIT_EDGE_WIDTH = 2.5;  // the selected node's links, drawn over the faded rest ...
  const LIT_EDGE_SCREEN_WIDTH = 2;  // ... and never thinner on screen than this many px, however far out
  const LIT_EDGE_COLOR = "#3a3a3a";  // ... in their type's colour, or this dark grey for the grey types
  const RELATED_COLOR = "rgba(76,120,168,0.22)";  // similar-paper links, when all are shown: a faint wash
  const RELATED_FOCUS_COLOR = "rgba(76,120,168,0.85)";  // ... those of the selected paper
  const RELATED_ONLY_COLOR = "rgba(76,120,168,0.5)";  // ... and all of them in the papers-only view
  const large = meta.layout === "precomputed";
  const relatedCount = data.edges.filter((e) => e.type === data.related_type).length;
  // Similar-paper links restate shared entities; hundreds of them hide those entities, so big pages start
  // without them (a selected paper still shows its own) and a checkbox brings them back.
  const RELATED_SHOWN_UP_TO = 200;
  let showRelated = relatedCount <= RELATED_SHOWN_UP_TO;
  let showAreas = true;
  let papersOnly = null;  // while the "Similar papers only" preset is on: the filters it replaced

  // The largest connected component: what the first view is fitted to (the precomputed layout packs the
  // small disconnected groups beside it).
  function components() {
    const seen = new Set();
    const found = [];
    data.nodes.forEach((start) => {
      if (seen.has(start.id)) return;
      const members = [start.id];
      seen.add(start.id);
      for (let i = 0; i < members.length; i++) {
        incident.get(members[i]).forEach((k) => {
          const e = data.edges[k];
          const other = e.from === members[i] ? e.to : e.from;
          if (!seen.has(other)) {
            seen.add(other);
            members.push(other);
          }
        });
      }
      found.push(members);
    });
    return found.sort((a, b) => b.length - a.length);
  }
  const groupsOfNodes = components();
  const mainIds = groupsOfNodes.length ? groupsOfNodes[0] : [];
  const inMain = new Set(mainIds);
  const islandIds = data.nodes.filter((n) => !inMain.has(n.id)).map((n) => n.id);
  // Most important first: PageRank where the build stored it, then degree.
  const areas = data.areas.map((a) => Object.assign({}, a,
    { members: data.nodes.filter((n) => n.community === a.community).map((n) => n.id) }));
  const byImportance = data.nodes.slice().sort((a, b) =>
    (typeof b.pagerank === "number" ? b.pagerank : -1) - (typeof a.pagerank === "number" ? a.pagerank : -1) ||
    b.degree - a.degree || (a.id < b.id ? -1 : 1));

  // ---------- small DOM helpers (text only) ----------
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function shorten(text, limit) {
    const flat = String(text).replace(/\s+/g, " ").trim();
    return flat.length <= limit ? flat : flat.slice(0, limit - 1).trimEnd() + "…";
  }
  function safeUrl(text) {
    try {
      const url = new URL(String(text));
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (err) {
      return null;
    }
  }
  function linkOrText(text, href) {
    const url = safeUrl(href);
    if (!url) return el("span", null, text);
    const a = el("a", null, text);
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  function colorOf(type) {
    return (typeInfo.get(type) || { color: "#BAB0AC" }).color;
  }
  function badge(type) {
    const b = el("span", "kg-badge", type);
    b.style.background = colorOf(type);
    return b;
  }
  function evidenceBlock(item) {
    const block = el("div", "kg-evidence");
    const s = item.sentence;
    if (typeof item.start === "number" && typeof item.end === "number") {
      block.append(document.createTextNode(s.slice(0, item.start)), el("mark", null, s.slice(item.start, item.end)),
        document.createTextNode(s.slice(item.end)));
    } else {
      block.textContent = s;
    }
    return block;
  }
  function swatch(type) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 14 14");
    svg.setAttribute("class", "kg-swatch");
    const shapes = {
      dot: ["circle", { cx: 7, cy: 7, r: 6 }],
      square: ["rect", { x: 1.5, y: 1.5, width: 11, height: 11 }],
      diamond: ["polygon", { points: "7,0.5 13.5,7 7,13.5 0.5,7" }],
      triangle: ["polygon", { points: "7,1 13,13 1,13" }],
      triangleDown: ["polygon", { points: "1,1 13,1 7,13" }],
      star: ["polygon", { points: "7,0.5 8.8,5 13.5,5.2 9.8,8.2 11.1,13 7,10.3 2.9,13 4.2,8.2 0.5,5.2 5.2,5" }],
      hexagon: ["polygon", { points: "3.5,1 10.5,1 13.5,7 10.5,13 3.5,13 0.5,7" }],
    };
    const [tag, attrs] = shapes[(typeInfo.get(type) || {}).shape] || shapes.dot;
    const shape = document.createElementNS(ns, tag);
    Object.entries(attrs).forEach(([k, v]) => shape.setAttribute(k, String(v)));
    shape.setAttribute("fill", colorOf(type));
    svg.append(shape);
    return svg;
  }
  const number = (n) => Number(n).toLocaleString("en-US");
  const papers = (n) => number(n) + (n === 1 ? " paper" : " papers");

  // ---------- vis data ----------
  // No label for vis-network: it would draw every one, overlapping; the page places labels itself (below).
  function visNode(n) {
    const color = colorOf(n.type);
    const item = {
      id: n.id, kgType: n.type, shape: (typeInfo.get(n.type) || {}).shape || "dot", size: n.size,
      color: { background: color, border: color, highlight: { background: color, border: "#111" },
        hover: { background: color, border: "#111" } },
    };
    if (typeof n.x === "number") {
      item.x = n.x;
      item.y = n.y;
    }
    return item;
  }
  function edgeColor(type) {
    return data.edge_colors[type] || data.edge_colors.default;
  }
  function restingEdgeColor(type) {
    if (type !== data.related_type) return edgeColor(type);
    return papersOnly ? RELATED_ONLY_COLOR : RELATED_COLOR;
  }
  function visEdge(e, index) {
    const item = { id: index, from: e.from, to: e.to, kgType: e.type, color: { color: restingEdgeColor(e.type), opacity: 0.7 } };
    if (e.type === data.related_type) item.arrows = { to: { enabled: false } };  // a symmetric relation
    return item;
  }
  // Drawing order, which is also vis-network's hit-test order (a click goes to the last node drawn under
  // the pointer): papers over everything, and larger nodes over smaller ones, so at first zoom a click on
  // a paper selects the paper, not a small entity drawn over it.
  const drawRank = (n) => (n.type === "Paper" ? 1000 : 0) + n.size;
  const drawOrder = data.nodes.slice().sort((a, b) => drawRank(a) - drawRank(b) || (a.id < b.id ? -1 : 1));
  const drawPosition = new Map(drawOrder.map((n, i) => [n.id, i]));
  const nodes = new vis.DataSet(drawOrder.map(visNode));
  const edges = new vis.DataSet(data.edges.map(visEdge));
  const typeVisible = (id) => !hiddenTypes.has(byId.get(id).type);
  let highlighted = null;
  function edgeShown(e) {
    if (!typeVisible(e.from) || !typeVisible(e.to)) return false;
    return e.kgType !== data.related_type || showRelated || e.from === highlighted || e.to === highlighted;
  }
  const nodesView = new vis.DataView(nodes, { filter: (n) => !hiddenTypes.has(n.kgType) });
  const edgesView = new vis.DataView(edges, { filter: edgeShown });

  const options = {
    autoResize: true,
    nodes: { borderWidth: 1 },
    // chosen: false — the highlight below colours a selected node's links; vis's own grey selection would hide it
    edges: { width: 1, chosen: false, smooth: large ? false : { type: "continuous" },
      arrows: { to: { enabled: true, scaleFactor: 0.4 } } },
    physics: large ? false : {
      solver: "barnesHut",
      barnesHut: { gravitationalConstant: -3000, springLength: 90, springConstant: 0.04, avoidOverlap: 0.1 },
      stabilization: { iterations: 250, updateInterval: 100, fit: true },
      minVelocity: 0.75,
    },
    layout: { randomSeed: 7, improvedLayout: data.nodes.length <= 150 },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: large, hideEdgesOnZoom: large, keyboard: false },
  };
  const container = document.getElementById("kg-canvas");
  const network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, options);
  // vis-network appends the nodes a filter brings back; put them in drawing order again before a frame.
  let orderedIndices = null;
  network.on("beforeDrawing", () => {
    if (network.body.nodeIndices === orderedIndices) return;
    network.body.nodeIndices.sort((a, b) => drawPosition.get(a) - drawPosition.get(b));
    orderedIndices = network.body.nodeIndices;
  });

  // ---------- fitting the view ----------
  const panel = document.getElementById("kg-panel");
  const details = document.getElementById("kg-details");
  const EASE = { duration: 400, easingFunction: "easeInOutQuad" };
  // Fit `ids` into the part of the canvas the side panels leave free, so nothing starts hidden under them.
  function freeArea() {
    const width = container.clientWidth, height = container.clientHeight;
    let left = panel.getBoundingClientRect().right + 10;
    let right = width - (details.hidden ? 10 : details.getBoundingClientRect().width + 20);
    if (right - left < 0.4 * width) {  // a narrow window: the panels cover the graph anyway
      left = 10;
      right = width - 10;
    }
    return { left, right, top: 10, bottom: height - 10 };
  }
  // The view (centre and zoom) that fits `ids` into the part of the canvas the side panels leave free, so
  // nothing starts hidden under them; null if none of them is shown.
  function viewFor(ids, maxScale) {
    const shown = ids.filter((id) => typeVisible(id));
    if (!shown.length) return null;
    const positions = network.getPositions(shown);
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    shown.forEach((id) => {
      const p = positions[id], r = byId.get(id).size;
      x0 = Math.min(x0, p.x - r); x1 = Math.max(x1, p.x + r);
      y0 = Math.min(y0, p.y - r); y1 = Math.max(y1, p.y + r);
    });
    const { left, right, top, bottom } = freeArea();
    const fit = 0.94 * Math.min((right - left) / Math.max(1, x1 - x0), (bottom - top) / Math.max(1, y1 - y0));
    const scale = Math.min(maxScale || 1.5, fit);
    const position = { x: (x0 + x1) / 2 - ((left + right) / 2 - container.clientWidth / 2) / scale,
      y: (y0 + y1) / 2 - ((top + bottom) / 2 - container.clientHeight / 2) / scale };
    return { position, scale };
  }
  function moveTo(view, animate) {
    if (view) network.moveTo(Object.assign({ animation: animate ? EASE : false }, view));
  }
  function fitNodes(ids, animate, maxScale) {
    moveTo(viewFor(ids, maxScale), animate);
  }
  // The first view: the main component, plus the small groups packed beside it when showing them too
  // costs little zoom (they are then in view, not cut off at the edge).
  const ALL_IF_ZOOM_KEPT = 0.8;
  function fitMain(animate) {
    const all = viewFor(data.nodes.map((n) => n.id));
    const main = large && islandIds.length ? viewFor(mainIds) : null;
    moveTo(main && all && all.scale < ALL_IF_ZOOM_KEPT * main.scale ? main : all, animate);
  }

  // ---------- readiness ----------
  function markReady() {
    if (window.kgReady) return;
    areaRadius = typicalAreaSpacing();
    network.once("afterDrawing", () => {
      window.kgReady = performance.now();
      document.documentElement.dataset.kgReady = "true";
      document.getElementById("kg-loading").hidden = true;
      if (meta.focus && byId.has(meta.focus)) showNode(meta.focus, false);
    });
    network.redraw();
  }

  // ---------- neighbourhood highlight ----------
  // The node and every shown node linked to it, similar papers included even while their links are hidden.
  function neighbourhood(id) {
    const ids = new Set([id]);
    incident.get(id).forEach((i) => {
      const e = data.edges[i];
      ids.add(e.from === id ? e.to : e.from);
    });
    return [...ids].filter(typeVisible);
  }
  function litEdgeColor(type) {
    if (type === data.related_type) return RELATED_FOCUS_COLOR;
    return data.edge_colors[type] || LIT_EDGE_COLOR;
  }
  // The selected node's links stand out (their type's colour, thicker); everything not linked to it fades
  // and shrinks to a small mark.
  function highlight(id) {
    highlighted = id;  // first: vis-network may draw a frame during the updates below
    const keep = new Set(neighbourhood(id));
    const nodeUpdates = [];
    nodes.forEach((n) => {
      const faded = !keep.has(n.id);
      if (faded !== Boolean(n.kgFaded)) {
        const color = faded ? FADED_NODE : colorOf(n.kgType);
        const size = byId.get(n.id).size;
        nodeUpdates.push({ id: n.id, kgFaded: faded, size: faded ? Math.min(size, FADED_SIZE) : size,
          color: { background: color, border: color } });
      }
    });
    nodes.update(nodeUpdates);
    const edgeUpdates = [];
    edges.forEach((e) => {
      const faded = e.from !== id && e.to !== id;
      if (faded !== Boolean(e.kgFaded) || !faded) {
        edgeUpdates.push({ id: e.id, kgFaded: faded, width: faded ? 1 : LIT_EDGE_WIDTH,
          color: { color: faded ? FADED_EDGE : litEdgeColor(e.kgType), opacity: faded ? 0.7 : 1 } });
      }
    });
    edges.update(edgeUpdates);
    if (!showRelated) edgesView.refresh();
  }
  function clearHighlight() {
    if (highlighted === null) return;
    const lit = highlighted;
    highlighted = null;  // first: vis-network may draw a frame during the updates below
    nodes.update(nodes.get({ filter: (n) => n.kgFaded }).map((n) => ({ id: n.id, kgFaded: false,
      size: byId.get(n.id).size, color: { background: colorOf(n.kgType), border: colorOf(n.kgType) } })));
    edges.update(edges.get({ filter: (e) => e.kgFaded || e.from === lit || e.to === lit }).map((e) => ({
      id: e.id, kgFaded: false, width: 1, color: { color: restingEdgeColor(e.kgType), opacity: 0.7 } })));
    if (!showRelated) edgesView.refresh();
  }

  // A width in canvas units would thin to a hairline on a zoomed-out big page: keep the lit links at
  // LIT_EDGE_SCREEN_WIDTH px (set on vis-network's drawn edges, so a zoom costs no data update).
  network.on("beforeDrawing", () => {
    if (highlighted === null) return;
    const width = Math.max(LIT_EDGE_WIDTH, LIT_EDGE_SCREEN_WIDTH / network.getScale());
    incident.get(highlighted).forEach((i) => {
      const edge = network.body.edges[i];
      if (edge) edge.options.width = width;
    });
  });

  // ---------- tooltip ----------
  const tooltip = document.getElementById("kg-tooltip");
  function otherEnd(edge, id) {
    return byId.get(edge.from === id ? edge.to : edge.from);
  }
  function neighboursOfType(id, type) {
    return incident.get(id).map((i) => otherEnd(data.edges[i], id)).filter((n) => n.type === type);
  }
  function evidenceOf(id, limit) {
    const found = new Map();  // by sentence: one sentence may back several of the node's links
    for (const i of incident.get(id)) {
      for (const item of data.edges[i].evidence || []) {
        if (found.size < limit && !found.has(item.sentence)) found.set(item.sentence, item);
      }
    }
    return [...found.values()];
  }
  function nodeTooltip(n) {
    const parts = [badge(n.type), el("div", "kg-tip-title", n.title || n.name)];
    if (n.published) parts.push(el("p", "kg-muted", n.published));
    if (n.abstract) parts.push(el("p", null, shorten(n.abstract, 300)));
    if (n.url) parts.push(el("p", "kg-muted", n.url));
    const code = neighboursOfType(n.id, "Repository").map((r) => r.url || r.name);
    if (code.length) parts.push(el("p", null, "Code: " + code.slice(0, 3).join(", ")));
    if (n.pages) parts.push(el("p", null, "Project: " + n.pages.slice(0, 2).join(", ")));
    if (n.aliases && n.aliases.length > 1) parts.push(el("p", "kg-muted", "Also: " + n.aliases.slice(0, 6).join(", ")));
    if (typeof n.paper_count === "number") parts.push(el("p", "kg-muted", "In " + papers(n.paper_count)));
    if (n.type !== "Paper") evidenceOf(n.id, 2).forEach((item) => parts.push(evidenceBlock(item)));
    return parts;
  }
  function edgeTooltip(e) {
    const parts = [el("div", "kg-tip-title", e.type),
      el("p", "kg-muted", byId.get(e.from).label + " → " + byId.get(e.to).label)];
    if (typeof e.score === "number") parts.push(el("p", null, "Score " + e.score));
    if (e.shared && e.shared.length) parts.push(el("p", null, "Shares " + e.shared.join(", ")));
    (e.evidence || []).forEach((item) => parts.push(evidenceBlock(item)));
    if (e.more_evidence) parts.push(el("p", "kg-muted", "+" + e.more_evidence + " more"));
    return parts;
  }
  function showTooltip(parts, pointer) {
    tooltip.replaceChildren(...parts);
    tooltip.hidden = false;
    const x = Math.min(pointer.x + 14, window.innerWidth - tooltip.offsetWidth - 8);
    const y = Math.min(pointer.y + 14, window.innerHeight - tooltip.offsetHeight - 8);
    tooltip.style.left = Math.max(0, x) + "px";
    tooltip.style.top = Math.max(0, y) + "px";
  }
  const hideTooltip = () => { tooltip.hidden = true; };
  // A node is hovered with the reach clicks have (nodeAtPointer): its tooltip shows, its label is placed
  // first. vis-network's own hover, which needs the pointer on the mark, only serves edges.
  let hovered = null;
  container.addEventListener("pointermove", (event) => {
    if (event.buttons) return;  // dragging the view or a node
    const box = container.getBoundingClientRect();
    const pointer = { x: event.clientX - box.left, y: event.clientY - box.top };
    const id = nodeAtPointer(pointer);
    if (id === hovered) return;
    hovered = id;
    if (id !== null) showTooltip(nodeTooltip(byId.get(id)), pointer);
    else hideTooltip();
    network.redraw();
  });
  network.on("hoverEdge", (p) => {
    if (hovered === null) showTooltip(edgeTooltip(data.edges[p.edge]), p.pointer.DOM);
  });
  network.on("blurEdge", () => { if (hovered === null) hideTooltip(); });
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);
  container.addEventListener("mouseleave", () => {
    hovered = null;
    hideTooltip();
  });

  // ---------- details panel ----------
  const detailsBody = document.getElementById("kg-details-body");
  const ABSTRACT_PREVIEW = 420;
  function section(title, children) {
    return children.length ? [el("h3", null, title), ...children] : [];
  }
  function listOf(items) {
    const ul = el("ul");
    items.forEach((item) => {
      const li = el("li");
      li.append(item);
      ul.append(li);
    });
    return ul;
  }
  function nodeLink(n) {
    const span = el("span", "kg-link-node", n.label);
    span.addEventListener("click", () => showNode(n.id, true));
    return span;
  }
  // The start of a long abstract, with a button for the rest: the links and evidence below matter more.
  function abstractBlock(text) {
    const p = el("p", null, shorten(text, ABSTRACT_PREVIEW));
    if (p.textContent.length < text.length) {
      const more = el("button", "kg-more", "more");
      more.type = "button";
      more.addEventListener("click", () => { p.textContent = text; });
      p.append(" ", more);
    }
    return p;
  }
  const LINKS_LISTED = 25;  // per type, most connected first
  function showDetails(id) {
    const n = byId.get(id);
    const parts = [badge(n.type), el("h2", null, n.title || n.name)];
    const facts = [n.published, n.arxiv_id && "arXiv " + n.arxiv_id, n.doi && "DOI " + n.doi,
      typeof n.paper_count === "number" && papers(n.paper_count),
      n.known === true && "a name in kg's lists"].filter(Boolean);
    if (facts.length) parts.push(el("p", "kg-muted", facts.join(" · ")));
    const area = areas.find((a) => a.community === n.community);
    if (area) {
      const row = el("p", "kg-muted", "Research area: ");
      const name = el("span", "kg-link-node", area.terms.join(" · "));
      name.addEventListener("click", () => fitNodes(area.members, true));
      row.append(name);
      parts.push(row);
    }
    const links = [];
    if (n.url) links.push(linkOrText(n.url, n.url));
    neighboursOfType(id, "Repository").forEach((r) => links.push(linkOrText("Code: " + (r.url || r.name), r.url)));
    (n.pages || []).forEach((page) => links.push(linkOrText("Project: " + page, page)));
    if (links.length) parts.push(...section("Links", [listOf(links)]));
    if (n.abstract) parts.push(...section("Abstract", [abstractBlock(n.abstract)]));
    if (n.authors) parts.push(...section("Authors", [el("p", null, n.authors.join(", "))]));
    if (n.aliases && n.aliases.length > 1) parts.push(...section("Also written", [el("p", null, n.aliases.join(", "))]));
    const groups = new Map();
    incident.get(id).forEach((i) => {
      if (data.edges[i].type === data.related_type) return;  // listed below, with what they share
      const other = otherEnd(data.edges[i], id);
      if (!groups.has(other.type)) groups.set(other.type, new Map());
      groups.get(other.type).set(other.id, other);
    });
    // The view may leave links out (size cap, type filter, neighbourhood): say how many, never pass a cut
    // list off as complete.
    const totals = n.linked_total || {};
    Object.keys(totals).forEach((type) => { if (!groups.has(type)) groups.set(type, new Map()); });
    const neighbourParts = [];
    [...groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).forEach(([type, byOther]) => {
      const list = [...byOther.values()].sort((a, b) => b.degree - a.degree).slice(0, LINKS_LISTED);
      const total = Math.max(totals[type] || 0, byOther.size);
      const count = list.length < total ? number(list.length) + " of " + number(total) + " shown" : number(total);
      neighbourParts.push(el("p", "kg-muted", type + " (" + count + ")"));
      if (list.length) neighbourParts.push(listOf(list.map(nodeLink)));
    });
    parts.push(...section("Linked", neighbourParts));
    const similar = incident.get(id).map((i) => data.edges[i]).filter((e) => e.type === data.related_type)
      .sort((a, b) => (b.score || 0) - (a.score || 0));
    parts.push(...section("Similar papers", similar.slice(0, 25).map((e) => {
      const row = el("div", "kg-similar");
      row.append(nodeLink(otherEnd(e, id)));
      if (e.shared && e.shared.length) row.append(el("div", "kg-muted", "shares " + e.shared.slice(0, 6).join(", ")));
      return row;
    })));
    // One row per sentence, naming every link it backs ("Low-Rank Adaptation (LoRA)" may back two).
    const bySentence = new Map();
    incident.get(id).forEach((i) => {
      const e = data.edges[i];
      (e.evidence || []).forEach((item) => {
        if (!bySentence.has(item.sentence)) {
          if (bySentence.size >= 24) return;
          bySentence.set(item.sentence, { item, links: [] });
        }
        const link = e.type + " · " + otherEnd(e, id).label;
        const entry = bySentence.get(item.sentence);
        if (!entry.links.includes(link)) entry.links.push(link);
      });
    });
    const evidence = [...bySentence.values()].map(({ item, links }) => {
      const row = el("div");
      row.append(el("span", "kg-muted", links.join("; ")), evidenceBlock(item));
      return row;
    });
    parts.push(...section("Evidence", evidence));
    detailsBody.replaceChildren(...parts);
    details.hidden = false;
    details.scrollTop = 0;
  }
  function hideDetails() {
    details.hidden = true;
  }
  document.getElementById("kg-details-close").addEventListener("click", () => {
    hideDetails();
    clearHighlight();
    network.unselectAll();
  });

  // ---------- selecting a node ----------
  const FOCUS_SCALE = 0.8;  // the closest a jump zooms in: vis-network's own labels show, and some context
  function showNode(id, move) {
    const n = byId.get(id);
    if (hiddenTypes.has(n.type)) setTypeVisible(n.type, true);
    network.selectNodes([id]);
    highlight(id);
    showDetails(id);
    // the node with everything linked to it, zooming in no closer than FOCUS_SCALE
    if (move) fitNodes(neighbourhood(id), true, Math.max(network.getScale(), FOCUS_SCALE));
    else revealNeighbourhood(id);
  }
  // After a click, bring the node's neighbourhood out from under the panels (zooming out if needed,
  // never in), so its labels and the details can be read side by side.
  function revealNeighbourhood(id) {
    const ids = neighbourhood(id);
    const area = freeArea();
    const hidden = ids.some((other) => {
      const p = network.canvasToDOM(network.getPosition(other));
      return p.x < area.left || p.x > area.right || p.y < area.top || p.y > area.bottom;
    });
    if (hidden) fitNodes(ids, true, network.getScale());
  }
  // The node a click means. vis-network takes the last node drawn whose box holds the pointer, which
  // at first zoom on a big page is a mark a pixel or two wide: easy to miss. Here a node within
  // CLICK_SLOP screen px counts; a node under the pointer beats one beside it, then papers beat other
  // types (they are drawn on top), then the larger, then the nearer.
  const CLICK_SLOP = 6;
  function nodeAtPointer(pointer) {
    const scale = network.getScale();
    const at = network.DOMtoCanvas(pointer);
    let best = null;
    network.body.nodeIndices.forEach((id) => {
      const node = network.body.nodes[id];
      const size = node.options.size;
      const distance = Math.hypot(node.x - at.x, node.y - at.y);
      if (distance > size + CLICK_SLOP / scale) return;
      const rank = [distance <= size + 1 / scale ? 1 : 0, byId.get(id).type === "Paper" ? 1 : 0, size, -distance];
      if (!best || ranksAbove(rank, best.rank)) best = { id, rank };
    });
    return best ? best.id : null;
  }
  function ranksAbove(a, b) {  // lexicographic order
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i];
    return false;
  }
  network.on("click", (p) => {
    hideTooltip();
    const id = nodeAtPointer(p.pointer.DOM);
    if (id !== null) {
      showNode(id, false);
    } else if (!p.edges.length) {
      network.unselectAll();
      clearHighlight();
      hideDetails();
    }
  });

  // ---------- type filter (legend) ----------
  const legend = document.getElementById("kg-legend");
  const checkboxes = new Map();
  function setTypeVisible(type, visible) {
    if (visible) hiddenTypes.delete(type);
    else hiddenTypes.add(type);
    refreshFilters();
    if (papersOnly) endPapersOnly(false);  // the reader changed the filters: they stay as set
  }
  function refreshFilters() {
    checkboxes.forEach((box, type) => { box.checked = !hiddenTypes.has(type); });
    nodesView.refresh();
    edgesView.refresh();
    network.redraw();
  }
  data.types.filter((t) => t.count > 0).forEach((t) => {
    const label = el("label");
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.type = t.type;
    box.addEventListener("change", () => setTypeVisible(t.type, box.checked));
    checkboxes.set(t.type, box);
    label.append(box, swatch(t.type), el("span", null, t.type), el("span", "kg-count", number(t.count)));
    legend.append(label);
  });

  // ---------- summary ----------
  const partial = meta.nodes < meta.total_nodes;
  document.getElementById("kg-summary").textContent =
    number(meta.nodes) + (partial ? " of " + number(meta.total_nodes) : "") + " nodes · " +
    number(meta.edges) + (partial ? " of " + number(meta.total_edges) : "") + " edges";
  const notes = document.getElementById("kg-notes");
  meta.notes.forEach((note) => notes.append(el("li", null, note)));
  if (large) notes.append(el("li", null, "Layout computed in advance; physics off (drag nodes to move them)."));
  if (large && islandIds.length) {
    notes.append(el("li", null, number(islandIds.length) + " nodes not linked to the main graph sit to its right;" +
      " zoom out to see them."));
  }
  const omitted = data.types.filter((t) => t.omitted > 0);
  if (omitted.length) {
    const p = document.getElementById("kg-omitted");
    p.textContent = "Left out of this view: " + omitted.map((t) => number(t.omitted) + " " + t.type).join(", ") + ".";
    p.hidden = false;
  }

  // ---------- search ----------
  const search = document.getElementById("kg-search");
  const results = document.getElementById("kg-results");
  // An exact name or alias ranks first ("LoRA" finds the method before papers with LoRA in the title),
  // then names and aliases starting with the query, then any match; ties go to the better connected.
  const searchIndex = data.nodes.map((n) => ({
    node: n, names: [n.name, ...(n.aliases || [])].map((name) => String(name).toLowerCase()),
    text: [n.name, n.title || "", ...(n.aliases || []), n.id].join("\n").toLowerCase(),
  }));
  let matches = [];
  let active = 0;
  function find(query) {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    return searchIndex
      .filter((entry) => entry.text.includes(q))
      .map((entry) => ({ entry,
        rank: entry.names.includes(q) ? 0 : entry.names.some((name) => name.startsWith(q)) ? 1 : 2 }))
      .sort((a, b) => a.rank - b.rank || b.entry.node.degree - a.entry.node.degree)
      .slice(0, 12)
      .map((m) => m.entry.node);
  }
  function renderResults() {
    if (!search.value.trim()) {
      results.hidden = true;
      return;
    }
    const items = matches.map((n, i) => {
      const li = el("li", i === active ? "kg-active" : null);
      li.append(el("span", "kg-type", n.type), document.createTextNode(n.label));
      li.addEventListener("mousedown", (event) => {
        event.preventDefault();
        pick(n);
      });
      return li;
    });
    results.replaceChildren(...(items.length ? items : [el("li", "kg-empty", "No match")]));
    results.hidden = false;
  }
  function pick(n) {
    results.hidden = true;
    showNode(n.id, true);
  }
  search.addEventListener("input", () => {
    matches = find(search.value);
    active = 0;
    renderResults();
  });
  search.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (matches.length) active = (active + (event.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length;
      renderResults();
    } else if (event.key === "Enter" && matches.length) {
      event.preventDefault();
      pick(matches[active]);
    } else if (event.key === "Escape") {
      search.value = "";
      matches = [];
      renderResults();
    }
  });
  search.addEventListener("blur", () => { results.hidden = true; });
  search.addEventListener("focus", () => renderResults());

  document.getElementById("kg-reset").addEventListener("click", () => {
    search.value = "";
    matches = [];
    renderResults();
    clearHighlight();  // the type filters stay as the reader set them: this resets the view, not the filters
    hideDetails();
    network.unselectAll();
    fitMain(true);
  });


  // ---------- research areas and map labels, drawn on the canvas ----------
  // vis-network draws no labels (its nodes have none: it would draw all of them, overlapping). The page
  // labels nodes itself, map-style: greedily in order of importance, each where it overlaps no label
  // already placed (below, above, right or left of its node), the rest left out until hovered or
  // selected. Zoomed out (under OVERVIEW_BELOW) it also names the research areas and labels fewer nodes.
  const OVERVIEW_BELOW = 9 / 14;
  // Each paper of an area gets a disc; the union of an area's discs is its tinted region. The radius
  // follows how far apart papers are (physics layouts are tighter than precomputed ones), and is never
  // less than AREA_MIN_SCREEN_RADIUS on screen, so zoomed out an area stays one region.
  const AREA_MIN_SCREEN_RADIUS = 28;
  const AREA_CELL = 0.5;  // papers closer than this many radii share one disc
  const NODE_LABELS = 36;  // at most, zoomed out
  const CLOSE_LABELS = 160;  // at most, zoomed in: as many as fit
  const NEIGHBOUR_LABELS = 60;  // at most, zoomed out with a node selected
  const LABEL_TRIES = 600;  // nodes tried per frame: bounds the work on big pages
  const MARKS_AVOIDED = 200;  // labels keep off the marks of this many of them ...
  const ALWAYS_NAMED = 10;  // ... but the most important in view are named over a mark rather than not at all,
  const LABEL_RINGS = [0, 1, 2];  // ... and in a crowd up to two lines further out
  const LABEL_RING = 16;  // screen px: one line of label text and its padding
  const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif";
  function rgba(hex, alpha, darken) {
    const v = parseInt(hex.slice(1), 16);
    const f = darken || 1;
    return "rgba(" + Math.round((v >> 16) * f) + "," + Math.round(((v >> 8) & 255) * f) + "," +
      Math.round((v & 255) * f) + "," + alpha + ")";
  }
  let areaRadius = 150;  // canvas px; measured again once the layout is final (markReady)
  function typicalAreaSpacing() {
    const body = network.body.nodes;
    const nearest = [];
    areas.forEach((a) => a.members.forEach((id) => {
      let best = Infinity;
      a.members.forEach((other) => {
        if (other !== id) best = Math.min(best, Math.hypot(body[id].x - body[other].x, body[id].y - body[other].y));
      });
      if (best < Infinity) nearest.push(best);
    }));
    return nearest.length ? Math.min(200, Math.max(40, 1.3 * median(nearest))) : 150;
  }
  const areasShown = () => showAreas && areas.length > 0 && !hiddenTypes.has("Paper");
  network.on("beforeDrawing", (ctx) => {
    if (!areasShown()) return;
    const body = network.body.nodes;
    const scale = network.getScale();
    const radius = Math.max(areaRadius, AREA_MIN_SCREEN_RADIUS / scale);
    // strongest as an overview; fainter close up (where the tint would fill the screen) and behind a highlight
    const alpha = highlighted !== null ? 0.04 : scale < OVERVIEW_BELOW ? 0.11 : 0.06;
    areas.forEach((a) => {
      ctx.beginPath();
      const cells = new Set();  // one disc per grid cell: the union looks the same, with far fewer discs
      a.members.forEach((id) => {
        const n = body[id];
        if (!n) return;  // not drawn (a filter is being applied)
        const cell = Math.floor(n.x / (AREA_CELL * radius)) + "," + Math.floor(n.y / (AREA_CELL * radius));
        if (cells.has(cell)) return;
        cells.add(cell);
        ctx.moveTo(n.x + radius, n.y);
        ctx.arc(n.x, n.y, radius, 0, 2 * Math.PI);
      });
      ctx.fillStyle = rgba(a.color, alpha);
      ctx.fill();  // one fill of the union: overlapping circles do not darken
    });
  });
  function median(values) {
    const sorted = values.slice().sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }
  // Lines of text ([text, px, weight, colour, halo]) of constant on-screen size, centred on x with their
  // top at `top`, at the first of `spots` (m => {x, top}, m their measured size) where they overlap no
  // text already `placed` and stay inside `view`; `slide` moves them sideways into view. True if drawn.
  const textWidths = new Map();  // on-screen px by font and text: measuring is the costly part of a frame
  function screenWidth(ctx, text, px, weight) {
    const key = weight + "|" + px + "|" + text;
    if (!textWidths.has(key)) {
      ctx.font = weight + " " + px + "px " + FONT;
      textWidths.set(key, ctx.measureText(text).width);
    }
    return textWidths.get(key);
  }
  function placeText(ctx, placed, scale, lines, spots, view, slide, owner, overMarks) {
    const heights = lines.map(([, px]) => 1.25 * px / scale);
    const width = Math.max(...lines.map(([text, px, weight]) => screenWidth(ctx, text, px, weight) / scale));
    const size = { width, height: heights.reduce((sum, h) => sum + h, 0) };
    const pad = 3 / scale;
    // with `overMarks`, spots that cover a node's mark (but no text) come after all others
    const tries = overMarks ? [...spots.map((spot) => [spot, false]), ...spots.map((spot) => [spot, true])]
      : spots.map((spot) => [spot, false]);
    for (const [spot, coverMarks] of tries) {
      let { x, top } = spot(size);
      if (slide) x = Math.max(view.x0 + width / 2 + pad, Math.min(view.x1 - width / 2 - pad, x));
      const box = { x0: x - width / 2 - pad, x1: x + width / 2 + pad, y0: top - pad, y1: top + size.height + pad };
      if (placed.some((r) => box.x0 < r.x1 && r.x0 < box.x1 && box.y0 < r.y1 && r.y0 < box.y1 &&
        !(coverMarks && r.owner.kind === "mark"))) continue;
      if (box.x0 < view.x0 || box.x1 > view.x1 || box.y0 < view.y0 || box.y1 > view.y1) continue;  // no cut-off text
      placed.push(Object.assign(box, { pad, owner, text: lines.map(([text]) => text).join("\n") }));
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      ctx.lineJoin = "round";
      ctx.lineWidth = 4 / scale;
      lines.forEach(([text, px, weight, color, halo], i) => {
        ctx.font = weight + " " + px / scale + "px " + FONT;
        ctx.strokeStyle = "rgba(251,251,250," + (halo || 0.92) + ")";
        ctx.strokeText(text, x, top);
        ctx.fillStyle = color;
        ctx.fillText(text, x, top);
        top += heights[i];
      });
      return true;
    }
    return false;
  }
  // Where a node's label may go, best first: below, above, right, left of its mark; `ring` lines further out.
  function labelSpots(node, scale, ring) {
    const r = node.options.size + (4 + ring * LABEL_RING) / scale;  // clear of its own mark, padding included
    return [
      () => ({ x: node.x, top: node.y + r }),
      (m) => ({ x: node.x, top: node.y - r - m.height }),
      (m) => ({ x: node.x + r + m.width / 2, top: node.y - m.height / 2 }),
      (m) => ({ x: node.x - r - m.width / 2, top: node.y - m.height / 2 }),
      // the corners, when a crowd of labels takes all four sides
      (m) => ({ x: node.x + r + m.width / 2, top: node.y + r }),
      (m) => ({ x: node.x - r - m.width / 2, top: node.y + r }),
      (m) => ({ x: node.x + r + m.width / 2, top: node.y - r - m.height }),
      (m) => ({ x: node.x - r - m.width / 2, top: node.y - r - m.height }),
    ];
  }
  function islandCaption(ctx, placed, scale, body, view) {
    const shown = islandIds.filter((id) => body[id]);  // those drawn
    if (!shown.length) return;
    const xs = shown.map((id) => body[id].x);
    const centre = (Math.min(...xs) + Math.max(...xs)) / 2;
    if (centre < view.x0 || centre > view.x1) return;  // the groups are out of view: so is their caption
    const top = Math.min(...shown.map((id) => body[id].y));
    const groups = groupsOfNodes.length - 1;
    placeText(ctx, placed, scale, [["Not linked to the main graph: " + number(groups) + " small group" +
      (groups === 1 ? "" : "s"), 12, "600", "#777"]], [() => ({ x: centre, top: top - 22 / scale })], view, true,
    { kind: "caption" });
  }
  let placedLast = [];  // what the last frame labelled (for tests and curious readers)
  // The nodes to label, most wanted first, and how many at most.
  function labelCandidates(scale) {
    const overview = scale < OVERVIEW_BELOW;
    let candidates = byImportance;
    let limit = overview ? NODE_LABELS : CLOSE_LABELS;
    if (highlighted !== null) {
      const near = new Set(neighbourhood(highlighted));
      candidates = [byId.get(highlighted), ...byImportance.filter((n) => near.has(n.id) && n.id !== highlighted)];
      limit = overview ? NEIGHBOUR_LABELS : CLOSE_LABELS;
    }
    if (hovered !== null && byId.has(hovered)) {
      candidates = [byId.get(hovered), ...candidates.filter((n) => n.id !== hovered)];
      limit += 1;
    }
    return { candidates, limit };
  }
  network.on("afterDrawing", (ctx) => {
    const scale = network.getScale();
    const body = network.body.nodes;
    const placed = [];
    placedLast = placed;
    const area = freeArea();  // text under the panels could not be read
    const corner = network.DOMtoCanvas({ x: area.left, y: area.top });
    const farCorner = network.DOMtoCanvas({ x: area.right, y: area.bottom });
    const view = { x0: corner.x, y0: corner.y, x1: farCorner.x, y1: farCorner.y };
    if (large && islandIds.length) islandCaption(ctx, placed, scale, body, view);
    if (scale < OVERVIEW_BELOW && areasShown() && highlighted === null) {
      areas.forEach((a) => {
        const drawn = a.members.filter((id) => body[id]);
        if (!drawn.length) return;
        const x = median(drawn.map((id) => body[id].x)), y = median(drawn.map((id) => body[id].y));
        const second = (a.terms[2] ? a.terms[2] + " · " : "") + number(a.papers) + " papers";
        // a thinner halo than node labels': the area's central nodes stay visible through it
        const lines = [[a.terms.slice(0, 2).join(" · "), 14, "700", rgba(a.color, 1, 0.62), 0.6],
          [second, 11, "400", "#555", 0.6]];
        const spots = [0, 1, -1, 2, -2].map((shift) => () => ({ x, top: y + shift * 34 / scale }));
        placeText(ctx, placed, scale, lines, spots, view, true, { kind: "area", community: a.community });
      });
    }
    const { candidates, limit } = labelCandidates(scale);
    const inView = [];
    for (const n of candidates) {
      if (inView.length >= LABEL_TRIES) break;
      const node = body[n.id];
      if (!node || !n.label || !typeVisible(n.id)) continue;
      if (node.x < view.x0 || node.x > view.x1 || node.y < view.y0 || node.y > view.y1) continue;
      inView.push(n);
    }
    // the marks of the nodes to label first, so labels go beside nodes, not over them
    inView.slice(0, MARKS_AVOIDED).forEach((n) => {
      const node = body[n.id], r = node.options.size;
      placed.push({ x0: node.x - r, x1: node.x + r, y0: node.y - r, y1: node.y + r, owner: { kind: "mark" } });
    });
    let labelled = 0;
    inView.forEach((n, rank) => {
      if (labelled >= limit) return;
      const node = body[n.id];
      const strong = n.id === highlighted || n.id === hovered;
      const text = shorten(n.label, strong ? 60 : 30);
      const important = rank < ALWAYS_NAMED;
      const lines = [[text, strong ? 13 : 11.5, strong ? "700" : "500", "#222"]];
      if ((important ? LABEL_RINGS : [0]).some((ring) => placeText(ctx, placed, scale, lines,
        labelSpots(node, scale, ring), view, false, { kind: "node", id: n.id }, important))) {
        labelled += 1;
      }
    });
  });
  const overlayLabels = () => placedLast.filter((b) => b.owner.kind === "node").map((b) => b.owner.id);
  const areaLabels = () => placedLast.filter((b) => b.owner.kind === "area").map((b) => b.owner.community);
  // Each label of the last frame with its text's box on screen (CSS px, padding taken off).
  function labelBoxes() {
    return placedLast.filter((b) => b.owner.kind !== "mark").map((b) => {
      const a = network.canvasToDOM({ x: b.x0 + b.pad, y: b.y0 + b.pad });
      const z = network.canvasToDOM({ x: b.x1 - b.pad, y: b.y1 - b.pad });
      return Object.assign({ text: b.text, left: a.x, top: a.y, right: z.x, bottom: z.y }, b.owner);
    });
  }

  // ---------- what to show: similar-paper links, research areas ----------
  const showBox = document.getElementById("kg-show");
  function toggle(labelText, count, checked, onChange, name) {
    const label = el("label");
    const box = el("input");
    box.type = "checkbox";
    box.checked = checked;
    box.dataset.show = name;
    box.addEventListener("change", () => onChange(box.checked));
    label.append(box, el("span", null, labelText));
    if (count !== null) label.append(el("span", "kg-count", number(count)));
    showBox.append(label);
    showBox.hidden = false;
  }
  function setRelatedVisible(visible) {
    showRelated = visible;
    const box = showBox.querySelector("input[data-show=related]");
    if (box) box.checked = visible;
    edgesView.refresh();
    network.redraw();
  }
  if (relatedCount) toggle("Similar-paper links", relatedCount, showRelated, setRelatedVisible, "related");

  // ---------- the "Similar papers only" preset ----------
  // What Connected Papers users expect, one click away: papers alone, linked by similarity (drawn a little
  // stronger than the faint wash they are beside entities). A second click puts back the reader's filters.
  const papersOnlyButton = document.getElementById("kg-papers-only");
  function recolourRelated() {
    const resting = edges.get({ filter: (e) => e.kgType === data.related_type && !e.kgFaded &&
      e.from !== highlighted && e.to !== highlighted });
    edges.update(resting.map((e) => ({ id: e.id, color: { color: restingEdgeColor(e.kgType), opacity: 0.7 } })));
  }
  function startPapersOnly() {
    papersOnly = { hidden: [...hiddenTypes], related: showRelated };
    hiddenTypes.clear();
    data.types.forEach((t) => { if (t.type !== "Paper") hiddenTypes.add(t.type); });
    papersOnlyButton.setAttribute("aria-pressed", "true");
    refreshFilters();
    recolourRelated();
    setRelatedVisible(true);
    fitNodes(data.nodes.filter((n) => n.type === "Paper").map((n) => n.id), true);
  }
  // `restore`: put back the filters the preset replaced (else keep the current ones).
  function endPapersOnly(restore) {
    const saved = papersOnly;
    papersOnly = null;
    papersOnlyButton.setAttribute("aria-pressed", "false");
    recolourRelated();
    if (!restore) return;
    hiddenTypes.clear();
    saved.hidden.forEach((type) => hiddenTypes.add(type));
    refreshFilters();
    setRelatedVisible(saved.related);
    fitMain(true);
  }
  if (relatedCount) {
    papersOnlyButton.hidden = false;
    papersOnlyButton.addEventListener("click", () => (papersOnly ? endPapersOnly(true) : startPapersOnly()));
  }
  if (areas.length) {
    toggle("Research areas", areas.length, showAreas, (visible) => {
      showAreas = visible;
      network.redraw();
    }, "areas");
    const list = document.getElementById("kg-areas");
    areas.forEach((a) => {
      const row = el("button", "kg-area");
      row.type = "button";
      row.title = a.terms.join(" · ") + " — " + number(a.papers) + " papers";
      const chip = el("span", "kg-chip");
      chip.style.background = rgba(a.color, 0.55);
      row.append(chip, el("span", "kg-area-name", a.terms.join(" · ") || "Area " + a.community),
        el("span", "kg-count", number(a.papers)));
      row.addEventListener("click", () => fitNodes(a.members, true));
      list.append(row);
    });
    list.hidden = false;
  }

  // ---------- first view ----------
  // Last, so the first frame counted as ready already has the areas and labels drawn above.
  if (large || data.nodes.length === 0) {
    fitMain(false);
    markReady();
  } else {
    network.once("stabilizationIterationsDone", () => {
      network.setOptions({ physics: false });
      fitMain(false);
      markReady();
    });
  }

  window.kg = {
    network, nodes, edges, nodesView, edgesView, meta, find, showNode, setTypeVisible, setRelatedVisible, fitNodes,
    papersOnly: () => papersOnly !== null,
    mainIds, areas, overlayLabels, areaLabels, labelBoxes,
    visibleCounts: () => ({ nodes: nodesView.length, edges: edgesView.length }),
  };
})();
