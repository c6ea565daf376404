//! Bounds on what one client can make the server hold.

/// Largest CDP message accepted from a client (DevTools sends small ones;
/// `Runtime.evaluate` of a pasted script is the big case).
pub const MAX_MESSAGE_BYTES: usize = 16 << 20;
/// Request line plus headers.
pub const MAX_HEADER_BYTES: usize = 16 << 10;
/// Open TCP connections per server; more are closed on accept.
pub const MAX_CONNECTIONS: usize = 64;
/// WebSocket sessions attached to one target at once.
pub const MAX_SESSIONS_PER_TARGET: usize = 8;
