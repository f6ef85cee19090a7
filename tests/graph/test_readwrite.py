"""Graph files: every format loads back to the same graph; JSON is byte-stable; bad files fail clearly."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import networkx as nx
import pytest

from graph_helpers import add_author, paper_graph, shuffled_copy
from kg.graph.readwrite import (
    SCHEMA_VERSION, GraphFileError, NodeViz, read_gexf, read_graph, read_graphml, read_json, write_gexf,
    write_graph, write_graphml, write_json,
)

FORMATS = [".json", ".graphml", ".gexf", ".json.gz", ".graphml.gz", ".gexf.gz"]


def rich_graph() -> nx.DiGraph:
    """Every attribute kind the model uses, plus names GEXF treats as structure."""
    G = paper_graph(
        {"paper:arxiv:2106.09685": ["method:lora", "dataset:glue"],
         "paper:doi:10.1000/x.1": ["method:lora", "task:summarization"]},
        {"paper:arxiv:2106.09685": [("microsoft", "LoRA")]},
    )
    paper = G.nodes["paper:arxiv:2106.09685"]
    paper.update(
        abstract="Line one\nline two\twith a tab, a form feed \x0c, ünïcödé, emoji 🚀 & <tags>.",
        authors=["Edward J. Hu", "Yelong Shen"], categories=[], published="2021-06-17",
        pages=["https://lora.example.org/"], sources=["seeds/page.txt:12", "api:hf"],
        upvotes=42, pagerank=0.000123456, community=0, flagged=True,
        label="a node attribute called label", start="also reserved in GEXF",
        meta={"nested": {"list": [1, 2.5, "x", None, True]}},
    )
    add_author(G, "paper:arxiv:2106.09685", "Edward J. Hu")
    G.nodes["paper:doi:10.1000/x.1"].update(mixed="text", upvotes=0)
    G.nodes["method:lora"].update(mixed=3, paper_count=2, note="", viz="an attribute called viz",
                                  **{"kg:odd": "prefixed name"})
    G.add_node("concept:r&d-<\"quoted\">'", type="Concept", name="R&D \r\n <b>\"x\"</b>")
    G.add_edge("paper:doi:10.1000/x.1", "concept:r&d-<\"quoted\">'", type="MENTIONS", evidence=[])
    G.add_edge("paper:arxiv:2106.09685", "paper:doi:10.1000/x.1", type="RELATED_TO", score=1.3863,
               shared=["method:lora"], weight=0.5, id="edge-id", label="edge label")
    return G


def assert_same_graph(a: nx.DiGraph, b: nx.DiGraph) -> None:
    assert a.graph == b.graph
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert {(u, v): d for u, v, d in a.edges(data=True)} == {(u, v): d for u, v, d in b.edges(data=True)}
    for node, data in a.nodes(data=True):  # equal values could still differ in type (1 == 1.0 == True)
        for name, value in data.items():
            assert type(b.nodes[node][name]) is type(value), (node, name)


@pytest.mark.parametrize("suffix", FORMATS)
def test_every_format_loads_back_the_same_graph(tmp_path: Path, suffix: str) -> None:
    G = rich_graph()
    path = tmp_path / f"graph{suffix}"
    write_graph(G, path)
    loaded = read_graph(path)
    expected = G.copy()
    expected.graph.update(schema=SCHEMA_VERSION)
    assert_same_graph(loaded, expected)
    if suffix.endswith(".gz"):
        assert gzip.decompress(path.read_bytes())  # really compressed


def test_gexf_carries_gephi_colours_sizes_and_positions_and_still_loads_back(tmp_path: Path) -> None:
    G = rich_graph()
    drawn = sorted(G)[:3]
    viz = {node: NodeViz(color=(10 * i, 128, 255), size=6.0 + i, x=1.5 * i, y=-2.25 * i)
           for i, node in enumerate(drawn)}
    path = tmp_path / "graph.gexf"
    write_gexf(G, path, viz=viz)
    seen = nx.read_gexf(path)  # networkx's reader reads the viz module as Gephi does
    for i, node in enumerate(drawn):
        assert seen.nodes[node]["viz"] == {"color": {"r": 10 * i, "g": 128, "b": 255, "a": 1.0},
                                           "size": 6.0 + i,
                                           "position": {"x": 1.5 * i, "y": -2.25 * i, "z": 0.0}}
    assert all("viz" not in seen.nodes[n] for n in set(G) - set(drawn))
    assert seen.nodes["method:lora"]["kg:viz"] == "an attribute called viz"
    expected = G.copy()
    expected.graph.update(schema=SCHEMA_VERSION)
    assert_same_graph(read_gexf(path), expected)  # drawing hints are not graph data


@pytest.mark.parametrize(("write", "read"), [(write_json, read_json), (write_graphml, read_graphml),
                                             (write_gexf, read_gexf)])
def test_file_handles_work_like_paths(write, read) -> None:
    G = rich_graph()
    buffer = io.BytesIO()
    write(G, buffer)
    buffer.seek(0)
    assert_same_graph(read(buffer), read_graph_via_json(G))


def read_graph_via_json(G: nx.DiGraph) -> nx.DiGraph:
    buffer = io.BytesIO()
    write_json(G, buffer)
    buffer.seek(0)
    return read_json(buffer)


def test_json_bytes_do_not_depend_on_insertion_order(tmp_path: Path) -> None:
    G = rich_graph()
    write_json(G, tmp_path / "a.json")
    write_json(shuffled_copy(G, seed=1), tmp_path / "b.json")
    write_json(shuffled_copy(G, seed=2), tmp_path / "c.json.gz")
    write_json(shuffled_copy(G, seed=3), tmp_path / "d.json.gz")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert (tmp_path / "c.json.gz").read_bytes() == (tmp_path / "d.json.gz").read_bytes()


@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
def test_xml_formats_are_byte_stable_too(tmp_path: Path, suffix: str) -> None:
    G = rich_graph()
    write_graph(G, tmp_path / f"a{suffix}")
    write_graph(shuffled_copy(G, seed=5), tmp_path / f"b{suffix}")
    assert (tmp_path / f"a{suffix}").read_bytes() == (tmp_path / f"b{suffix}").read_bytes()


def test_json_layout_is_node_link_with_sorted_keys_one_item_per_line(tmp_path: Path) -> None:
    G = rich_graph()
    path = tmp_path / "graph.json"
    write_json(G, path)
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert data["graph"] == {"kg_version": "test", "mode": "test", "schema": SCHEMA_VERSION}
    assert [node["id"] for node in data["nodes"]] == sorted(G.nodes)
    assert [(e["source"], e["target"]) for e in data["edges"]] == sorted(G.edges)
    # The same content networkx's own node-link form holds.
    assert nx.node_link_graph(data, edges="edges").nodes(data=True) == G.nodes(data=True)
    assert text.count("\n") == G.number_of_nodes() + G.number_of_edges() + 5


def test_none_values_are_left_out(tmp_path: Path) -> None:
    G = rich_graph()
    G.nodes["method:lora"]["doi"] = None
    G.edges["paper:arxiv:2106.09685", "method:lora"]["note"] = None
    for suffix in (".json", ".graphml", ".gexf"):
        write_graph(G, tmp_path / f"g{suffix}")
        loaded = read_graph(tmp_path / f"g{suffix}")
        assert "doi" not in loaded.nodes["method:lora"]
        assert "note" not in loaded.edges["paper:arxiv:2106.09685", "method:lora"]
    nodes = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))["nodes"]
    assert "doi" not in next(node for node in nodes if node["id"] == "method:lora")


def test_writers_refuse_nodes_without_type(tmp_path: Path) -> None:
    G = rich_graph()
    G.add_node("method:untyped", name="untyped")
    for suffix in (".json", ".graphml", ".gexf"):
        with pytest.raises(ValueError, match="method:untyped"):
            write_graph(G, tmp_path / f"g{suffix}")


def _node_link(**changes) -> dict:
    data = {"directed": True, "multigraph": False,
            "graph": {"kg_version": "x", "schema": SCHEMA_VERSION, "mode": "default"},
            "nodes": [{"id": "paper:arxiv:1", "type": "Paper", "name": "P"},
                      {"id": "method:m", "type": "Method", "name": "m"}],
            "edges": [{"source": "paper:arxiv:1", "target": "method:m", "type": "USES"}]}
    data.update(changes)
    return data


@pytest.mark.parametrize(("data", "message"), [
    (_node_link(graph={"schema": SCHEMA_VERSION + 1}), f"schema {SCHEMA_VERSION + 1}.*reads schema {SCHEMA_VERSION}"),
    (_node_link(graph={"mode": "default"}), "no graph attribute 'schema'"),
    (_node_link(nodes=[{"id": "paper:arxiv:1", "name": "P"}, {"id": "method:m", "type": "Method"}]),
     "node #0 has no 'type'"),
    (_node_link(nodes=[{"type": "Paper"}]), "node #0 has no 'id'"),
    (_node_link(edges=[{"source": "paper:arxiv:1", "target": "method:m"}]), "edge #0 has no 'type'"),
    (_node_link(edges=[{"target": "method:m", "type": "USES"}]), "edge #0 has no 'source'"),
    (_node_link(edges=[{"source": "paper:arxiv:1", "target": "method:gone", "type": "USES"}]),
     "edge #0 target 'method:gone' is not a node"),
    (_node_link(directed=False), "directed"),
    ({"nodes": []}, "needs 'nodes' and 'edges'"),
])
def test_read_json_names_the_file_and_the_problem(tmp_path: Path, data: dict, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(GraphFileError, match=message) as caught:
        read_json(path)
    assert str(caught.value).startswith(str(path))
    assert "\n" not in str(caught.value)


def test_read_json_gives_the_line_of_a_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    write_json(rich_graph(), path)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4][:-3]  # cut an edge line short
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(GraphFileError, match=rf"^{path}:5: not valid JSON"):
        read_json(path)


def test_valid_node_link_of_a_good_graph_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "ok.json"
    path.write_text(json.dumps(_node_link()), encoding="utf-8")
    G = read_json(path)
    assert G.edges["paper:arxiv:1", "method:m"]["type"] == "USES"


def test_xml_files_not_written_by_kg_are_refused(tmp_path: Path) -> None:
    G = nx.DiGraph()
    G.add_edge("a", "b")
    nx.write_graphml(G, tmp_path / "plain.graphml")
    nx.write_gexf(G, tmp_path / "plain.gexf")
    with pytest.raises(GraphFileError, match="plain.graphml: not a kg graph file"):
        read_graphml(tmp_path / "plain.graphml")
    with pytest.raises(GraphFileError, match="plain.gexf: not a kg graph file"):
        read_gexf(tmp_path / "plain.gexf")
    (tmp_path / "junk.graphml").write_text("<graphml><oops", encoding="utf-8")
    with pytest.raises(GraphFileError, match="junk.graphml: not readable GraphML"):
        read_graphml(tmp_path / "junk.graphml")


def test_xml_file_of_another_schema_is_refused(tmp_path: Path) -> None:
    G = rich_graph()
    write_graphml(G, tmp_path / "g.graphml")
    text = (tmp_path / "g.graphml").read_text(encoding="utf-8")
    (tmp_path / "old.graphml").write_text(
        text.replace(f'"schema":{SCHEMA_VERSION}', '"schema":0'), encoding="utf-8")
    with pytest.raises(GraphFileError, match="old.graphml: graph schema 0"):
        read_graphml(tmp_path / "old.graphml")


def test_read_graph_checks_name_and_existence(tmp_path: Path) -> None:
    with pytest.raises(GraphFileError, match="no such graph file"):
        read_graph(tmp_path / "missing.json")
    (tmp_path / "graph.csv").write_text("a,b\n", encoding="utf-8")
    with pytest.raises(GraphFileError, match="unknown graph format"):
        read_graph(tmp_path / "graph.csv")
    (tmp_path / "graph.json.gz").write_bytes(b"not gzip at all")
    with pytest.raises(GraphFileError, match="graph.json.gz: cannot read"):
        read_graph(tmp_path / "graph.json.gz")
