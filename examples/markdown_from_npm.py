"""Renders a Markdown file to HTML with the npm package `marked`, loaded from
node_modules (examples/markdown; `make js-packages` installs it)."""

from pathlib import Path

import jsrun

here = Path(__file__).parent / "markdown"

with jsrun.Runtime() as rt:
    rt.use_node_modules(here)
    marked = rt.require("marked")["marked"]
    print(marked((here / "notes.md").read_text()), end="")
