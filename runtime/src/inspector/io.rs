//! The CDP methods jsrun answers itself, on the server's thread, instead of
//! V8: `Network.loadNetworkResource` (what DevTools uses to fetch a source
//! map and the sources it names, from the places `Resources` allows) and
//! the `IO.read`/`IO.close` of the stream it returns.
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use base64::Engine as _;
use serde_json::{json, Value as Json};

use super::Resources;
use crate::state::lock;

/// Bytes DevTools gets per `IO.read` unless it asks for fewer.
const CHUNK: usize = 1024 * 1024;

/// Loaded resources waiting to be read, by stream handle.
#[derive(Default)]
pub(crate) struct Streams {
    open: Mutex<HashMap<String, (Vec<u8>, usize)>>,
    next: AtomicU64,
}

/// True if `message` is one of ours (cheap: every other message goes to V8 unparsed).
pub(crate) fn answer_later(message: &str) -> bool {
    (message.contains("\"Network.loadNetworkResource\"") || message.contains("\"IO."))
        && serde_json::from_str::<Json>(message)
            .ok()
            .as_ref()
            .and_then(|m| m.get("method")?.as_str())
            .is_some_and(|m| matches!(m, "Network.loadNetworkResource" | "IO.read" | "IO.close"))
}

/// The reply to `message` if it is one of ours (None: V8's).
pub(crate) fn answer(message: &str, resources: &Resources, streams: &Streams) -> Option<String> {
    let request: Json = serde_json::from_str(message).ok()?;
    let id = request.get("id")?.clone();
    let params = request.get("params").cloned().unwrap_or(Json::Null);
    let outcome = match request.get("method")?.as_str()? {
        "Network.loadNetworkResource" => load(&params, resources, streams),
        "IO.read" => read(&params, streams),
        "IO.close" => close(&params, streams),
        _ => return None,
    };
    Some(
        match outcome {
            Ok(result) => json!({"id": id, "result": result}),
            Err(message) => json!({"id": id, "error": {"code": -32000, "message": message}}),
        }
        .to_string(),
    )
}

fn load(params: &Json, resources: &Resources, streams: &Streams) -> Result<Json, String> {
    let url = params.get("url").and_then(Json::as_str).ok_or("Network.loadNetworkResource needs a url")?;
    let bytes = resources.load(url)?;
    let handle = format!("jsrun-io-{}", streams.next.fetch_add(1, Ordering::Relaxed));
    lock(&streams.open).insert(handle.clone(), (bytes, 0));
    Ok(json!({"resource": {"success": true, "httpStatusCode": 200, "stream": handle}}))
}

fn read(params: &Json, streams: &Streams) -> Result<Json, String> {
    let handle = params.get("handle").and_then(Json::as_str).ok_or("IO.read needs a handle")?;
    let size = params.get("size").and_then(Json::as_u64).map_or(CHUNK, |n| (n as usize).clamp(1, CHUNK));
    let mut open = lock(&streams.open);
    let (bytes, at) = open.get_mut(handle).ok_or_else(|| format!("no stream {handle}"))?;
    if let Some(offset) = params.get("offset").and_then(Json::as_u64) {
        *at = (offset as usize).min(bytes.len());
    }
    // As Chrome's: eof only on a read past the end (DevTools drops the data
    // of a read that says eof).
    let eof = *at >= bytes.len();
    let mut end = at.saturating_add(size).min(bytes.len());
    // Text goes as text (what DevTools expects of a source map), cut between
    // characters; anything else as base64.
    let text = std::str::from_utf8(bytes).ok();
    if let Some(text) = text {
        while end < bytes.len() && !text.is_char_boundary(end) {
            end += 1;
        }
    }
    let chunk = bytes.get(*at..end).unwrap_or_default();
    *at = end;
    let (data, base64_encoded) = match text.and_then(|_| std::str::from_utf8(chunk).ok()) {
        Some(chunk) => (chunk.to_owned(), false),
        None => (base64::engine::general_purpose::STANDARD.encode(chunk), true),
    };
    Ok(json!({"data": data, "base64Encoded": base64_encoded, "eof": eof}))
}

fn close(params: &Json, streams: &Streams) -> Result<Json, String> {
    let handle = params.get("handle").and_then(Json::as_str).ok_or("IO.close needs a handle")?;
    lock(&streams.open).remove(handle).map(|_| json!({})).ok_or_else(|| format!("no stream {handle}"))
}
