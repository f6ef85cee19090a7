"""Reading and writing graph files: node-link JSON, GraphML and GEXF, each loading back losslessly.

Every writer takes a path (``.gz`` compresses) or an open binary file handle, like networkx's own
readers and writers. JSON is the reference format: sorted keys, nodes and edges sorted by id, one
node or edge per line, so the same graph always gives the same bytes and diffs stay readable.
GraphML and GEXF hold only scalar attributes, so list/map-valued (or mixed-type) attributes go in
as JSON strings; the names encoded that way and the graph attributes travel in one JSON blob
(`kg_meta`), which the readers use to decode, so every format loads back to the same graph.
The XML writers stream line by line (networkx's build the whole document tree: 7 GB at 100k
papers); networkx's readers read them back.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, quoteattr
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import networkx as nx

from kg import __version__

# Bumped whenever node/edge types, ids or attributes change meaning (docs/graph-model.md).
SCHEMA_VERSION = 1

PathOrFile = str | os.PathLike[str] | IO[bytes]

_META_KEY = "kg_meta"
_JSON = "json"  # column marker: values written as JSON text
_XML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
# Characters XML 1.0 cannot carry: strings holding them are written JSON-escaped.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Attribute titles networkx's GEXF reader overwrites or drops with the XML attributes (and viz) we write.
_GEXF_RESERVED = {"node": {"label", "viz"}, "edge": {"id", "label", "networkx_key"}}
_GEXF_NS = "http://www.gexf.net/1.2draft"
_GEXF_VIZ_NS = _GEXF_NS + "/viz"  # the viz module of the GEXF version written (1.2draft)
_GEXF_ESCAPE = "kg:"
# Characters `quoteattr` / `escape` would change: values without them are written as they are.
_ATTR_SPECIAL = re.compile('[&<>"\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]')
_TEXT_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Characters XML 1.0 forbids even as character references; written as U+FFFD so the file stays well-formed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class GraphFileError(ValueError):
    """A graph file that is not a readable kg graph: wrong schema, missing fields, bad syntax."""


# ---------------------------------------------------------------------------------------------
# files


def _name_of(path: PathOrFile) -> str:
    if isinstance(path, (str, os.PathLike)):
        return os.fspath(path)
    return str(getattr(path, "name", "<stream>"))


@contextlib.contextmanager
def _opened(path: PathOrFile, mode: str) -> Iterator[IO[bytes]]:
    """A binary handle for a path or a handle; `.gz` paths are (de)compressed with a fixed mtime
    so compressed output is byte-stable too."""
    if not isinstance(path, (str, os.PathLike)):
        yield path  # type: ignore[misc]
        return
    name = os.fspath(path)
    if name.endswith(".gz"):
        if "w" in mode:
            with open(name, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw,
                                                        mtime=0) as fh:
                yield fh
        else:
            with gzip.open(name, "rb") as fh:
                yield fh
    else:
        with open(name, mode + "b") as fh:
            yield fh


# ---------------------------------------------------------------------------------------------
# checks shared by every format


def _graph_attrs(G: nx.DiGraph) -> dict[str, Any]:
    return file_graph_attrs(G.graph)


def file_graph_attrs(graph_attrs: Mapping[str, Any]) -> dict[str, Any]:
    """The graph attributes a graph file carries: the given ones (None left out), the schema and kg version."""
    attrs = {k: v for k, v in graph_attrs.items() if v is not None}
    attrs["schema"] = SCHEMA_VERSION
    attrs.setdefault("kg_version", __version__)
    return attrs


def _check_writable(G: nx.DiGraph) -> None:
    if not G.is_directed() or G.is_multigraph():
        raise ValueError("kg graphs are nx.DiGraph (directed, one edge per pair)")
    for node, data in G.nodes(data=True):
        if not isinstance(node, str):
            raise ValueError(f"node id {node!r} is not a string")
        if not data.get("type"):
            raise ValueError(f"node {node!r} has no 'type'")
    for u, v, data in G.edges(data=True):
        if not data.get("type"):
            raise ValueError(f"edge {u!r} -> {v!r} has no 'type'")


def _check_schema(graph_attrs: Mapping[str, Any], source: str) -> None:
    schema = graph_attrs.get("schema")
    if schema is None:
        raise GraphFileError(f"{source}: not a kg graph file (no graph attribute 'schema')")
    if schema != SCHEMA_VERSION:
        raise GraphFileError(
            f"{source}: graph schema {schema!r}, but this kg reads schema {SCHEMA_VERSION}; "
            "rebuild the graph with this version of kg"
        )


def _check_loaded(G: nx.DiGraph, source: str) -> None:
    for node, data in G.nodes(data=True):
        if not data.get("type"):
            raise GraphFileError(f"{source}: node {node!r} has no 'type'")
    for u, v, data in G.edges(data=True):
        if not data.get("type"):
            raise GraphFileError(f"{source}: edge {u!r} -> {v!r} has no 'type'")


# ---------------------------------------------------------------------------------------------
# node-link JSON


# One encoder each, built once: json.dumps with options builds a new one per call.
_dumps = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                          allow_nan=False).encode
_dumps_ascii = json.JSONEncoder(sort_keys=True, ensure_ascii=True).encode


def _without_none(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


def write_json(G: nx.DiGraph, path: PathOrFile) -> None:
    """Write node-link JSON (`nx.node_link_data(G, edges="edges")` layout), byte-stable.

    Streamed one node or edge at a time: building the whole document first doubled the memory of a
    build for a moment (+350 MB at 16,000 papers).
    """
    _check_writable(G)
    edges = (_without_none({**G.edges[u, v], "source": u, "target": v}) for u, v in sorted(G.edges))
    nodes = (_without_none({**G.nodes[node], "id": node}) for node in sorted(G.nodes))
    with _opened(path, "w") as fh:
        out = _LineWriter(fh)
        # Top-level keys in sorted order, as json.dumps(sort_keys=True) would give them.
        out.line('{"directed":true,"edges":[')
        _json_items(out, edges)
        out.line("],")
        out.line('"graph":' + _dumps(_graph_attrs(G)) + ",")
        out.line('"multigraph":false,"nodes":[')
        _json_items(out, nodes)
        out.line("]}")
        out.flush()


def _json_items(out: "_LineWriter", items: Iterator[dict[str, Any]]) -> None:
    """One item per line, a comma after each but the last (an empty line for none, as ",\n".join gives)."""
    previous = None
    for item in items:
        if previous is not None:
            out.line(previous + ",")
        previous = _dumps(item)
    out.line(previous if previous is not None else "")


def read_json(path: PathOrFile) -> nx.DiGraph:
    """Read a graph written by `write_json`, refusing other schemas and incomplete nodes/edges."""
    source = _name_of(path)
    try:
        with _opened(path, "r") as fh:
            data = json.loads(fh.read().decode("utf-8"))
    except json.JSONDecodeError as err:
        raise GraphFileError(f"{source}:{err.lineno}: not valid JSON ({err.msg})") from err
    except (UnicodeDecodeError, OSError, EOFError) as err:
        raise GraphFileError(f"{source}: cannot read graph file ({err})") from err
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list) \
            or not isinstance(data.get("edges"), list):
        raise GraphFileError(f"{source}: not node-link JSON (needs 'nodes' and 'edges' lists)")
    if data.get("directed") is not True or data.get("multigraph") is True:
        raise GraphFileError(f"{source}: kg graphs are directed simple graphs")
    if not isinstance(data.get("graph"), dict):
        raise GraphFileError(f"{source}: not a kg graph file (no 'graph' attributes)")
    _check_schema(data["graph"], source)
    for index, node in enumerate(data["nodes"]):
        for field in ("id", "type"):
            if not isinstance(node, dict) or field not in node:
                raise GraphFileError(f"{source}: node #{index} has no {field!r}")
    node_ids = {node["id"] for node in data["nodes"]}
    for index, edge in enumerate(data["edges"]):
        for field in ("source", "target", "type"):
            if not isinstance(edge, dict) or field not in edge:
                raise GraphFileError(f"{source}: edge #{index} has no {field!r}")
        for end in ("source", "target"):
            if edge[end] not in node_ids:
                raise GraphFileError(f"{source}: edge #{index} {end} {edge[end]!r} is not a node")
    return nx.node_link_graph(data, directed=True, multigraph=False, edges="edges")


# ---------------------------------------------------------------------------------------------
# GraphML and GEXF: scalar-only formats


def _columns(items: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Each attribute name's XML type, or _JSON when its values cannot all go in as one XML
    scalar type: lists/maps, mixed types, empty strings (GraphML drops them) or XML-unsafe text."""
    kinds: dict[str, set[type]] = {}
    as_json: set[str] = set()
    for data in items:
        for name, value in data.items():
            if value is None:
                continue
            kinds.setdefault(name, set()).add(type(value))
            if type(value) is str and name not in as_json and (not value or _XML_UNSAFE.search(value)):
                as_json.add(name)
    columns = {}
    for name in sorted(kinds):
        found = kinds[name]
        single = next(iter(found)) if len(found) == 1 else None
        columns[name] = _JSON if name in as_json or single not in _XML_TYPES else _XML_TYPES[single]
    return columns


def _xml_value(value: Any, column: str) -> str:
    if column == _JSON:
        return _dumps_ascii(value)
    if column == "boolean":
        return "true" if value else "false"
    return repr(value) if column == "double" else str(value)


# Node columns, edge columns and the kg_meta JSON text of a graph's GraphML/GEXF files.
XmlSchema = tuple[dict[str, str], dict[str, str], str]


def xml_schema(G: nx.DiGraph) -> XmlSchema:
    """Node columns, edge columns and the kg_meta JSON that lets the readers undo the encoding.

    A full pass over every attribute: a caller writing both XML formats computes it once for both.
    """
    node_columns = _columns(data for _, data in G.nodes(data=True))
    edge_columns = _columns(data for _, _, data in G.edges(data=True))
    meta = {"graph": _graph_attrs(G),
            "json": {"node": [n for n, c in node_columns.items() if c == _JSON],
                     "edge": [n for n, c in edge_columns.items() if c == _JSON]}}
    return node_columns, edge_columns, _dumps(meta)


def _column_ids(node_columns: dict[str, str], edge_columns: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The attribute ids both XML formats give the columns: n0, n1, ... and e0, e1, ..."""
    return ({name: f"n{i}" for i, name in enumerate(node_columns)},
            {name: f"e{i}" for i, name in enumerate(edge_columns)})


def _xml_type(column: str) -> str:
    """The declared XML attribute type of a column (JSON-encoded values are strings)."""
    return "string" if column == _JSON else column


class _LineWriter:
    """Buffered UTF-8 output of text lines: writers stream, never holding a whole document."""

    def __init__(self, fh: IO[bytes]) -> None:
        self._fh, self._lines = fh, []

    def line(self, text: str) -> None:
        self._lines.append(text)
        if len(self._lines) >= 20_000:
            self.flush()

    def flush(self) -> None:
        self._fh.write(("\n".join(self._lines) + "\n").encode("utf-8"))
        self._lines = []


def _attr(value: str) -> str:
    if _ATTR_SPECIAL.search(value) is None:  # most values: skip quoteattr's replace calls
        return f'"{value}"'
    return quoteattr(_NOT_XML.sub("\ufffd", value))  # also turns tabs and newlines into character references


def _text(value: str) -> str:
    if _TEXT_SPECIAL.search(value) is None:
        return value
    return escape(_NOT_XML.sub("\ufffd", value), {"\r": "&#13;"})  # a bare CR would be read back as LF


def _decode(G: nx.DiGraph, meta: Mapping[str, Any], source: str) -> nx.DiGraph:
    encoded = meta.get("json", {})
    try:
        for name in encoded.get("node", []):
            for _, data in G.nodes(data=True):
                if name in data:
                    data[name] = json.loads(data[name])
        for name in encoded.get("edge", []):
            for _, _, data in G.edges(data=True):
                if name in data:
                    data[name] = json.loads(data[name])
    except (json.JSONDecodeError, TypeError) as err:
        raise GraphFileError(f"{source}: attribute {name!r} is not the JSON it should be") from err
    G.graph.clear()
    G.graph.update(meta["graph"])
    _check_loaded(G, source)
    return G


def _parse_meta(text: str | None, source: str) -> dict[str, Any]:
    if text is None:
        raise GraphFileError(f"{source}: not a kg graph file (no {_META_KEY})")
    try:
        meta = json.loads(text)
    except json.JSONDecodeError as err:
        raise GraphFileError(f"{source}: {_META_KEY} is not valid JSON") from err
    if not isinstance(meta, dict) or not isinstance(meta.get("graph"), dict):
        raise GraphFileError(f"{source}: {_META_KEY} has no graph attributes")
    _check_schema(meta["graph"], source)
    return meta


def write_graphml(G: nx.DiGraph, path: PathOrFile, *, schema: XmlSchema | None = None) -> None:
    """Write GraphML, streamed in id order; lists/maps become JSON text `read_graphml` decodes.

    schema: `xml_schema(G)`, when the caller has it already.
    """
    _check_writable(G)
    node_columns, edge_columns, meta = schema or xml_schema(G)
    node_keys, edge_keys = _column_ids(node_columns, edge_columns)
    with _opened(path, "w") as fh:
        out = _LineWriter(fh)
        out.line("<?xml version='1.0' encoding='utf-8'?>")
        out.line('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                 'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
                 'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">')
        out.line(f'  <key id="g0" for="graph" attr.name="{_META_KEY}" attr.type="string" />')
        for scope, columns, keys in (("node", node_columns, node_keys),
                                     ("edge", edge_columns, edge_keys)):
            for name, column in columns.items():
                out.line(f'  <key id="{keys[name]}" for="{scope}" attr.name={_attr(name)} '
                         f'attr.type="{_xml_type(column)}" />')
        out.line('  <graph edgedefault="directed">')
        out.line(f'    <data key="g0">{_text(meta)}</data>')
        for node in sorted(G.nodes):
            out.line(f"    <node id={_attr(node)}>")
            for name, value in _present(G.nodes[node]):
                out.line(f'      <data key="{node_keys[name]}">{_text(_xml_value(value, node_columns[name]))}</data>')
            out.line("    </node>")
        for u, v in sorted(G.edges):
            out.line(f"    <edge source={_attr(u)} target={_attr(v)}>")
            for name, value in _present(G.edges[u, v]):
                out.line(f'      <data key="{edge_keys[name]}">{_text(_xml_value(value, edge_columns[name]))}</data>')
            out.line("    </edge>")
        out.line("  </graph>")
        out.line("</graphml>")
        out.flush()


def read_graphml(path: PathOrFile) -> nx.DiGraph:
    """Read a graph written by `write_graphml`."""
    source = _name_of(path)
    try:
        with _opened(path, "r") as fh:
            G = nx.read_graphml(fh)
    except (ET.ParseError, nx.NetworkXError, OSError, EOFError) as err:
        raise GraphFileError(f"{source}: not readable GraphML ({err})") from err
    if not G.is_directed() or G.is_multigraph():
        raise GraphFileError(f"{source}: kg graphs are directed simple graphs")
    meta = _parse_meta(G.graph.get(_META_KEY), source)
    return _decode(G, meta, source)


def _gexf_title(name: str, scope: str) -> str:
    """The GEXF attribute title of a kg attribute: names the reader would overwrite get a prefix."""
    if name in _GEXF_RESERVED[scope] or name.startswith(_GEXF_ESCAPE):
        return _GEXF_ESCAPE + name
    return name


def _gexf_unescape(data: dict[str, Any]) -> dict[str, Any]:
    return {(k[len(_GEXF_ESCAPE):] if k.startswith(_GEXF_ESCAPE) else k): v
            for k, v in data.items()}


@dataclass(frozen=True)
class NodeViz:
    """How Gephi draws a node (GEXF viz module): colour as 0-255 (r, g, b), size, position (y up)."""

    color: tuple[int, int, int]
    size: float
    x: float
    y: float


def write_gexf(G: nx.DiGraph, path: PathOrFile, *, schema: XmlSchema | None = None,
               viz: Mapping[str, NodeViz] | None = None) -> None:
    """Write GEXF 1.2 for Gephi, streamed in id order: node label = name, edge label = type, the
    kg meta in <meta><description>. schema: `xml_schema(G)`, when the caller has it already.
    viz: per node id, the colour, size and position Gephi opens it with (the caller chooses them:
    this layer knows no styles or layouts); without it Gephi shows every node grey at the origin."""
    _check_writable(G)
    node_columns, edge_columns, meta = schema or xml_schema(G)
    node_ids, edge_ids = _column_ids(node_columns, edge_columns)
    with _opened(path, "w") as fh:
        out = _LineWriter(fh)
        out.line("<?xml version='1.0' encoding='utf-8'?>")
        out.line(f'<gexf xmlns="{_GEXF_NS}" xmlns:viz="{_GEXF_VIZ_NS}" '
                 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                 f'xsi:schemaLocation="{_GEXF_NS} '
                 f'{_GEXF_NS}/gexf.xsd" version="1.2">')
        out.line(f"  <meta>\n    <creator>kg {_text(__version__)}</creator>")
        out.line(f"    <description>{_text(meta)}</description>\n  </meta>")
        out.line('  <graph defaultedgetype="directed" mode="static">')
        for scope, columns, ids in (("node", node_columns, node_ids),
                                    ("edge", edge_columns, edge_ids)):
            out.line(f'    <attributes class="{scope}" mode="static">')
            for name, column in columns.items():
                out.line(f'      <attribute id="{ids[name]}" '
                         f'title={_attr(_gexf_title(name, scope))} type="{_xml_type(column)}" />')
            out.line("    </attributes>")
        out.line("    <nodes>")
        for node in sorted(G.nodes):
            data = G.nodes[node]
            out.line(f"      <node id={_attr(node)} label={_attr(str(data.get('name', node)))}>")
            _gexf_values(out, data, node_columns, node_ids)
            if viz is not None and node in viz:
                _gexf_viz(out, viz[node])
            out.line("      </node>")
        out.line("    </nodes>\n    <edges>")
        for number, (u, v) in enumerate(sorted(G.edges)):
            data = G.edges[u, v]
            out.line(f'      <edge id="{number}" source={_attr(u)} target={_attr(v)} '
                     f"label={_attr(str(data['type']))}>")
            _gexf_values(out, data, edge_columns, edge_ids)
            out.line("      </edge>")
        out.line("    </edges>\n  </graph>\n</gexf>")
        out.flush()


def _present(data: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """The attributes an XML file writes, by name: the same file whatever order the graph gained them in
    (an out-of-core build's graph is read back from its tables)."""
    return sorted((name, value) for name, value in data.items() if value is not None)


def _gexf_values(out: _LineWriter, data: Mapping[str, Any], columns: Mapping[str, str],
                 ids: Mapping[str, str]) -> None:
    values = _present(data)
    if not values:
        return
    out.line("        <attvalues>")
    for name, value in values:
        out.line(f'          <attvalue for="{ids[name]}" '
                 f"value={_attr(_xml_value(value, columns[name]))} />")
    out.line("        </attvalues>")


def _gexf_viz(out: _LineWriter, node_viz: NodeViz) -> None:
    r, g, b = (min(255, max(0, int(c))) for c in node_viz.color)
    out.line(f'        <viz:color r="{r}" g="{g}" b="{b}" />')
    out.line(f'        <viz:size value="{float(node_viz.size)!r}" />')
    out.line(f'        <viz:position x="{float(node_viz.x)!r}" y="{float(node_viz.y)!r}" z="0.0" />')


def read_gexf(path: PathOrFile) -> nx.DiGraph:
    """Read a graph written by `write_gexf`."""
    source = _name_of(path)
    try:
        with _opened(path, "r") as fh:
            raw = fh.read()
        description = None
        for _, element in ET.iterparse(io.BytesIO(raw)):  # <meta> comes first: stop there
            if element.tag.rsplit("}", 1)[-1] == "description":
                description = element.text
                break
        G = nx.read_gexf(io.BytesIO(raw))
    except (ET.ParseError, nx.NetworkXError, OSError, EOFError, KeyError, ValueError) as err:
        raise GraphFileError(f"{source}: not readable GEXF ({err})") from err
    if not G.is_directed() or G.is_multigraph():
        raise GraphFileError(f"{source}: kg graphs are directed simple graphs")
    meta = _parse_meta(description, source)
    for _, data in G.nodes(data=True):
        data.pop("label", None)
        data.pop("viz", None)  # drawing hints for Gephi, not graph data
        restored = _gexf_unescape(data)
        data.clear()
        data.update(restored)
    for _, _, data in G.edges(data=True):
        data.pop("label", None)
        data.pop("id", None)
        restored = _gexf_unescape(data)
        data.clear()
        data.update(restored)
    return _decode(G, meta, source)


# ---------------------------------------------------------------------------------------------
# by file name

_FORMATS = {
    ".json": (read_json, write_json),
    ".graphml": (read_graphml, write_graphml),
    ".gexf": (read_gexf, write_gexf),
}


def _format_of(path: str | os.PathLike[str]) -> str:
    suffixes = [s.lower() for s in Path(path).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    suffix = suffixes[-1] if suffixes else ""
    if suffix not in _FORMATS:
        raise GraphFileError(f"{os.fspath(path)}: unknown graph format "
                             f"(expected {', '.join(_FORMATS)}, optionally .gz)")
    return suffix


def read_graph(path: str | os.PathLike[str]) -> nx.DiGraph:
    """Read any kg graph file, choosing the format by its extension."""
    if not Path(path).is_file():
        raise GraphFileError(f"{os.fspath(path)}: no such graph file")
    return _FORMATS[_format_of(path)][0](path)


def write_graph(G: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    """Write a kg graph file in the format its extension names."""
    _FORMATS[_format_of(path)][1](G, path)
