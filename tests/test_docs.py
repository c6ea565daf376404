"""Every Python example in the README and docs/ runs, and the examples/ print what they say."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def blocks() -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        for i, code in enumerate(BLOCK.findall(page.read_text())):
            found.append((f"{page.relative_to(ROOT)}#{i + 1}", code))
    return found


@pytest.mark.parametrize(("where", "code"), blocks(), ids=[w for w, _ in blocks()])
def test_doc_example_runs(where: str, code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    exec(compile(code, where, "exec"), {"__name__": "__doc_example__"})


@pytest.mark.slow
def test_the_documentation_site_builds_with_warnings_as_errors(tmp_path: Path) -> None:
    mkdocs = Path(sys.executable).parent / "mkdocs"
    out = subprocess.run(
        [mkdocs, "build", "--strict", "--site-dir", tmp_path / "site"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert out.returncode == 0, out.stderr[-3000:]
    api = (tmp_path / "site" / "api" / "index.html").read_text()
    assert "eval_module_async" in api and "WasmMemory" in api and "InspectorConfig" in api
    assert (tmp_path / "site" / "images" / "devtools-paused-wasm.png").exists()


def test_docs_have_examples() -> None:
    assert len(blocks()) >= 8


@pytest.mark.parametrize("example", ["wasm_add.py", "wasm_async.py"])
def test_wasm_examples_print_30(example: str) -> None:
    out = subprocess.run([sys.executable, str(ROOT / "examples" / example)], capture_output=True, text=True, check=True)
    assert out.stdout == "30\n"


def test_sqlite_example_prints_its_query() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "sqlite_wasm.py")], capture_output=True, text=True, check=True
    )
    assert out.stdout.split("\n") == ["Python 1991", "JavaScript 1995", "Rust 2015", ""]


@pytest.mark.parametrize("name", ["add", "wasi_upper"])
def test_the_example_wasm_is_built_from_its_wat(name: str, tmp_path: Path) -> None:
    wat2wasm = shutil.which("wat2wasm")
    if wat2wasm is None:
        pytest.skip("wat2wasm (Debian package wabt) is not installed; `make test` installs it")
    subprocess.run([wat2wasm, str(ROOT / "examples" / f"{name}.wat"), "-o", str(tmp_path / "out.wasm")], check=True)
    assert (tmp_path / "out.wasm").read_bytes() == (ROOT / "examples" / f"{name}.wasm").read_bytes()


def test_stub_matches_the_native_module() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "jsrun._jsrun"], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.slow
def test_scaling_out_example_runs_on_a_pool_processes_and_a_cluster() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "scaling_out.py")], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.splitlines() == [
        "pool: post-number-1-hello-world",
        "processes: 1000 post-number-2-hello-world",
        "cluster: 1000 post-number-3-hello-world",
    ]


def test_markdown_example_renders_as_node_does() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "markdown_from_npm.py")], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("<h1>Release notes</h1>\n") and "<td>V8 13.6</td>" in out.stdout
    node = shutil.which("node")
    assert node, "Node.js is needed to compare with it"
    script = "process.stdout.write(require('marked').marked(require('fs').readFileSync('notes.md', 'utf8')))"
    want = subprocess.run(
        [node, "-e", script], cwd=ROOT / "examples" / "markdown", capture_output=True, text=True, check=True
    )
    assert out.stdout == want.stdout


def test_plugins_example_runs_each_plugin_in_its_compartment() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "plugins_in_compartments.py")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.splitlines() == [
        "shout: HELLO PLUGIN WORLD!",
        "count: 3 words, 18 characters logged",
        "snoop: undefined undefined undefined",
        "poison: refused (TypeError)",
    ]
