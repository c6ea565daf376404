//! The DevTools inspector. With the `inspector` feature (on in the wheel) a
//! runtime can serve itself to DevTools through `jsrun-inspector`'s server
//! (`hub.rs`); without it the same names exist, no runtime can ask for an
//! inspector, and neither tokio nor hyper is linked (`off.rs`).
use base64::Engine as _;
use std::net::SocketAddr;

use crate::state::RuntimeState;
use crate::value::Text;

#[cfg(feature = "inspector")]
mod hub;
#[cfg(feature = "inspector")]
mod io;
mod resources;
pub use resources::{Loader, Resources};
#[cfg(not(feature = "inspector"))]
mod off;
#[cfg(feature = "inspector")]
pub(crate) use hub::Hub;
#[cfg(not(feature = "inspector"))]
pub(crate) use off::Hub;

/// Most DevTools clients one runtime serves at once.
#[cfg(feature = "inspector")]
pub const MAX_SESSIONS: usize = jsrun_inspector::limits::MAX_SESSIONS_PER_TARGET;
#[cfg(not(feature = "inspector"))]
pub const MAX_SESSIONS: usize = 0;

/// How a runtime exposes itself to DevTools.
#[derive(Debug, Clone)]
pub struct InspectorOptions {
    /// Where the server listens (port 0: a free port). Runtimes asking for
    /// the same address share one server.
    pub addr: SocketAddr,
    /// The first execution waits until a client sends `Runtime.runIfWaitingForDebugger`.
    pub wait_for_connection: bool,
    /// The first execution also pauses on its first statement.
    pub break_on_next_statement: bool,
    pub title: String,
    pub url: String,
    /// What DevTools may load through the inspector (source maps, sources).
    pub resources: Resources,
}

/// Where DevTools finds a runtime.
#[derive(Debug, Clone)]
pub struct InspectorEndpoint {
    pub id: String,
    pub addr: SocketAddr,
    pub websocket_url: String,
    pub devtools_frontend_url: String,
    pub title: String,
    pub url: String,
    pub description: String,
    pub favicon_url: String,
}

/// A readable name for an eval'd script, stable for the same text, so
/// DevTools can keep its breakpoints when the same code runs again.
pub(crate) fn eval_url(source: &Text<'_>) -> String {
    // FNV-1a: cheap and good enough to tell snippets apart.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |unit: u16| {
        for byte in unit.to_le_bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    match source {
        Text::Utf8(s) => s.encode_utf16().for_each(&mut eat),
        Text::Utf16(u) => u.iter().copied().for_each(&mut eat),
    }
    format!("jsrun://eval/{:08x}.js", hash >> 32)
}

/// jsrun's own script `source`, ignore-listed for DevTools when an inspector
/// is on (see `ignore_listed`).
pub(crate) fn internal_source(
    shared: &RuntimeState,
    source: &'static str,
    name: &str,
) -> std::borrow::Cow<'static, str> {
    if shared.inspector.is_none() {
        return source.into();
    }
    ignore_listed(source, name).into()
}

/// `source` with an identity source map that marks its one source, `name`,
/// as ignorable: DevTools' stepping and stack views skip it.
pub(crate) fn ignore_listed(source: &str, name: &str) -> String {
    let lines = source.lines().count().max(1);
    let mappings = std::iter::once("AAAA").chain(std::iter::repeat_n("AACA", lines - 1)).collect::<Vec<_>>().join(";");
    let map = serde_json::json!({
        "version": 3,
        "sources": [name],
        "names": [],
        "mappings": mappings,
        "ignoreList": [0],
        "x_google_ignoreList": [0],
    })
    .to_string();
    format!(
        "{source}\n//# sourceMappingURL=data:application/json;base64,{}\n",
        base64::engine::general_purpose::STANDARD.encode(map)
    )
}
