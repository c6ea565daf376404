//! The Chrome DevTools Protocol server (discovery over HTTP, sessions over
//! WebSocket). It knows neither PyO3 nor V8: a runtime plugs in through
//! [`SessionDelegate`], so the transport can be tested against a fake.
//!
//! Only the boundary exists so far; the server itself is the inspector issue's work.

/// What the server needs from one debuggable runtime.
pub trait SessionDelegate: Send + Sync {
    /// Hands one CDP message from the client to the runtime's session.
    fn dispatch(&self, session_id: u64, message: String);
}
