//! Python objects the conversions need, looked up once per process.
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

pub(crate) struct PyTypes {
    pub undefined: Py<PyAny>,
    pub bigint: Py<PyType>,
    pub js_map: Py<PyType>,
    pub js_error: Py<PyType>,
    pub conversion_error: Py<PyType>,
    pub closed_error: Py<PyType>,
    pub terminated: Py<PyType>,
    pub timeout_error: Py<PyType>,
    pub heap_limit_error: Py<PyType>,
    pub snapshot_error: Py<PyType>,
    pub invalid_timeout: Py<PyType>,
    pub config_error: Py<PyType>,
    pub deadlock_error: Py<PyType>,
    pub js_stream: Py<PyType>,
    pub stream_source: Py<PyType>,
    pub pending_promise: Py<PyType>,
    pub datetime: Py<PyType>,
    pub utc: Py<PyAny>,
    pub array: Py<PyType>,
    pub iscoroutinefunction: Py<PyAny>,
    pub run_coroutine_threadsafe: Py<PyAny>,
    /// `jsrun._async.call_async`, the coroutine behind `JsFunction.call_async`.
    pub call_async: Py<PyAny>,
    /// `jsrun._pending.Ready`, what `JsFunction.close()` returns.
    pub ready: Py<PyType>,
}

static TYPES: PyOnceLock<PyTypes> = PyOnceLock::new();

fn class(module: &Bound<'_, PyModule>, name: &str) -> PyResult<Py<PyType>> {
    Ok(module.getattr(name)?.cast_into::<PyType>()?.unbind())
}

pub(crate) fn types(py: Python<'_>) -> PyResult<&'static PyTypes> {
    TYPES.get_or_try_init(py, || {
        let values = py.import("jsrun._values")?;
        let errors = py.import("jsrun.errors")?;
        let streams = py.import("jsrun._streams")?;
        let datetime = py.import("datetime")?;
        let utc = datetime.getattr("timezone")?.getattr("utc")?;
        Ok(PyTypes {
            undefined: values.getattr("undefined")?.unbind(),
            bigint: class(&values, "JsBigInt")?,
            js_map: class(&values, "JsMap")?,
            js_error: class(&errors, "JavaScriptError")?,
            conversion_error: class(&errors, "ConversionError")?,
            closed_error: class(&errors, "RuntimeClosedError")?,
            terminated: class(&errors, "RuntimeTerminated")?,
            timeout_error: class(&errors, "JsTimeoutError")?,
            heap_limit_error: class(&errors, "HeapLimitError")?,
            snapshot_error: class(&errors, "SnapshotError")?,
            invalid_timeout: class(&errors, "InvalidTimeoutError")?,
            config_error: class(&errors, "RuntimeConfigError")?,
            deadlock_error: class(&errors, "DeadlockError")?,
            js_stream: class(&streams, "JsStream")?,
            stream_source: class(&streams, "PyStreamSource")?,
            pending_promise: class(&py.import("jsrun._pending")?, "PendingPromise")?,
            ready: class(&py.import("jsrun._pending")?, "Ready")?,
            call_async: py.import("jsrun._async")?.getattr("call_async")?.unbind(),
            datetime: class(&datetime, "datetime")?,
            utc: utc.unbind(),
            array: class(&py.import("array")?, "array")?,
            iscoroutinefunction: py.import("inspect")?.getattr("iscoroutinefunction")?.unbind(),
            run_coroutine_threadsafe: py.import("asyncio")?.getattr("run_coroutine_threadsafe")?.unbind(),
        })
    })
}
