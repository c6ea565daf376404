//! The transport on its own, against a fake target that echoes messages.
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jsrun_inspector::{register, Outbound, Target, TargetInfo};
use tungstenite::Message;

#[derive(Default)]
struct Echo {
    sessions: Mutex<Vec<(u64, Outbound)>>,
    log: Mutex<Vec<String>>,
}

impl Target for Echo {
    fn connect(&self, outbound: Outbound) -> u64 {
        let mut sessions = self.sessions.lock().unwrap();
        let id = sessions.len() as u64 + 1;
        sessions.push((id, outbound));
        self.log.lock().unwrap().push(format!("connect {id}"));
        id
    }
    fn dispatch(&self, session: u64, message: String) {
        self.log.lock().unwrap().push(format!("dispatch {} bytes", message.len()));
        let sessions = self.sessions.lock().unwrap();
        let (_, out) = sessions.iter().find(|(id, _)| *id == session).unwrap();
        out.send(format!("echo {message}"));
    }
    fn disconnect(&self, session: u64) {
        self.log.lock().unwrap().push(format!("disconnect {session}"));
    }
}

fn info() -> TargetInfo {
    TargetInfo { title: "fake".into(), url: "fake://".into(), description: "d".into(), favicon_url: String::new() }
}

#[test]
fn relays_both_ways_and_reports_disconnects() {
    let echo = Arc::new(Echo::default());
    let reg = register("127.0.0.1:0".parse().unwrap(), info(), echo.clone()).unwrap();
    let (mut ws, _) = tungstenite::connect(reg.websocket_url()).unwrap();
    ws.send(Message::text("héllo")).unwrap();
    assert_eq!(ws.read().unwrap(), Message::text("echo héllo"));
    assert_eq!(reg.session_count(), 1);
    ws.close(None).unwrap();
    let _ = ws.read();
    assert_eq!(log_reaches(&echo, 3), ["connect 1", "dispatch 6 bytes", "disconnect 1"]);
}

/// Waits (a hang bound) until the target's log has `n` entries.
fn log_reaches(echo: &Echo, n: usize) -> Vec<String> {
    for _ in 0..1000 {
        if echo.log.lock().unwrap().len() >= n {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    echo.log.lock().unwrap().clone()
}

#[test]
fn oversized_messages_end_the_session() {
    let echo = Arc::new(Echo::default());
    let reg = register("127.0.0.1:0".parse().unwrap(), info(), echo.clone()).unwrap();
    let (mut ws, _) = tungstenite::connect(reg.websocket_url()).unwrap();
    let big = "x".repeat(jsrun_inspector::limits::MAX_MESSAGE_BYTES + 1);
    let _ = ws.send(Message::text(big));
    // The server ends the session (no reply comes back), and the target
    // never sees the message.
    loop {
        match ws.read() {
            Ok(Message::Close(_)) | Err(_) => break,
            Ok(m) => panic!("unexpected {m:?}"),
        }
    }
    assert_eq!(log_reaches(&echo, 2), ["connect 1", "disconnect 1"]);
}

#[test]
fn the_port_is_released_when_the_last_target_goes() {
    let reg = register("127.0.0.1:0".parse().unwrap(), info(), Arc::new(Echo::default())).unwrap();
    let addr = reg.addr();
    drop(reg);
    let mut freed = false;
    for _ in 0..100 {
        if std::net::TcpListener::bind(addr).is_ok() {
            freed = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(freed, "{addr} still in use");
}
