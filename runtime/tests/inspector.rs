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
