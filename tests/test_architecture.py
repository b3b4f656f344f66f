"""No circle between files: no module of the project imports itself back, directly
or through a chain of other modules (docs/architecture.md, "Inside an app").

The layers contracts (tests/test_layers.py) keep the apps in one direction; this
keeps the modules of each app in one direction too. An import inside a function
counts: it is the same dependency, only hidden.
"""

import tomllib
from pathlib import Path

import grimp
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _packages() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return [*config["tool"]["importlinter"]["root_packages"], "config"]


def import_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected sets of modules (two or more that reach each other),
    each sorted, found by Tarjan's algorithm without recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, imported = work[-1]
            following = next(imported, None)
            if following is not None:
                if following not in index:
                    index[following] = low[following] = len(index)
                    stack.append(following)
                    on_stack.add(following)
                    targets = graph.find_modules_directly_imported_by(following)
                    work.append((following, iter(sorted(targets))))
                elif following in on_stack:
                    low[module] = min(low[module], index[following])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
            if low[module] == index[module]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == module:
                        break
                if len(members) > 1:
                    cycles.append(sorted(members))
    return sorted(cycles)


def _described(graph: grimp.ImportGraph, cycle: list[str]) -> str:
    edges = [
        f"  {importer} -> {imported} (line {details['line_number']})"
        for importer in cycle
        for imported in cycle
        for details in graph.get_import_details(importer=importer, imported=imported)
    ]
    return "\n".join([" <-> ".join(cycle), *edges])


def test_no_module_of_the_project_imports_itself_back():
    graph = grimp.build_graph(*_packages(), cache_dir=None)

    cycles = import_cycles(graph)

    assert cycles == [], "\n\n".join(_described(graph, c) for c in cycles)


def test_a_chain_back_to_its_start_is_a_cycle():
    graph = grimp.ImportGraph()
    # A service that queues its task, whose task runs the service; beside them a
    # module imported by both, which is in no cycle.
    for importer, imported in [
        ("app.services", "app.tasks"),
        ("app.tasks", "app.jobs"),
        ("app.jobs", "app.services"),
        ("app.services", "app.models"),
        ("app.tasks", "app.models"),
        ("app.views", "app.services"),
    ]:
        graph.add_import(importer=importer, imported=imported)

    assert import_cycles(graph) == [["app.jobs", "app.services", "app.tasks"]]

    graph.remove_import(importer="app.jobs", imported="app.services")
    assert import_cycles(graph) == []
