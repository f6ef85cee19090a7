// The interactive page: draws the embedded graph with vis-network and wires search, type filter,
// neighbourhood highlight, tooltips and the details panel. All graph text reaches the DOM through
// textContent (never innerHTML), so titles and sentences are shown, never parsed.
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
  const FADED_EDGE = "rgba(200,200,200,0.15)";
  const LABEL_COLOR = "#222";
  const FADED_LABEL = "rgba(0,0,0,0.15)";
  const large = meta.layout === "precomputed";

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

  // ---------- vis data ----------
  function visNode(n) {
    const color = colorOf(n.type);
    const item = {
      id: n.id, label: n.label, kgType: n.type, shape: (typeInfo.get(n.type) || {}).shape || "dot", size: n.size,
      color: { background: color, border: color, highlight: { background: color, border: "#111" },
        hover: { background: color, border: "#111" } },
      font: { color: LABEL_COLOR },
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
  function visEdge(e, index) {
    return {
      id: index, from: e.from, to: e.to, kgType: e.type, color: { color: edgeColor(e.type), opacity: 0.7 },
      width: e.type === data.related_type && typeof e.score === "number" ? 1 + 2 * Math.min(1, e.score) : 1,
    };
  }
  const nodes = new vis.DataSet(data.nodes.map(visNode));
  const edges = new vis.DataSet(data.edges.map(visEdge));
  const typeVisible = (id) => !hiddenTypes.has(byId.get(id).type);
  const nodesView = new vis.DataView(nodes, { filter: (n) => !hiddenTypes.has(n.kgType) });
  const edgesView = new vis.DataView(edges, { filter: (e) => typeVisible(e.from) && typeVisible(e.to) });

  const options = {
    autoResize: true,
    nodes: { borderWidth: 1, font: { size: 14, strokeWidth: 3, strokeColor: "#ffffff" },
      scaling: { label: { drawThreshold: 9 } } },
    edges: { width: 1, selectionWidth: 1.5, hoverWidth: 0.5, smooth: large ? false : { type: "continuous" },
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

  // ---------- readiness ----------
  function markReady() {
    if (window.kgReady) return;
    network.once("afterDrawing", () => {
      window.kgReady = performance.now();
      document.documentElement.dataset.kgReady = "true";
      document.getElementById("kg-loading").hidden = true;
      if (meta.focus && byId.has(meta.focus)) showNode(meta.focus, false);
    });
    network.redraw();
  }
  if (large || data.nodes.length === 0) {
    network.fit({ animation: false });
    markReady();
  } else {
    network.once("stabilizationIterationsDone", () => {
      network.setOptions({ physics: false });
      network.fit({ animation: false });
      markReady();
    });
  }

  // ---------- neighbourhood highlight ----------
  let highlighted = null;
  function highlight(id) {
    const keep = new Set([id, ...network.getConnectedNodes(id)]);
    const nodeUpdates = [];
    nodes.forEach((n) => {
      const faded = !keep.has(n.id);
      if (faded !== Boolean(n.kgFaded)) {
        const color = faded ? FADED_NODE : colorOf(n.kgType);
        nodeUpdates.push({ id: n.id, kgFaded: faded, font: { color: faded ? FADED_LABEL : LABEL_COLOR },
          color: { background: color, border: color } });
      }
    });
    nodes.update(nodeUpdates);
    const edgeUpdates = [];
    edges.forEach((e) => {
      const faded = e.from !== id && e.to !== id;
      if (faded !== Boolean(e.kgFaded)) {
        edgeUpdates.push({ id: e.id, kgFaded: faded, color: { color: faded ? FADED_EDGE : edgeColor(e.kgType) } });
      }
    });
    edges.update(edgeUpdates);
    highlighted = id;
  }
  function clearHighlight() {
    if (highlighted === null) return;
    nodes.update(nodes.get({ filter: (n) => n.kgFaded }).map((n) => ({ id: n.id, kgFaded: false,
      font: { color: LABEL_COLOR }, color: { background: colorOf(n.kgType), border: colorOf(n.kgType) } })));
    edges.update(edges.get({ filter: (e) => e.kgFaded }).map((e) => ({ id: e.id, kgFaded: false,
      color: { color: edgeColor(e.kgType) } })));
    highlighted = null;
  }

  // ---------- tooltip ----------
  const tooltip = document.getElementById("kg-tooltip");
  function otherEnd(edge, id) {
    return byId.get(edge.from === id ? edge.to : edge.from);
  }
  function neighboursOfType(id, type) {
    return incident.get(id).map((i) => otherEnd(data.edges[i], id)).filter((n) => n.type === type);
  }
  function evidenceOf(id, limit) {
    const found = [];
    for (const i of incident.get(id)) {
      for (const item of data.edges[i].evidence || []) {
        if (found.length < limit) found.push(item);
      }
    }
    return found;
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
    if (typeof n.paper_count === "number") parts.push(el("p", "kg-muted", "In " + number(n.paper_count) + " paper(s)"));
    if (n.type !== "Paper") evidenceOf(n.id, 2).forEach((item) => parts.push(evidenceBlock(item)));
    return parts;
  }
  function edgeTooltip(e) {
    const parts = [el("div", "kg-tip-title", e.type),
      el("p", "kg-muted", byId.get(e.from).label + " → " + byId.get(e.to).label)];
    if (typeof e.score === "number") parts.push(el("p", null, "Score " + e.score));
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
  network.on("hoverNode", (p) => showTooltip(nodeTooltip(byId.get(p.node)), p.pointer.DOM));
  network.on("hoverEdge", (p) => showTooltip(edgeTooltip(data.edges[p.edge]), p.pointer.DOM));
  network.on("blurNode", hideTooltip);
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);
  container.addEventListener("mouseleave", hideTooltip);

  // ---------- details panel ----------
  const details = document.getElementById("kg-details");
  const detailsBody = document.getElementById("kg-details-body");
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
  function showDetails(id) {
    const n = byId.get(id);
    const parts = [badge(n.type), el("h2", null, n.title || n.name)];
    const facts = [n.published, n.arxiv_id && "arXiv " + n.arxiv_id, n.doi && "DOI " + n.doi,
      typeof n.paper_count === "number" && number(n.paper_count) + " paper(s)"].filter(Boolean);
    if (facts.length) parts.push(el("p", "kg-muted", facts.join(" · ")));
    const links = [];
    if (n.url) links.push(linkOrText(n.url, n.url));
    neighboursOfType(id, "Repository").forEach((r) => links.push(linkOrText("Code: " + (r.url || r.name), r.url)));
    (n.pages || []).forEach((page) => links.push(linkOrText("Project: " + page, page)));
    if (links.length) parts.push(...section("Links", [listOf(links)]));
    if (n.abstract) parts.push(...section("Abstract", [el("p", null, n.abstract)]));
    if (n.authors) parts.push(...section("Authors", [el("p", null, n.authors.join(", "))]));
    if (n.aliases && n.aliases.length > 1) parts.push(...section("Also written", [el("p", null, n.aliases.join(", "))]));
    const groups = new Map();
    incident.get(id).forEach((i) => {
      const other = otherEnd(data.edges[i], id);
      if (!groups.has(other.type)) groups.set(other.type, []);
      groups.get(other.type).push(other);
    });
    const neighbourParts = [];
    [...groups.entries()].sort().forEach(([type, list]) => {
      list.sort((a, b) => b.degree - a.degree);
      neighbourParts.push(el("p", "kg-muted", type + " (" + list.length + ")"), listOf(list.slice(0, 25).map(nodeLink)));
    });
    parts.push(...section("Linked", neighbourParts));
    const evidence = [];
    incident.get(id).forEach((i) => {
      const e = data.edges[i];
      (e.evidence || []).forEach((item) => {
        if (evidence.length >= 24) return;
        const row = el("div");
        row.append(el("span", "kg-muted", e.type + " · " + otherEnd(e, id).label), evidenceBlock(item));
        evidence.push(row);
      });
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
  function showNode(id, move) {
    const n = byId.get(id);
    if (hiddenTypes.has(n.type)) setTypeVisible(n.type, true);
    network.selectNodes([id]);
    highlight(id);
    showDetails(id);
    if (move) {
      network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    }
  }
  network.on("click", (p) => {
    hideTooltip();
    if (p.nodes.length) {
      showNode(p.nodes[0], false);
    } else if (!p.edges.length) {
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
    if (checkboxes.has(type)) checkboxes.get(type).checked = visible;
    nodesView.refresh();
    edgesView.refresh();
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
  const omitted = data.types.filter((t) => t.omitted > 0);
  if (omitted.length) {
    const p = document.getElementById("kg-omitted");
    p.textContent = "Left out of this view: " + omitted.map((t) => number(t.omitted) + " " + t.type).join(", ") + ".";
    p.hidden = false;
  }

  // ---------- search ----------
  const search = document.getElementById("kg-search");
  const results = document.getElementById("kg-results");
  const searchIndex = data.nodes.map((n) => ({
    node: n, name: String(n.name).toLowerCase(),
    text: [n.name, n.title || "", ...(n.aliases || []), n.id].join("\n").toLowerCase(),
  }));
  let matches = [];
  let active = 0;
  function find(query) {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    return searchIndex
      .filter((entry) => entry.text.includes(q))
      .map((entry) => ({ entry, rank: entry.name === q ? 0 : entry.name.startsWith(q) ? 1 : 2 }))
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
    data.types.forEach((t) => setTypeVisible(t.type, true));
    clearHighlight();
    hideDetails();
    network.unselectAll();
    network.fit({ animation: { duration: 400, easingFunction: "easeInOutQuad" } });
  });

  window.kg = {
    network, nodes, edges, nodesView, edgesView, meta, find, showNode, setTypeVisible,
    visibleCounts: () => ({ nodes: nodesView.length, edges: edgesView.length }),
  };
})();
