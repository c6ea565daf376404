//! The Chrome DevTools Protocol server for jsrun: discovery over HTTP
//! (`/json`, `/json/list`, `/json/version`) and one WebSocket per session.
//!
//! It knows neither PyO3 nor V8. A debuggable runtime registers itself as a
//! [`Target`]; every runtime asking for the same address shares one server
//! (one port, many targets). The server runs on one tokio thread, started
//! with the first registration, and never touches a runtime's isolate: it
//! hands messages over through the trait and the runtime answers through
//! [`Outbound`].
mod guard;
pub mod limits;
mod routes;
mod server;
mod session;

use tokio::sync::mpsc;

pub use guard::{host_allowed, origin_allowed};
pub use server::{register, set_v8_version, Registration};

/// One debuggable runtime, as the server sees it. Calls come from the
/// server's thread and must not block.
pub trait Target: Send + Sync + 'static {
    /// A client attached: messages for it go to `outbound`. Returns the
    /// session's id, used in the calls below.
    fn connect(&self, outbound: Outbound) -> u64;
    /// One CDP message (JSON text) from the client of `session`.
    fn dispatch(&self, session: u64, message: String);
    /// The client of `session` went away; nothing more will come from it.
    fn disconnect(&self, session: u64);
}

/// What `/json` says about a target.
#[derive(Debug, Clone)]
pub struct TargetInfo {
    pub title: String,
    pub url: String,
    pub description: String,
    pub favicon_url: String,
}

pub(crate) enum Frame {
    Text(String),
    Close,
}

/// Where a target sends messages for one session (any thread).
#[derive(Clone)]
pub struct Outbound(mpsc::UnboundedSender<Frame>);

impl Outbound {
    /// False once the session has ended.
    pub fn send(&self, message: String) -> bool {
        self.0.send(Frame::Text(message)).is_ok()
    }

    /// Ends the session from the target's side.
    pub fn close(&self) {
        let _ = self.0.send(Frame::Close);
    }
}
