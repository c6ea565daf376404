//! `InspectorConfig` and `InspectorEndpoints`: the DevTools options of a
//! runtime and where DevTools finds it.
use std::net::{IpAddr, SocketAddr};

use jsrun_runtime::{InspectorEndpoint, InspectorOptions};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// Serve a :class:`Runtime` to Chrome DevTools (pass as ``RuntimeConfig(inspector=...)``).
///
/// ``host`` must be an IP address (default ``127.0.0.1``; anything but a
/// loopback address is logged as a warning). ``port=0`` picks a free port;
/// runtimes given the same host and port share one server, each as its own
/// target. ``wait_for_connection`` makes the first execution wait until a
/// debugger attaches and sends ``Runtime.runIfWaitingForDebugger`` (DevTools
/// does so itself); ``break_on_next_statement`` also pauses on its first
/// statement. ``target_url`` and ``display_name`` are what ``/json`` shows.
/// ``source_roots`` (directories) and ``resource_loader`` (``url -> bytes |
/// str | None``, called on a thread of its own) say what DevTools may load
/// through the inspector, such as source maps and the sources they name:
/// files under a root, ``data:`` URLs, and what the loader answers; anything
/// else gets a CDP error.
#[pyclass(module = "jsrun._jsrun", name = "InspectorConfig")]
#[derive(Clone)]
pub struct InspectorConfig {
    #[pyo3(get)]
    pub host: String,
    #[pyo3(get)]
    pub port: u16,
    #[pyo3(get, set)]
    pub wait_for_connection: bool,
    #[pyo3(get, set)]
    pub break_on_next_statement: bool,
    #[pyo3(get, set)]
    pub target_url: Option<String>,
    #[pyo3(get, set)]
    pub display_name: Option<String>,
    #[pyo3(get)]
    pub source_roots: Vec<std::path::PathBuf>,
    loader: Option<std::sync::Arc<Py<PyAny>>>,
    ip: IpAddr,
}

#[pymethods]
impl InspectorConfig {
    #[new]
    #[pyo3(signature = (
        host = "127.0.0.1",
        port = 9229,
        *,
        wait_for_connection = false,
        break_on_next_statement = false,
        target_url = None,
        display_name = None,
        source_roots = Vec::new(),
        resource_loader = None,
    ))]
    #[allow(clippy::too_many_arguments)] // the Python signature
    fn new(
        py: Python<'_>,
        host: &str,
        port: u16,
        wait_for_connection: bool,
        break_on_next_statement: bool,
        target_url: Option<String>,
        display_name: Option<String>,
        source_roots: Vec<std::path::PathBuf>,
        resource_loader: Option<Py<PyAny>>,
    ) -> PyResult<Self> {
        if let Some(loader) = &resource_loader {
            if !loader.bind(py).is_callable() {
                return Err(pyo3::exceptions::PyTypeError::new_err("resource_loader must be callable"));
            }
        }
        jsrun_runtime::Resources::new(&source_roots, None).map_err(PyValueError::new_err)?;
        let bare = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
        let ip: IpAddr = bare.parse().map_err(|_| {
            PyValueError::new_err(format!("Invalid inspector address {host:?}: use an IP address such as 127.0.0.1"))
        })?;
        Ok(InspectorConfig {
            host: ip.to_string(),
            port,
            wait_for_connection,
            break_on_next_statement,
            target_url,
            display_name,
            source_roots,
            loader: resource_loader.map(std::sync::Arc::new),
            ip,
        })
    }

    #[getter]
    fn resource_loader(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        self.loader.as_ref().map(|f| f.clone_ref(py))
    }

    /// ``"host:port"`` (IPv6 hosts in brackets).
    fn endpoint(&self) -> String {
        SocketAddr::new(self.ip, self.port).to_string()
    }

    fn __repr__(&self) -> String {
        let opt = |s: &Option<String>| s.as_ref().map_or("None".to_owned(), |s| format!("{s:?}"));
        format!(
            "InspectorConfig(host={:?}, port={}, wait_for_connection={}, break_on_next_statement={}, \
             target_url={}, display_name={})",
            self.host,
            self.port,
            py_bool(self.wait_for_connection),
            py_bool(self.break_on_next_statement),
            opt(&self.target_url),
            opt(&self.display_name)
        )
    }
}

fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

impl InspectorConfig {
    pub(crate) fn options(&self, py: Python<'_>) -> PyResult<InspectorOptions> {
        let title = match &self.display_name {
            Some(name) => name.clone(),
            None => {
                let thread: String =
                    py.import("threading")?.call_method0("current_thread")?.getattr("name")?.extract()?;
                format!("jsrun - {thread} [pid: {}]", std::process::id())
            }
        };
        Ok(InspectorOptions {
            addr: SocketAddr::new(self.ip, self.port),
            wait_for_connection: self.wait_for_connection,
            break_on_next_statement: self.break_on_next_statement,
            title,
            url: self.target_url.clone().unwrap_or_else(|| "jsrun://runtime".into()),
            resources: self.resources(py)?,
        })
    }

    /// What DevTools may load (see the class docs).
    fn resources(&self, py: Python<'_>) -> PyResult<jsrun_runtime::Resources> {
        let loader = self.loader.as_ref().map(|f| {
            let f = f.clone_ref(py);
            let load: std::sync::Arc<jsrun_runtime::ResourceLoader> = std::sync::Arc::new(move |url: &str| {
                Python::attach(|py| {
                    let answer = f.bind(py).call1((url,)).map_err(|e| e.to_string())?;
                    if answer.is_none() {
                        Ok(None)
                    } else if let Ok(text) = answer.extract::<String>() {
                        Ok(Some(text.into_bytes()))
                    } else {
                        answer.extract::<Vec<u8>>().map(Some).map_err(|_| {
                            format!("resource_loader returned {}, not bytes, str or None", answer.get_type())
                        })
                    }
                })
            });
            load
        });
        jsrun_runtime::Resources::new(&self.source_roots, loader).map_err(PyValueError::new_err)
    }

    pub(crate) fn is_loopback(&self) -> bool {
        self.ip.is_loopback()
    }
}

/// Where DevTools finds a runtime (from :meth:`Runtime.inspector_endpoints`).
#[pyclass(module = "jsrun._jsrun", name = "InspectorEndpoints", frozen)]
pub struct InspectorEndpoints {
    /// The target's id: a random UUID, the unguessable part of the WebSocket URL.
    #[pyo3(get)]
    pub id: String,
    /// ``ws://host:port/id``: what CDP clients connect to.
    #[pyo3(get)]
    pub websocket_url: String,
    /// The ``devtools://`` URL to open in Chrome.
    #[pyo3(get)]
    pub devtools_frontend_url: String,
    #[pyo3(get)]
    pub title: String,
    #[pyo3(get)]
    pub description: String,
    #[pyo3(get)]
    pub target_url: String,
    #[pyo3(get)]
    pub favicon_url: String,
    /// ``"host:port"`` the server listens on (the real port when 0 was asked).
    #[pyo3(get)]
    pub host: String,
    /// The port the server listens on.
    #[pyo3(get)]
    pub port: u16,
}

#[pymethods]
impl InspectorEndpoints {
    fn __repr__(&self) -> String {
        format!(
            "InspectorEndpoints(id={:?}, websocket_url={:?}, devtools_frontend_url={:?})",
            self.id, self.websocket_url, self.devtools_frontend_url
        )
    }
}

impl From<InspectorEndpoint> for InspectorEndpoints {
    fn from(e: InspectorEndpoint) -> Self {
        InspectorEndpoints {
            id: e.id,
            websocket_url: e.websocket_url,
            devtools_frontend_url: e.devtools_frontend_url,
            title: e.title,
            description: e.description,
            target_url: e.url,
            favicon_url: e.favicon_url,
            host: e.addr.to_string(),
            port: e.addr.port(),
        }
    }
}

/// Tells the user where to point DevTools, like Node's "Debugger listening on".
pub(crate) fn log_start(py: Python<'_>, config: &InspectorConfig, endpoint: &InspectorEndpoints) -> PyResult<()> {
    let logger = py.import("logging")?.call_method1("getLogger", ("jsrun.inspector",))?;
    if !config.is_loopback() {
        logger.call_method1(
            "warning",
            (format!(
                "The inspector listens on {}: anyone who can reach it can run code in this process",
                endpoint.host
            ),),
        )?;
    }
    logger.call_method1("info", (format!("Debugger listening on {}", endpoint.websocket_url),))?;
    logger.call_method1("info", (format!("Open in Chrome: {}", endpoint.devtools_frontend_url),))?;
    if config.wait_for_connection || config.break_on_next_statement {
        logger.call_method1(
            "info",
            ("Waiting for the debugger: the first execution starts when it sends Runtime.runIfWaitingForDebugger",),
        )?;
    }
    Ok(())
}
