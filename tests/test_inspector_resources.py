"""What DevTools may load through the inspector (source maps and the sources
they name): files under `source_roots`, data: URLs and what
`resource_loader` answers; every escape attempt gets a CDP error."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest
from cdp import Cdp, CdpError

import jsrun


def load(cdp: Cdp, url: str) -> bytes:
    resource = cdp.call(
        "Network.loadNetworkResource", url=url, options={"disableCache": False, "includeCredentials": False}
    )
    assert resource["resource"]["success"] is True
    handle = resource["resource"]["stream"]
    data = b""
    while True:
        chunk = cdp.call("IO.read", handle=handle, size=5)
        # Text comes as text (cut between characters), other bytes as base64.
        data += base64.b64decode(chunk["data"]) if chunk["base64Encoded"] else chunk["data"].encode()
        if chunk["eof"]:
            break
    cdp.call("IO.close", handle=handle)
    return data


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "root" / "src").mkdir(parents=True)
    (tmp_path / "root" / "src" / "add.c").write_text("int add(int a, int b) { return a + b; }\n")
    (tmp_path / "root" / "add.wasm.map").write_text('{"version":3,"sources":["src/add.c"],"mappings":""}')
    (tmp_path / "secret.txt").write_text("not for DevTools")
    os.symlink(tmp_path / "secret.txt", tmp_path / "root" / "link.txt")
    return tmp_path


def test_files_under_a_root_data_urls_and_the_loader_are_served(tree: Path) -> None:
    asked: list[str] = []

    def loader(url: str) -> bytes | str | None:
        asked.append(url)
        return {"https://cdn.test/a.map": b"{}", "https://cdn.test/b.js": "// b"}.get(url)

    config = jsrun.InspectorConfig(port=0, source_roots=[tree / "root"], resource_loader=loader)
    assert config.source_roots == [tree / "root"] and config.resource_loader is loader
    (tree / "root" / "bytes.bin").write_bytes(bytes(range(256)))
    (tree / "root" / "text.txt").write_text("héllo wörld ✓ 😀", encoding="utf-8")
    with jsrun.Runtime(jsrun.RuntimeConfig(inspector=config)) as rt, Cdp(rt.inspector_endpoints().websocket_url) as cdp:
        assert load(cdp, (tree / "root" / "src" / "add.c").as_uri()) == b"int add(int a, int b) { return a + b; }\n"
        assert load(cdp, (tree / "root" / "bytes.bin").as_uri()) == bytes(range(256))
        assert load(cdp, (tree / "root" / "text.txt").as_uri()).decode() == "héllo wörld ✓ 😀"
        assert load(cdp, (tree / "root" / "add.wasm.map").as_uri()).startswith(b'{"version":3')
        assert load(cdp, "data:text/plain;base64,aGVsbG8=") == b"hello"
        assert load(cdp, "data:,a%20b") == b"a b"
        assert load(cdp, "https://cdn.test/a.map") == b"{}"
        assert load(cdp, "https://cdn.test/b.js") == b"// b"
        with pytest.raises(CdpError, match="the resource loader has nothing there"):
            load(cdp, "https://cdn.test/none")
        assert asked == ["https://cdn.test/a.map", "https://cdn.test/b.js", "https://cdn.test/none"]
        assert cdp.call("Runtime.evaluate", expression="6 * 7")["result"]["value"] == 42  # V8 still answers


def test_escapes_get_a_cdp_error(tree: Path) -> None:
    config = jsrun.InspectorConfig(port=0, source_roots=[tree / "root"])
    root = (tree / "root").as_uri()
    escapes = [
        (tree / "secret.txt").as_uri(),  # beside the root
        f"{root}/src/../../secret.txt",  # climbing out
        f"{root}/src/%2e%2e/%2e%2e/secret.txt",  # the same, percent-encoded
        (tree / "root" / "link.txt").as_uri(),  # a symlink out
        "file:///etc/passwd",
        "/etc/passwd",  # not a URL
        "file://otherhost/etc/passwd",
        "https://example.test/x.map",  # no loader
        f"{root}/missing.c",
    ]
    with jsrun.Runtime(jsrun.RuntimeConfig(inspector=config)) as rt, Cdp(rt.inspector_endpoints().websocket_url) as cdp:
        for url in escapes:
            with pytest.raises(CdpError) as refused:
                load(cdp, url)
            assert "not for DevTools" not in str(refused.value)
        with pytest.raises(CdpError, match="not served"):
            load(cdp, "file:///etc/passwd")
        with pytest.raises(CdpError, match="no stream"):
            cdp.call("IO.read", handle="jsrun-io-999")


def test_without_roots_or_loader_nothing_but_data_urls_is_served(tree: Path) -> None:
    with jsrun.Runtime(jsrun.RuntimeConfig(inspector=jsrun.InspectorConfig(port=0))) as rt:
        with Cdp(rt.inspector_endpoints().websocket_url) as cdp:
            with pytest.raises(CdpError, match="source_roots"):
                load(cdp, (tree / "root" / "src" / "add.c").as_uri())
            assert load(cdp, "data:,x") == b"x"


def test_a_loader_that_fails_is_a_cdp_error_and_bad_config_is_refused(tree: Path) -> None:
    def failing(url: str) -> bytes:
        raise OSError("disk on fire")

    def wrong(url: str) -> int:
        return 5

    for loader, message in [(failing, "disk on fire"), (wrong, "not bytes, str or None")]:
        config = jsrun.InspectorConfig(port=0, resource_loader=loader)
        with jsrun.Runtime(jsrun.RuntimeConfig(inspector=config)) as rt:
            with Cdp(rt.inspector_endpoints().websocket_url) as cdp, pytest.raises(CdpError, match=message):
                load(cdp, "https://cdn.test/a.map")
    with pytest.raises(ValueError, match="cannot be used"):
        jsrun.InspectorConfig(source_roots=[tree / "nowhere"])
    with pytest.raises(ValueError, match="not a directory"):
        jsrun.InspectorConfig(source_roots=[tree / "secret.txt"])
    with pytest.raises(TypeError, match="callable"):
        jsrun.InspectorConfig(resource_loader="no")  # type: ignore[arg-type]
