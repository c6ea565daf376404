//! Servers by address, their targets, and the thread they run on.
use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, Weak};

use tokio::sync::watch;

use crate::{Outbound, Target, TargetInfo};

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub(crate) struct TargetEntry {
    pub(crate) id: String,
    pub(crate) info: TargetInfo,
    pub(crate) target: Arc<dyn Target>,
    /// Open sessions, so removing the target can end them.
    pub(crate) sessions: Mutex<HashMap<u64, Outbound>>,
    /// Set when its registration goes (a session attaching late ends at once).
    pub(crate) removed: AtomicBool,
}

/// What connection tasks share.
pub(crate) struct Core {
    pub(crate) addr: SocketAddr,
    pub(crate) targets: Mutex<Vec<Arc<TargetEntry>>>,
    pub(crate) connections: AtomicUsize,
    /// Becomes true when the last registration goes: every task ends.
    pub(crate) stopping: watch::Receiver<bool>,
}

impl Core {
    pub(crate) fn target(&self, id: &str) -> Option<Arc<TargetEntry>> {
        lock(&self.targets).iter().find(|t| t.id == id).cloned()
    }
}

struct Server {
    core: Arc<Core>,
    stop: watch::Sender<bool>,
    /// Disconnects once the accept task has dropped the listener.
    closed: Mutex<std::sync::mpsc::Receiver<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        // Wait until the port is closed, so whoever closed the last runtime
        // sees connections refused. Never on the server's own thread.
        if tokio::runtime::Handle::try_current().is_err() {
            let _ = lock(&self.closed).recv_timeout(std::time::Duration::from_secs(5));
        }
    }
}

/// A target on a server; dropping it removes the target and ends its sessions.
pub struct Registration {
    server: Arc<Server>,
    entry: Arc<TargetEntry>,
}

impl Registration {
    /// The target's id: the unguessable part of its WebSocket URL.
    pub fn id(&self) -> &str {
        &self.entry.id
    }

    /// The address the server listens on (with the real port when 0 was asked).
    pub fn addr(&self) -> SocketAddr {
        self.server.core.addr
    }

    pub fn info(&self) -> &TargetInfo {
        &self.entry.info
    }

    /// `ws://HOST:PORT/ID`.
    pub fn websocket_url(&self) -> String {
        format!("ws://{}/{}", self.addr(), self.id())
    }

    /// The URL to open in Chrome for this target.
    pub fn devtools_frontend_url(&self) -> String {
        crate::routes::frontend_url(&self.addr().to_string(), self.id())
    }

    /// Sessions attached now.
    pub fn session_count(&self) -> usize {
        lock(&self.entry.sessions).len()
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        lock(&self.server.core.targets).retain(|t| !Arc::ptr_eq(t, &self.entry));
        self.entry.removed.store(true, Ordering::Release);
        for (_, outbound) in lock(&self.entry.sessions).drain() {
            outbound.close();
        }
    }
}

/// The servers of this process by address; a server lives while a
/// registration holds it.
fn servers() -> &'static Mutex<HashMap<SocketAddr, Weak<Server>>> {
    static SERVERS: OnceLock<Mutex<HashMap<SocketAddr, Weak<Server>>>> = OnceLock::new();
    SERVERS.get_or_init(Mutex::default)
}

/// The inspector's tokio runtime, on a thread started on first use.
fn handle() -> io::Result<tokio::runtime::Handle> {
    static HANDLE: OnceLock<tokio::runtime::Handle> = OnceLock::new();
    if let Some(h) = HANDLE.get() {
        return Ok(h.clone());
    }
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let handle = runtime.handle().clone();
    let mut started = false;
    let h = HANDLE.get_or_init(|| {
        started = true;
        handle.clone()
    });
    if started {
        std::thread::Builder::new()
            .name("jsrun-inspector".into())
            .spawn(move || runtime.block_on(std::future::pending::<()>()))?;
    }
    Ok(h.clone())
}

/// Adds `target` to the server on `addr`, starting one if none listens there
/// in this process. Port 0 always starts a new server on a free port.
pub fn register(addr: SocketAddr, info: TargetInfo, target: Arc<dyn Target>) -> io::Result<Registration> {
    let server = server_for(addr)?;
    let entry = Arc::new(TargetEntry {
        id: uuid::Uuid::new_v4().to_string(),
        info,
        target,
        sessions: Mutex::default(),
        removed: AtomicBool::new(false),
    });
    lock(&server.core.targets).push(entry.clone());
    Ok(Registration { server, entry })
}

fn server_for(addr: SocketAddr) -> io::Result<Arc<Server>> {
    let mut servers = lock(servers());
    servers.retain(|_, s| s.strong_count() > 0);
    if addr.port() != 0 {
        if let Some(server) = servers.get(&addr).and_then(Weak::upgrade) {
            return Ok(server);
        }
    }
    let handle = handle()?;
    let listener = std::net::TcpListener::bind(addr)?;
    listener.set_nonblocking(true)?;
    let bound = listener.local_addr()?;
    let (stop, stopping) = watch::channel(false);
    let core = Arc::new(Core { addr: bound, targets: Mutex::default(), connections: AtomicUsize::new(0), stopping });
    let listener = {
        let _enter = handle.enter();
        tokio::net::TcpListener::from_std(listener)?
    };
    let (closed_tx, closed) = std::sync::mpsc::channel::<()>();
    handle.spawn(accept(listener, core.clone(), closed_tx));
    let server = Arc::new(Server { core, stop, closed: Mutex::new(closed) });
    servers.insert(bound, Arc::downgrade(&server));
    Ok(server)
}

/// Accepts until stopped, then closes the port and tells `closed`.
async fn accept(listener: tokio::net::TcpListener, core: Arc<Core>, closed: std::sync::mpsc::Sender<()>) {
    let mut stopping = core.stopping.clone();
    loop {
        tokio::select! {
            biased; // a stop wins over a connection that arrived at the same time
            _ = crate::server::stopped(&mut stopping) => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                if core.connections.fetch_add(1, Ordering::AcqRel) >= crate::limits::MAX_CONNECTIONS {
                    core.connections.fetch_sub(1, Ordering::AcqRel);
                    continue; // dropping the stream closes it
                }
                let core = core.clone();
                tokio::spawn(async move {
                    crate::routes::serve(stream, core.clone()).await;
                    core.connections.fetch_sub(1, Ordering::AcqRel);
                });
            }
        }
    }
    drop(listener);
    drop(closed);
}

static V8_VERSION: OnceLock<String> = OnceLock::new();

/// The engine version `/json/version` reports (set once by the embedder).
pub fn set_v8_version(version: &str) {
    let _ = V8_VERSION.set(version.to_owned());
}

pub(crate) fn v8_version() -> &'static str {
    V8_VERSION.get().map_or("", String::as_str)
}

/// Resolves once the server stops (holding no lock across awaits).
pub(crate) async fn stopped(stopping: &mut watch::Receiver<bool>) {
    let _ = stopping.wait_for(|stop| *stop).await;
}
