//! `Runtime.get_stats()`: counters kept per runtime, and `RuntimeStats`.
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use pyo3::prelude::*;

use crate::state::{PyState, RuntimeRef};

/// What an execution was, as `RuntimeStats.last_execution_kind` names it.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    EvalSync,
    EvalAsync,
    EvalModuleSync,
    EvalModuleAsync,
    CallFunctionSync,
    CallFunctionAsync,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::EvalSync => "eval_sync",
            Kind::EvalAsync => "eval_async",
            Kind::EvalModuleSync => "eval_module_sync",
            Kind::EvalModuleAsync => "eval_module_async",
            Kind::CallFunctionSync => "call_function_sync",
            Kind::CallFunctionAsync => "call_function_async",
        }
    }
}

/// Execution counters of one runtime: atomics, since every call records
/// (no lock on the hot path).
#[derive(Default)]
pub(crate) struct Stats {
    counts: [AtomicU64; 6],
    total_nanos: AtomicU64,
    /// The last execution: kind + 1 in the top 3 bits, nanoseconds below (0: none yet).
    last: AtomicU64,
    /// Streams JS → Python (`JsStream`), then Python → JS (`PyStreamSource`).
    streams: [StreamCounts; 2],
}

#[derive(Default)]
struct StreamCounts {
    total: AtomicU64,
    active: AtomicUsize,
    bytes: AtomicU64,
}

/// Counts one stream's traffic into its runtime's stats, and its end (at
/// the latest when the meter is dropped with the stream). Not constructed by users.
#[pyclass(module = "jsrun._jsrun", name = "_StreamMeter", frozen)]
pub struct StreamMeter {
    state: Arc<PyState>,
    direction: usize,
    ended: AtomicBool,
}

impl StreamMeter {
    /// A meter for a new stream, JS → Python or Python → JS.
    pub(crate) fn open(ctx: &RuntimeRef, js_to_py: bool) -> StreamMeter {
        let direction = usize::from(!js_to_py);
        if let Some(counts) = ctx.state.stats.streams.get(direction) {
            counts.total.fetch_add(1, Ordering::Relaxed);
            counts.active.fetch_add(1, Ordering::Relaxed);
        }
        StreamMeter { state: ctx.state.clone(), direction, ended: AtomicBool::new(false) }
    }

    fn counts(&self) -> Option<&StreamCounts> {
        self.state.stats.streams.get(self.direction)
    }
}

#[pymethods]
impl StreamMeter {
    /// `nbytes` more bytes went through the stream.
    fn add(&self, nbytes: u64) {
        if let Some(counts) = self.counts() {
            counts.bytes.fetch_add(nbytes, Ordering::Relaxed);
        }
    }

    /// The stream ended (idempotent).
    fn end(&self) {
        if !self.ended.swap(true, Ordering::AcqRel) {
            if let Some(counts) = self.counts() {
                counts.active.fetch_sub(1, Ordering::Relaxed);
            }
        }
    }
}

impl Drop for StreamMeter {
    fn drop(&mut self) {
        self.end();
    }
}

const KIND_SHIFT: u32 = 61;

impl Stats {
    pub(crate) fn record(&self, kind: Kind, started: Instant) {
        let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX).min((1 << KIND_SHIFT) - 1);
        if let Some(n) = self.counts.get(kind as usize) {
            n.fetch_add(1, Ordering::Relaxed);
        }
        self.total_nanos.fetch_add(nanos, Ordering::Relaxed);
        self.last.store(((kind as u64 + 1) << KIND_SHIFT) | nanos, Ordering::Relaxed);
    }

    fn last(&self) -> Option<(Kind, Duration)> {
        let packed = self.last.load(Ordering::Relaxed);
        let kind = match packed >> KIND_SHIFT {
            1 => Kind::EvalSync,
            2 => Kind::EvalAsync,
            3 => Kind::EvalModuleSync,
            4 => Kind::EvalModuleAsync,
            5 => Kind::CallFunctionSync,
            6 => Kind::CallFunctionAsync,
            _ => return None,
        };
        Some((kind, Duration::from_nanos(packed & ((1 << KIND_SHIFT) - 1))))
    }
}

/// A snapshot of a runtime's memory and activity (from :meth:`Runtime.get_stats`).
///
/// Memory: ``heap_*`` are V8's heap statistics; ``physical_total_bytes`` is the
/// heap memory V8 has committed (not the process's RSS: that is
/// ``process_rss_bytes``, for the whole process); ``external_memory_bytes`` is
/// memory V8 knows about outside its heap (ArrayBuffers, Wasm memories).
/// Times are wall-clock milliseconds of completed executions, from the call
/// to its (settled) result. Streams: ``*_js_streams`` are JS streams read
/// from Python (``JsStream``), ``*_py_streams`` Python sources read by JS;
/// bytes count chunks that are bytes-like; ``open_resources`` is the open
/// streams of both kinds. ``uncaught_errors`` counts errors nobody caught
/// (a timer's exception, an unhandled rejection) that failed no awaiting
/// call: thrown in a synchronous call or while nothing was awaited.
#[pyclass(module = "jsrun._jsrun", name = "RuntimeStats", frozen, get_all)]
pub struct RuntimeStats {
    pub heap_total_bytes: usize,
    pub heap_used_bytes: usize,
    pub heap_limit_bytes: usize,
    pub external_memory_bytes: usize,
    pub physical_total_bytes: usize,
    pub process_rss_bytes: usize,
    pub total_execution_time_ms: f64,
    pub last_execution_time_ms: f64,
    pub last_execution_kind: Option<&'static str>,
    pub eval_sync_count: u64,
    pub eval_async_count: u64,
    pub eval_module_sync_count: u64,
    pub eval_module_async_count: u64,
    pub call_function_sync_count: u64,
    pub call_function_async_count: u64,
    pub active_async_ops: usize,
    pub open_resources: usize,
    pub active_timers: usize,
    pub active_intervals: usize,
    pub active_workers: usize,
    pub active_js_streams: usize,
    pub active_py_streams: usize,
    pub total_js_streams: u64,
    pub total_py_streams: u64,
    pub bytes_streamed_js_to_py: u64,
    pub bytes_streamed_py_to_js: u64,
    pub uncaught_errors: u64,
}

#[pymethods]
impl RuntimeStats {
    fn __repr__(&self) -> String {
        format!(
            "RuntimeStats(heap_used_bytes={}, heap_total_bytes={}, external_memory_bytes={}, active_timers={}, \
             last_execution_kind={:?}, total_execution_time_ms={:.3})",
            self.heap_used_bytes,
            self.heap_total_bytes,
            self.external_memory_bytes,
            self.active_timers,
            self.last_execution_kind,
            self.total_execution_time_ms
        )
    }
}

fn rss_bytes() -> usize {
    // Second field of /proc/self/statm: resident pages.
    let pages = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1).and_then(|p| p.parse::<usize>().ok()))
        .unwrap_or(0);
    // SAFETY: sysconf is thread-safe and has no preconditions.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    pages.saturating_mul(usize::try_from(page).unwrap_or(4096))
}

#[derive(Default)]
struct StreamFigures {
    total: u64,
    active: usize,
    bytes: u64,
}

pub(crate) fn snapshot(py: Python<'_>, ctx: &RuntimeRef) -> PyResult<RuntimeStats> {
    let rt = &ctx.rt;
    let heap = crate::errors::finish(py, ctx, crate::gil::detach(py, || rt.heap_stats()))?;
    let stats = &ctx.state.stats;
    let [eval_sync, eval_async, module_sync, module_async, call_sync, call_async] =
        std::array::from_fn(|i| stats.counts.get(i).map_or(0, |n| n.load(Ordering::Relaxed)));
    let last = stats.last();
    let total = Duration::from_nanos(stats.total_nanos.load(Ordering::Relaxed));
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let [js, py] = std::array::from_fn(|i| {
        stats.streams.get(i).map_or(StreamFigures::default(), |c| StreamFigures {
            total: c.total.load(Ordering::Relaxed),
            active: c.active.load(Ordering::Relaxed),
            bytes: c.bytes.load(Ordering::Relaxed),
        })
    });
    Ok(RuntimeStats {
        heap_total_bytes: heap.total_heap_bytes,
        heap_used_bytes: heap.used_heap_bytes,
        heap_limit_bytes: heap.heap_limit_bytes,
        external_memory_bytes: heap.external_bytes,
        physical_total_bytes: heap.physical_heap_bytes,
        process_rss_bytes: rss_bytes(),
        total_execution_time_ms: ms(total),
        last_execution_time_ms: last.map_or(0.0, |(_, d)| ms(d)),
        last_execution_kind: last.map(|(k, _)| k.name()),
        eval_sync_count: eval_sync,
        eval_async_count: eval_async,
        eval_module_sync_count: module_sync,
        eval_module_async_count: module_async,
        call_function_sync_count: call_sync,
        call_function_async_count: call_async,
        active_async_ops: ctx.state.pending_async_calls(),
        open_resources: js.active + py.active,
        active_timers: rt.active_timers(),
        active_intervals: rt.active_intervals(),
        active_workers: rt.active_workers(),
        active_js_streams: js.active,
        active_py_streams: py.active,
        total_js_streams: js.total,
        total_py_streams: py.total,
        bytes_streamed_js_to_py: js.bytes,
        bytes_streamed_py_to_js: py.bytes,
        uncaught_errors: rt.unclaimed_uncaught_errors(),
    })
}
