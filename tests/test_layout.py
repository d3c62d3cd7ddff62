"""The layout shows the architecture: one subpackage per concern, and imports that only
point down the layers below. Every import of every module counts, those made inside a
function or only for the type checker included: a loop is a loop either way."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "intranet"
# Top to bottom; a module may import its own subpackage and any layer below its own.
LAYERS = {"cli": 5, "moderation": 4, "policy": 3, "site": 2, "codeowners": 2, "config": 1}
GROUND = 0  # intranet/*.py: errors, display, clock, git, gitobjects
ENTRY_POINTS = {"intranet.main", "intranet.serverhook"}  # where users and old hooks come in
ROOT_MODULES = 12


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The intranet modules `name` imports (a `from package import module` counts as the
    module, anything else as the module it comes from)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in known)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module in known:
            found.update(f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in known
                         else node.module for a in node.names)
    return found - {name}


def layer(name: str) -> tuple[str, int]:
    parts = name.split(".")
    if name in ENTRY_POINTS:
        return name, max(LAYERS.values()) + 1
    if len(parts) < 3 and name not in (f"intranet.{p}" for p in LAYERS):
        return "intranet", GROUND
    return parts[1], LAYERS[parts[1]]


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def test_imports_point_down_the_layers() -> None:
    upward = []
    for name, deps in graph().items():
        package, level = layer(name)
        for dep in sorted(deps):
            other, other_level = layer(dep)
            if other != package and other_level >= level and not dep.startswith(name + "."):
                upward.append(f"{name} ({package}, layer {level}) imports {dep} ({other}, "
                              f"layer {other_level})")
    assert upward == []


def test_no_modules_import_each_other() -> None:
    edges = graph()
    loops = []
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done

    def walk(name: str, path: list[str]) -> None:
        state[name] = 1
        for dep in sorted(edges.get(name, ())):
            if state.get(dep) == 1:
                loops.append(" -> ".join([*path[path.index(dep):], dep]))
            elif dep not in state:
                walk(dep, [*path, dep])
        state[name] = 2

    for name in sorted(edges):
        if name not in state:
            walk(name, [name])
    assert loops == []


def test_the_ground_is_small_and_every_module_says_what_it_is_for() -> None:
    ground = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(ground) <= ROOT_MODULES, ground
    undocumented = [name for name, path in modules().items()
                    if ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) is None]
    assert undocumented == []


def test_nothing_moved_for_users() -> None:
    """The public API, the old ways of running the command and of running the server
    hook keep working after the move."""
    code = ("from intranet.codeowners import parse_codeowners, parse_gitlab_codeowners\n"
            "from intranet.serverhook import main\n"
            "print(parse_codeowners('* @ivan').owners_for('a.md'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False, cwd=ROOT)
    assert (done.returncode, done.stdout) == (0, "['@ivan']\n"), done.stderr
    done = subprocess.run([sys.executable, "-m", "intranet.main", "--help"],
                          capture_output=True, text=True, check=False, cwd=ROOT)
    assert done.returncode == 0 and done.stdout.startswith("usage: intranet ")
