//! The inspector end to end: a runtime served over a real socket, driven by a
//! WebSocket client speaking CDP, and the HTTP discovery endpoints.
use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use jsrun_runtime::{Error, InspectorOptions, Runtime, RuntimeOptions, Text, Value};
use serde_json::{json, Value as Json};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

fn options(addr: &str) -> InspectorOptions {
    InspectorOptions {
        addr: addr.parse().unwrap(),
        wait_for_connection: false,
        break_on_next_statement: false,
        title: "test".into(),
        url: "jsrun://test".into(),
        resources: Default::default(),
    }
}

fn inspected(inspector: InspectorOptions) -> Runtime {
    Runtime::new(RuntimeOptions { inspector: Some(inspector), ..Default::default() }).unwrap()
}

struct Cdp {
    ws: WebSocket<MaybeTlsStream<TcpStream>>,
    next: u64,
    events: VecDeque<Json>,
}

impl Cdp {
    fn connect(url: &str) -> Cdp {
        let (ws, _) = tungstenite::connect(url).unwrap();
        if let MaybeTlsStream::Plain(s) = ws.get_ref() {
            s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        }
        Cdp { ws, next: 1, events: VecDeque::new() }
    }

    fn send(&mut self, method: &str, params: Json) -> u64 {
        let id = self.next;
        self.next += 1;
        let text = json!({"id": id, "method": method, "params": params}).to_string();
        self.ws.send(Message::text(text)).unwrap();
        id
    }

    fn read(&mut self) -> Json {
        loop {
            match self.ws.read().unwrap() {
                Message::Text(t) => return serde_json::from_str(t.as_str()).unwrap(),
                Message::Close(_) => panic!("closed"),
                _ => {}
            }
        }
    }

    fn call(&mut self, method: &str, params: Json) -> Json {
        let id = self.send(method, params);
        loop {
            let m = self.read();
            if m["id"] == json!(id) {
                assert!(m.get("error").is_none(), "{method}: {m}");
                return m["result"].clone();
            }
            self.events.push_back(m);
        }
    }

    fn event(&mut self, method: &str) -> Json {
        if let Some(i) = self.events.iter().position(|e| e["method"] == method) {
            return self.events.remove(i).unwrap()["params"].clone();
        }
        loop {
            let m = self.read();
            if m["method"] == method {
                return m["params"].clone();
            }
            self.events.push_back(m);
        }
    }
}

fn get(addr: SocketAddr, path: &str, host: Option<&str>) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let host_line = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
    write!(s, "GET {path} HTTP/1.1\r\n{host_line}Connection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = out.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

#[test]
fn evaluates_while_idle() {
    let rt = inspected(options("127.0.0.1:0"));
    let endpoint = rt.inspector_endpoint().unwrap();
    let mut cdp = Cdp::connect(&endpoint.websocket_url);
    let r = cdp.call("Runtime.evaluate", json!({"expression": "6 * 7"}));
    assert_eq!(r["result"]["value"], 42);
    rt.eval(Text::Utf8("globalThis.fromPython = 5")).unwrap();
    let r = cdp.call("Runtime.evaluate", json!({"expression": "fromPython + 1"}));
    assert_eq!(r["result"]["value"], 6);
    rt.close();
}

#[test]
fn pauses_at_debugger_and_inspects_the_frame() {
    let rt = inspected(options("127.0.0.1:0"));
    let mut cdp = Cdp::connect(&rt.inspector_endpoint().unwrap().websocket_url);
    cdp.call("Debugger.enable", json!({}));
    let worker = rt.clone();
    let t = std::thread::spawn(move || worker.eval(Text::Utf8("let x = 41;\ndebugger;\nx + 1")));
    let paused = cdp.event("Debugger.paused");
    assert_eq!(paused["reason"], "other");
    let frame = paused["callFrames"][0]["callFrameId"].clone();
    assert_eq!(paused["callFrames"][0]["location"]["lineNumber"], 1);
    let r = cdp.call("Debugger.evaluateOnCallFrame", json!({"callFrameId": frame, "expression": "x"}));
    assert_eq!(r["result"]["value"], 41);
    cdp.call("Debugger.resume", json!({}));
    assert_eq!(t.join().unwrap().unwrap(), Value::Int(42));
    rt.close();
}

#[test]
fn debugger_pause_stops_a_busy_loop() {
    let rt = inspected(options("127.0.0.1:0"));
    let mut cdp = Cdp::connect(&rt.inspector_endpoint().unwrap().websocket_url);
    cdp.call("Debugger.enable", json!({}));
    let worker = rt.clone();
    let t = std::thread::spawn(move || {
        worker.eval(Text::Utf8("globalThis.spin = true; let n = 0; while (globalThis.spin) n++; n > 0"))
    });
    std::thread::sleep(Duration::from_millis(100));
    cdp.call("Debugger.pause", json!({}));
    let paused = cdp.event("Debugger.paused");
    let frame = paused["callFrames"][0]["callFrameId"].clone();
    cdp.call("Debugger.evaluateOnCallFrame", json!({"callFrameId": frame, "expression": "globalThis.spin = false"}));
    cdp.call("Debugger.resume", json!({}));
    assert_eq!(t.join().unwrap().unwrap(), Value::Bool(true));
    rt.close();
}

#[test]
fn waits_for_the_debugger_before_the_first_execution() {
    let mut o = options("127.0.0.1:0");
    o.wait_for_connection = true;
    let rt = inspected(o);
    let worker = rt.clone();
    let started = Instant::now();
    let t = std::thread::spawn(move || worker.eval(Text::Utf8("1 + 1")));
    std::thread::sleep(Duration::from_millis(300));
    assert!(!t.is_finished(), "eval ran before a debugger attached");
    let mut cdp = Cdp::connect(&rt.inspector_endpoint().unwrap().websocket_url);
    cdp.call("Runtime.enable", json!({}));
    std::thread::sleep(Duration::from_millis(100));
    assert!(!t.is_finished(), "eval ran before runIfWaitingForDebugger");
    cdp.call("Runtime.runIfWaitingForDebugger", json!({}));
    assert_eq!(t.join().unwrap().unwrap(), Value::Int(2));
    assert!(started.elapsed() >= Duration::from_millis(400));
    // Only the first execution waits.
    assert_eq!(rt.eval(Text::Utf8("2 + 2")).unwrap(), Value::Int(4));
    rt.close();
}

#[test]
fn a_timeout_ends_the_wait_for_a_debugger() {
    let mut o = options("127.0.0.1:0");
    o.wait_for_connection = true;
    let rt = inspected(o);
    let r = rt.eval_timed(Text::Utf8("1"), Some(Duration::from_millis(200)));
    assert!(matches!(r, Err(Error::Timeout(_))), "{r:?}");
    rt.close();
}

#[test]
fn break_on_next_statement_pauses_the_first_execution() {
    let mut o = options("127.0.0.1:0");
    o.break_on_next_statement = true;
    let rt = inspected(o);
    let worker = rt.clone();
    let t = std::thread::spawn(move || worker.eval(Text::Utf8("var first = 1;\nfirst + 1")));
    let mut cdp = Cdp::connect(&rt.inspector_endpoint().unwrap().websocket_url);
    cdp.call("Debugger.enable", json!({}));
    cdp.call("Runtime.runIfWaitingForDebugger", json!({}));
    let paused = cdp.event("Debugger.paused");
    assert_eq!(paused["callFrames"][0]["location"]["lineNumber"], 0);
    cdp.call("Debugger.stepOver", json!({}));
    let paused = cdp.event("Debugger.paused");
    assert_eq!(paused["callFrames"][0]["location"]["lineNumber"], 1);
    cdp.call("Debugger.resume", json!({}));
    assert_eq!(t.join().unwrap().unwrap(), Value::Int(2));
    rt.close();
}

#[test]
fn one_port_serves_many_runtimes_and_close_removes_a_target() {
    let a = inspected(options("127.0.0.1:0"));
    let addr = a.inspector_endpoint().unwrap().addr;
    let b = inspected(options(&addr.to_string()));
    let (ea, eb) = (a.inspector_endpoint().unwrap(), b.inspector_endpoint().unwrap());
    assert_eq!(eb.addr, addr);
    assert_ne!(ea.id, eb.id);
    let (status, body) = get(addr, "/json/list", Some(&addr.to_string()));
    assert_eq!(status, 200);
    let list: Json = serde_json::from_str(&body).unwrap();
    let ids: Vec<_> = list.as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap().to_owned()).collect();
    assert!(ids.contains(&ea.id) && ids.contains(&eb.id), "{ids:?}");

    let mut cdp = Cdp::connect(&eb.websocket_url);
    assert_eq!(cdp.call("Runtime.evaluate", json!({"expression": "'b'"}))["result"]["value"], "b");
    b.close();
    // The session ends with a close frame.
    let ended = loop {
        match cdp.ws.read() {
            Ok(Message::Close(_)) | Err(_) => break true,
            Ok(_) => {}
        }
    };
    assert!(ended);
    let (_, body) = get(addr, "/json", Some("localhost"));
    let list: Json = serde_json::from_str(&body).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], json!(ea.id));
    a.close();
}

fn raw_request(addr: SocketAddr, request: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    // Up to the end of the headers: an upgraded or kept-alive connection stays open.
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    while !out.windows(4).any(|w| w == b"\r\n\r\n") {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn status_of(response: &str) -> u16 {
    response.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0)
}

#[test]
fn refuses_dns_rebinding_hosts() {
    let rt = inspected(options("127.0.0.1:0"));
    let e = rt.inspector_endpoint().unwrap();
    let addr = e.addr;
    for host in ["localhost", "127.0.0.1", &addr.to_string(), "[::1]:9229", "localhost:9229"] {
        let (status, body) = get(addr, "/json/version", Some(host));
        assert_eq!(status, 200, "{host}");
        let v: Json = serde_json::from_str(&body).unwrap();
        assert_eq!(v["Protocol-Version"], "1.3");
        assert!(v["V8-Version"].as_str().unwrap().starts_with("10."));
    }
    for host in ["evil.example", "evil.example:9229", "localhost.evil.example", "127.0.0.1.nip.io:80"] {
        assert_eq!(get(addr, "/json", Some(host)).0, 400, "{host}");
        assert_eq!(get(addr, &format!("/{}", e.id), Some(host)).0, 400, "{host}");
    }
    // Missing and repeated Host headers.
    assert_eq!(status_of(&raw_request(addr, "GET /json HTTP/1.0\r\n\r\n")), 400);
    let twice = "GET /json HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\nConnection: close\r\n\r\n";
    assert_eq!(status_of(&raw_request(addr, twice)), 400);
    // A WebSocket upgrade with a rebinding host never reaches the target.
    let upgrade = |host: &str, origin: Option<&str>| {
        let origin = origin.map(|o| format!("Origin: {o}\r\n")).unwrap_or_default();
        raw_request(
            addr,
            &format!(
                "GET /{} HTTP/1.1\r\nHost: {host}\r\n{origin}Connection: Upgrade\r\nUpgrade: websocket\r\n\
                 Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
                e.id
            ),
        )
    };
    assert_eq!(status_of(&upgrade("evil.example", None)), 400);
    assert_eq!(status_of(&upgrade("localhost", Some("http://evil.example"))), 403);
    let ok = upgrade("localhost", Some("devtools://devtools"));
    assert_eq!(status_of(&ok), 101, "{ok}");
    assert!(ok.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), "{ok}");
    assert_eq!(rt.eval(Text::Utf8("1")).unwrap(), Value::Int(1));
    rt.close();
}

#[test]
fn discovery_lists_what_devtools_needs() {
    let rt = inspected(options("127.0.0.1:0"));
    let e = rt.inspector_endpoint().unwrap();
    let host = e.addr.to_string();
    let (status, body) = get(e.addr, "/json", Some(&host));
    assert_eq!(status, 200);
    let list: Json = serde_json::from_str(&body).unwrap();
    let t = &list[0];
    assert_eq!(t["id"], json!(e.id));
    assert_eq!(t["type"], "node");
    assert_eq!(t["title"], "test");
    assert_eq!(t["url"], "jsrun://test");
    assert_eq!(t["description"], "jsrun");
    assert!(t["faviconUrl"].as_str().unwrap().starts_with("https://"));
    assert_eq!(t["webSocketDebuggerUrl"], json!(format!("ws://{host}/{}", e.id)));
    assert_eq!(
        t["devtoolsFrontendUrl"],
        json!(format!("devtools://devtools/bundled/js_app.html?v8only=true&ws={host}/{}", e.id))
    );
    assert_eq!(e.websocket_url, format!("ws://{host}/{}", e.id));
    // The id is a random UUID: 122 bits nobody can guess.
    assert_eq!(e.id.len(), 36);
    assert_eq!(get(e.addr, "/", Some(&host)).0, 404);
    assert_eq!(get(e.addr, "/00000000-0000-4000-8000-000000000000", Some(&host)).0, 404);
    assert_eq!(get(e.addr, &format!("/{}", e.id), Some(&host)).0, 400); // not an upgrade
    rt.close();
}

#[test]
fn sessions_per_target_are_bounded() {
    let rt = inspected(options("127.0.0.1:0"));
    let url = rt.inspector_endpoint().unwrap().websocket_url;
    let mut open: Vec<Cdp> = (0..jsrun_runtime::INSPECTOR_MAX_SESSIONS).map(|_| Cdp::connect(&url)).collect();
    for cdp in &mut open {
        assert_eq!(cdp.call("Runtime.evaluate", json!({"expression": "1"}))["result"]["value"], 1);
    }
    assert!(tungstenite::connect(&url).is_err());
    drop(open.pop());
    std::thread::sleep(Duration::from_millis(200));
    let mut again = Cdp::connect(&url);
    assert_eq!(again.call("Runtime.evaluate", json!({"expression": "2"}))["result"]["value"], 2);
    rt.close();
}

#[test]
fn scripts_have_names_and_wasm_is_debuggable() {
    let rt = inspected(options("127.0.0.1:0"));
    let mut cdp = Cdp::connect(&rt.inspector_endpoint().unwrap().websocket_url);
    cdp.call("Debugger.enable", json!({}));
    // Scripts already run (reported during enable) are jsrun's, ignore-listed.
    for e in cdp.events.drain(..).filter(|e| e["method"] == "Debugger.scriptParsed") {
        let p = &e["params"];
        assert!(p["url"].as_str().unwrap().starts_with("jsrun:"), "{p}");
        assert!(p["sourceMapURL"].as_str().unwrap().starts_with("data:application/json;base64,"), "{p}");
    }
    rt.eval(Text::Utf8("function twice(x) { return 2 * x }")).unwrap();
    let url = loop {
        // (core-js reads navigator.userAgent: that web group runs too)
        let p = cdp.event("Debugger.scriptParsed");
        if p["url"].as_str().unwrap().starts_with("jsrun://eval/") {
            break p["url"].as_str().unwrap().to_owned();
        }
    };
    assert!(url.starts_with("jsrun://eval/") && url.ends_with(".js"), "{url}");
    rt.eval(Text::Utf8("1\n//# sourceURL=mine.js")).unwrap();
    assert_eq!(cdp.event("Debugger.scriptParsed")["url"], "mine.js");
    // Internal scripts are ignore-listed through their source map.
    rt.eval(Text::Utf8("setTimeout(() => {}, 0)")).unwrap();
    let internal = loop {
        let p = cdp.event("Debugger.scriptParsed");
        if p["url"] == "jsrun:timers" {
            break p;
        }
    };
    assert!(internal["sourceMapURL"].as_str().unwrap().starts_with("data:application/json;base64,"));
    // The polyfills' script runs on first use of one of their features
    // (every engine here lacks Math.sumPrecise), ignore-listed too.
    rt.eval(Text::Utf8("Math.sumPrecise([1, 2])")).unwrap();
    let group = loop {
        let p = cdp.event("Debugger.scriptParsed");
        if p["url"].as_str().unwrap().starts_with("jsrun:polyfills") {
            break p;
        }
    };
    assert_eq!(group["url"], "jsrun:polyfills");
    assert!(group["sourceMapURL"].as_str().unwrap().starts_with("data:application/json;base64,"));

    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/add.wasm")).unwrap();
    rt.set_global(&"wasmBytes".into(), &Value::Bytes(bytes.clone())).unwrap();
    rt.eval(Text::Utf8("globalThis.add = new WebAssembly.Instance(new WebAssembly.Module(wasmBytes)).exports.add"))
        .unwrap();
    let wasm = loop {
        let p = cdp.event("Debugger.scriptParsed");
        if p["scriptLanguage"] == "WebAssembly" {
            break p;
        }
    };
    assert!(wasm["url"].as_str().unwrap().starts_with("wasm://wasm/"), "{wasm}");
    let source = cdp.call("Debugger.getScriptSource", json!({"scriptId": wasm["scriptId"]}));
    assert!(!source["bytecode"].as_str().unwrap().is_empty());
    // A breakpoint at the function body's first instruction.
    let offsets = cdp.call(
        "Debugger.getPossibleBreakpoints",
        json!({"start": {"scriptId": wasm["scriptId"], "lineNumber": 0, "columnNumber": 0}}),
    );
    let first = offsets["locations"][0]["columnNumber"].clone();
    cdp.call(
        "Debugger.setBreakpoint",
        json!({"location": {"scriptId": wasm["scriptId"], "lineNumber": 0, "columnNumber": first}}),
    );
    let worker = rt.clone();
    let t = std::thread::spawn(move || worker.eval(Text::Utf8("add(40, 2)")));
    let paused = cdp.event("Debugger.paused");
    let top = &paused["callFrames"][0];
    assert_eq!(top["location"]["scriptId"], wasm["scriptId"]);
    let scopes: Vec<_> = top["scopeChain"].as_array().unwrap().iter().map(|s| s["type"].as_str().unwrap()).collect();
    assert!(scopes.contains(&"local"), "{scopes:?}");
    let r = cdp.call("Debugger.evaluateOnCallFrame", json!({"callFrameId": top["callFrameId"], "expression": "$var0"}));
    assert_eq!(r["result"]["subtype"], "wasmvalue", "{r}");
    let props = cdp.call("Runtime.getProperties", json!({"objectId": r["result"]["objectId"], "ownProperties": true}));
    let value = props["result"].as_array().unwrap().iter().find(|p| p["name"] == "value").unwrap();
    assert_eq!(value["value"]["value"], 40, "{props}");
    cdp.call("Debugger.stepInto", json!({}));
    let stepped = cdp.event("Debugger.paused");
    assert!(stepped["callFrames"][0]["location"]["columnNumber"].as_u64() > first.as_u64());
    cdp.call("Debugger.resume", json!({}));
    assert_eq!(t.join().unwrap().unwrap(), Value::Int(42));
    rt.close();
}

#[test]
fn uncaught_errors_reach_the_console() {
    let rt = inspected(options("127.0.0.1:0"));
    let mut cdp = Cdp::connect(&rt.inspector_endpoint().unwrap().websocket_url);
    cdp.call("Runtime.enable", json!({}));
    assert!(rt.eval(Text::Utf8("null.boom")).is_err());
    let thrown = cdp.event("Runtime.exceptionThrown");
    let text = thrown["exceptionDetails"]["exception"]["description"].as_str().unwrap();
    assert!(text.contains("TypeError"), "{thrown}");
    rt.eval(Text::Utf8("console.log('hello', 42)")).unwrap();
    let called = cdp.event("Runtime.consoleAPICalled");
    assert_eq!(called["type"], "log");
    assert_eq!(called["args"][0]["value"], "hello");
    rt.close();
}

#[test]
fn terminate_releases_a_paused_call() {
    let rt = inspected(options("127.0.0.1:0"));
    let mut cdp = Cdp::connect(&rt.inspector_endpoint().unwrap().websocket_url);
    cdp.call("Debugger.enable", json!({}));
    let worker = rt.clone();
    let t = std::thread::spawn(move || worker.eval(Text::Utf8("debugger; 1")));
    cdp.event("Debugger.paused");
    rt.terminate();
    assert!(matches!(t.join().unwrap(), Err(Error::Terminated)));
    assert_eq!(rt.eval(Text::Utf8("2")).unwrap(), Value::Int(2));
    rt.close();
}

#[test]
fn oversized_headers_are_refused() {
    let rt = inspected(options("127.0.0.1:0"));
    let addr = rt.inspector_endpoint().unwrap().addr;
    let big = format!("GET /json HTTP/1.1\r\nHost: localhost\r\nX-Filler: {}\r\n\r\n", "a".repeat(64 << 10));
    let response = raw_request(addr, &big);
    assert!(response.is_empty() || status_of(&response) == 431, "{response}");
    assert_eq!(get(addr, "/json", Some("localhost")).0, 200);
    rt.close();
}

/// `Network.loadNetworkResource` then `IO.read` until eof: the bytes, or the CDP error.
fn load_resource(cdp: &mut Cdp, url: &str) -> Result<Vec<u8>, String> {
    use base64::Engine as _;
    let id = cdp.send(
        "Network.loadNetworkResource",
        json!({"url": url, "options": {"disableCache": false, "includeCredentials": false}}),
    );
    let reply = loop {
        let m = cdp.read();
        if m["id"] == id {
            break m;
        }
    };
    if let Some(error) = reply.get("error") {
        return Err(error["message"].as_str().unwrap().to_owned());
    }
    let handle = reply["result"]["resource"]["stream"].as_str().unwrap().to_owned();
    let mut bytes = Vec::new();
    loop {
        let chunk = cdp.call("IO.read", json!({"handle": handle, "size": 3}));
        let data = chunk["data"].as_str().unwrap();
        if chunk["base64Encoded"] == true {
            bytes.extend(base64::engine::general_purpose::STANDARD.decode(data).unwrap());
        } else {
            bytes.extend(data.as_bytes());
        }
        if chunk["eof"] == true {
            break;
        }
    }
    cdp.call("IO.close", json!({"handle": handle}));
    Ok(bytes)
}

#[test]
fn resources_load_only_from_allowed_places() {
    let dir = std::env::temp_dir().join(format!("jsrun-resources-{}", std::process::id()));
    let root = dir.join("root");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::fs::write(root.join("sub/add.c"), "int add(int a, int b) { return a + b; }\n").unwrap();
    std::fs::write(dir.join("secret.txt"), "secret").unwrap();
    let _ = std::os::unix::fs::symlink(dir.join("secret.txt"), root.join("link.txt"));
    let loader: std::sync::Arc<jsrun_runtime::ResourceLoader> =
        std::sync::Arc::new(
            |url: &str| {
                if url == "https://example.test/mine.map" {
                    Ok(Some(b"{}".to_vec()))
                } else {
                    Ok(None)
                }
            },
        );
    let mut opts = options("127.0.0.1:0");
    opts.resources = jsrun_runtime::Resources::new(&[root.clone()], Some(loader)).unwrap();
    let rt = inspected(opts);
    let mut cdp = Cdp::connect(&rt.inspector_endpoint().unwrap().websocket_url);
    let file_url = |p: &std::path::Path| url::Url::from_file_path(p).unwrap().to_string();
    assert_eq!(
        load_resource(&mut cdp, &file_url(&root.join("sub/add.c"))).unwrap(),
        b"int add(int a, int b) { return a + b; }\n"
    );
    assert_eq!(load_resource(&mut cdp, "data:application/json;base64,eyJhIjoxfQ==").unwrap(), br#"{"a":1}"#);
    assert_eq!(load_resource(&mut cdp, "https://example.test/mine.map").unwrap(), b"{}");
    // Escapes: a file beside the root, `..`, a symlink out, percent-encoded dots, not file URLs.
    let escapes = [
        file_url(&dir.join("secret.txt")),
        format!("{}/sub/../../secret.txt", file_url(&root)),
        file_url(&root.join("link.txt")),
        format!("{}/sub/%2e%2e/%2e%2e/secret.txt", file_url(&root)),
        "/etc/passwd".to_owned(),
        "file:///etc/passwd".to_owned(),
        "https://example.test/other.map".to_owned(),
    ];
    for url in escapes {
        assert!(load_resource(&mut cdp, &url).is_err(), "{url} was served");
    }
    assert!(load_resource(&mut cdp, "file:///etc/passwd").unwrap_err().contains("not served"));
    // V8 still answers the rest.
    assert_eq!(cdp.call("Runtime.evaluate", json!({"expression": "6 * 7"}))["result"]["value"], 42);
    rt.close();
    std::fs::remove_dir_all(&dir).unwrap();
}
