//! HTTP: the discovery endpoints and the WebSocket upgrade.
use std::convert::Infallible;
use std::sync::Arc;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::json;

use crate::guard::{host_allowed, origin_allowed};
use crate::limits::{MAX_HEADER_BYTES, MAX_SESSIONS_PER_TARGET};
use crate::server::{lock, Core, TargetEntry};

type Body = Full<Bytes>;

/// The protocol version V8 10.2 speaks.
const PROTOCOL_VERSION: &str = "1.3";

pub(crate) fn frontend_url(host: &str, id: &str) -> String {
    // No `experiments=true`: recent Chromium refuses such a fresh devtools:// URL.
    format!("devtools://devtools/bundled/js_app.html?v8only=true&ws={host}/{id}")
}

pub(crate) async fn serve(stream: tokio::net::TcpStream, core: Arc<Core>) {
    let mut stopping = core.stopping.clone();
    let service_core = core.clone();
    let service = hyper::service::service_fn(move |req| {
        let core = service_core.clone();
        async move { Ok::<_, Infallible>(route(req, core)) }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .max_buf_size(MAX_HEADER_BYTES)
        .serve_connection(TokioIo::new(stream), service)
        .with_upgrades();
    tokio::select! {
        _ = conn => {}
        _ = crate::server::stopped(&mut stopping) => {}
    }
}

fn text(status: StatusCode, message: &str) -> Response<Body> {
    let mut response = Response::new(Full::new(Bytes::from(format!("{message}\n"))));
    *response.status_mut() = status;
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    response
}

fn json_response(value: serde_json::Value) -> Response<Body> {
    let mut response = Response::new(Full::new(Bytes::from(value.to_string())));
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=UTF-8"));
    response
}

/// The one `Host` header, if the request has exactly one and it is allowed.
fn checked_host(req: &Request<Incoming>) -> Option<String> {
    let mut hosts = req.headers().get_all(header::HOST).iter();
    let host = hosts.next()?.to_str().ok()?;
    if hosts.next().is_some() || !host_allowed(host) {
        return None;
    }
    Some(host.to_owned())
}

fn route(req: Request<Incoming>, core: Arc<Core>) -> Response<Body> {
    let Some(host) = checked_host(&req) else {
        return text(StatusCode::BAD_REQUEST, "Host header is not allowed: use localhost or an IP address");
    };
    if req.method() != Method::GET {
        return text(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed");
    }
    let path = req.uri().path().trim_end_matches('/');
    match path {
        "/json" | "/json/list" => json_response(list(&core, &host)),
        "/json/version" => json_response(json!({
            "Browser": format!("jsrun/{}", env!("CARGO_PKG_VERSION")),
            "Protocol-Version": PROTOCOL_VERSION,
            "V8-Version": crate::server::v8_version(),
        })),
        _ => match core.target(path.trim_start_matches('/')) {
            Some(entry) if is_upgrade(&req) => upgrade(req, entry, &core),
            Some(_) => text(StatusCode::BAD_REQUEST, "WebSocket upgrade expected"),
            None => text(StatusCode::NOT_FOUND, "Not found"),
        },
    }
}

fn list(core: &Core, host: &str) -> serde_json::Value {
    let targets = lock(&core.targets);
    let items: Vec<_> = targets
        .iter()
        .map(|t| {
            json!({
                "description": t.info.description,
                "devtoolsFrontendUrl": frontend_url(host, &t.id),
                "devtoolsFrontendUrlCompat":
                    format!("devtools://devtools/bundled/inspector.html?v8only=true&ws={host}/{}", t.id),
                "faviconUrl": t.info.favicon_url,
                "id": t.id,
                "title": t.info.title,
                "type": "node",
                "url": t.info.url,
                "webSocketDebuggerUrl": format!("ws://{host}/{}", t.id),
            })
        })
        .collect();
    serde_json::Value::Array(items)
}

fn is_upgrade(req: &Request<Incoming>) -> bool {
    let has = |name, token: &str| {
        req.headers()
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.split(',').any(|part| part.trim().eq_ignore_ascii_case(token)))
    };
    has(header::CONNECTION, "upgrade") && has(header::UPGRADE, "websocket")
}

fn upgrade(mut req: Request<Incoming>, entry: Arc<TargetEntry>, core: &Core) -> Response<Body> {
    let origin = req.headers().get(header::ORIGIN).map(|o| o.to_str().unwrap_or("?"));
    if !origin_allowed(origin) {
        return text(StatusCode::FORBIDDEN, "WebSocket connections from web pages are not allowed");
    }
    let version_ok = req.headers().get(header::SEC_WEBSOCKET_VERSION).is_some_and(|v| v.as_bytes() == b"13");
    let Some(key) = req.headers().get(header::SEC_WEBSOCKET_KEY).filter(|_| version_ok) else {
        return text(StatusCode::BAD_REQUEST, "Bad WebSocket handshake");
    };
    if lock(&entry.sessions).len() >= MAX_SESSIONS_PER_TARGET {
        return text(StatusCode::SERVICE_UNAVAILABLE, "Too many sessions for this target");
    }
    let accept = tokio_tungstenite::tungstenite::handshake::derive_accept_key(key.as_bytes());
    let upgrading = hyper::upgrade::on(&mut req);
    let stopping = core.stopping.clone();
    tokio::spawn(async move {
        if let Ok(upgraded) = upgrading.await {
            crate::session::run(TokioIo::new(upgraded), entry, stopping).await;
        }
    });
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let headers = response.headers_mut();
    headers.insert(header::CONNECTION, HeaderValue::from_static("Upgrade"));
    headers.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
    if let Ok(value) = HeaderValue::from_str(&accept) {
        headers.insert(header::SEC_WEBSOCKET_ACCEPT, value);
    }
    response
}
