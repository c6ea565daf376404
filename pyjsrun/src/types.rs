//! Python objects the conversions need, looked up once per process.
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

/// The types every conversion may need (from `jsrun._values` and
/// `jsrun.errors`, which import nothing heavy), and accessors for the rest,
/// each imported when first needed: a process that never converts a date,
/// an `array.array` or a stream, or awaits nothing, never imports datetime,
/// asyncio or inspect.
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
    dates: PyOnceLock<(Py<PyType>, Py<PyAny>)>,
    array: PyOnceLock<Py<PyType>>,
    streams: PyOnceLock<(Py<PyType>, Py<PyType>)>,
    pending: PyOnceLock<(Py<PyType>, Py<PyType>)>,
    asyncs: PyOnceLock<AsyncTypes>,
}

struct AsyncTypes {
    /// `jsrun._async.call_async`, the coroutine behind `JsFunction.call_async`.
    call_async: Py<PyAny>,
    iscoroutinefunction: Py<PyAny>,
    run_coroutine_threadsafe: Py<PyAny>,
}

static TYPES: PyOnceLock<PyTypes> = PyOnceLock::new();

fn class(module: &Bound<'_, PyModule>, name: &str) -> PyResult<Py<PyType>> {
    Ok(module.getattr(name)?.cast_into::<PyType>()?.unbind())
}

/// True if `module` has been imported: an object of one of its types can
/// exist only then, so a check for those types needs no import before.
/// (`sys.modules` read directly: this runs for every object converted that
/// is not a plain value, until the module appears.)
fn imported(py: Python<'_>, module: &str) -> PyResult<bool> {
    // SAFETY: a borrowed reference to the interpreter's module dict, valid
    // while we hold the GIL; NULL only without an interpreter.
    let modules = unsafe { Bound::from_borrowed_ptr_or_err(py, pyo3::ffi::PyImport_GetModuleDict())? };
    modules.contains(module)
}

impl PyTypes {
    fn dates(&self, py: Python<'_>) -> PyResult<&(Py<PyType>, Py<PyAny>)> {
        self.dates.get_or_try_init(py, || {
            let datetime = py.import("datetime")?;
            let utc = datetime.getattr("timezone")?.getattr("utc")?;
            Ok((class(&datetime, "datetime")?, utc.unbind()))
        })
    }

    /// `datetime.datetime`, if anything imported `datetime` yet.
    pub(crate) fn datetime_if_imported(&self, py: Python<'_>) -> PyResult<Option<&Py<PyType>>> {
        if self.dates.get(py).is_none() && !imported(py, "datetime")? {
            return Ok(None);
        }
        Ok(Some(&self.dates(py)?.0))
    }

    pub(crate) fn utc(&self, py: Python<'_>) -> PyResult<&Py<PyAny>> {
        Ok(&self.dates(py)?.1)
    }

    /// `array.array`.
    pub(crate) fn array(&self, py: Python<'_>) -> PyResult<&Py<PyType>> {
        self.array.get_or_try_init(py, || class(&py.import("array")?, "array"))
    }

    /// `array.array`, if anything imported `array` yet.
    pub(crate) fn array_if_imported(&self, py: Python<'_>) -> PyResult<Option<&Py<PyType>>> {
        if self.array.get(py).is_none() && !imported(py, "array")? {
            return Ok(None);
        }
        self.array(py).map(Some)
    }

    fn streams(&self, py: Python<'_>) -> PyResult<&(Py<PyType>, Py<PyType>)> {
        self.streams.get_or_try_init(py, || {
            let streams = py.import("jsrun._streams")?;
            Ok((class(&streams, "JsStream")?, class(&streams, "PyStreamSource")?))
        })
    }

    /// `jsrun.JsStream`.
    pub(crate) fn js_stream(&self, py: Python<'_>) -> PyResult<&Py<PyType>> {
        Ok(&self.streams(py)?.0)
    }

    /// `jsrun.JsStream` and `jsrun.PyStreamSource`, if their module was imported yet.
    pub(crate) fn streams_if_imported(&self, py: Python<'_>) -> PyResult<Option<&(Py<PyType>, Py<PyType>)>> {
        if self.streams.get(py).is_none() && !imported(py, "jsrun._streams")? {
            return Ok(None);
        }
        self.streams(py).map(Some)
    }

    fn pending(&self, py: Python<'_>) -> PyResult<&(Py<PyType>, Py<PyType>)> {
        self.pending.get_or_try_init(py, || {
            let pending = py.import("jsrun._pending")?;
            Ok((class(&pending, "PendingPromise")?, class(&pending, "Ready")?))
        })
    }

    /// `jsrun.PendingPromise`.
    pub(crate) fn pending_promise(&self, py: Python<'_>) -> PyResult<&Py<PyType>> {
        Ok(&self.pending(py)?.0)
    }

    /// `jsrun.PendingPromise`, if its module was imported yet.
    pub(crate) fn pending_promise_if_imported(&self, py: Python<'_>) -> PyResult<Option<&Py<PyType>>> {
        if self.pending.get(py).is_none() && !imported(py, "jsrun._pending")? {
            return Ok(None);
        }
        self.pending_promise(py).map(Some)
    }

    /// `jsrun._pending.Ready`, what `JsFunction.close()` returns.
    pub(crate) fn ready(&self, py: Python<'_>) -> PyResult<&Py<PyType>> {
        Ok(&self.pending(py)?.1)
    }

    fn asyncs(&self, py: Python<'_>) -> PyResult<&AsyncTypes> {
        self.asyncs.get_or_try_init(py, || {
            Ok(AsyncTypes {
                call_async: py.import("jsrun._async")?.getattr("call_async")?.unbind(),
                iscoroutinefunction: py.import("inspect")?.getattr("iscoroutinefunction")?.unbind(),
                run_coroutine_threadsafe: py.import("asyncio")?.getattr("run_coroutine_threadsafe")?.unbind(),
            })
        })
    }

    pub(crate) fn call_async(&self, py: Python<'_>) -> PyResult<&Py<PyAny>> {
        Ok(&self.asyncs(py)?.call_async)
    }

    pub(crate) fn iscoroutinefunction(&self, py: Python<'_>) -> PyResult<&Py<PyAny>> {
        Ok(&self.asyncs(py)?.iscoroutinefunction)
    }

    pub(crate) fn run_coroutine_threadsafe(&self, py: Python<'_>) -> PyResult<&Py<PyAny>> {
        Ok(&self.asyncs(py)?.run_coroutine_threadsafe)
    }
}

pub(crate) fn types(py: Python<'_>) -> PyResult<&'static PyTypes> {
    TYPES.get_or_try_init(py, || {
        let values = py.import("jsrun._values")?;
        let errors = py.import("jsrun.errors")?;
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
            dates: PyOnceLock::new(),
            array: PyOnceLock::new(),
            streams: PyOnceLock::new(),
            pending: PyOnceLock::new(),
            asyncs: PyOnceLock::new(),
        })
    })
}
