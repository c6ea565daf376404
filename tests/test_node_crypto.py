"""node:crypto's keys, signatures and key derivation against Node.js: one
probe (tests/node/crypto_probe.js) runs in both with the keys Node made
(tests/node/crypto_keys.json) and must give the same results."""

from __future__ import annotations

import json
from pathlib import Path

from test_node_builtins import in_jsrun, in_node

NODE_DIR = Path(__file__).parent / "node"
PROBE = f"const KEYS = {(NODE_DIR / 'crypto_keys.json').read_text()};\n{(NODE_DIR / 'crypto_probe.js').read_text()}"


def test_keys_and_signatures_give_what_node_gives(tmp_path: Path) -> None:
    theirs = in_node(PROBE, tmp_path)
    ours = json.loads(str(in_jsrun(PROBE, tmp_path)))
    assert isinstance(theirs, dict) and isinstance(ours, dict)
    differences = [
        f"{key}:\n  node  {json.dumps(theirs.get(key))}\n  jsrun {json.dumps(ours.get(key))}"
        for key in theirs
        if theirs.get(key) != ours.get(key)
    ]
    assert not differences, "\n".join(differences)
    assert len(theirs) >= 15
    assert not any(isinstance(v, str) and v.startswith("error") for v in theirs.values())
