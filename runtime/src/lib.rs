//! The V8 embedding behind jsrun: a thin C++ bridge (`bridge/`) over Debian's
//! V8 10.2, wrapped here in safe Rust. This crate knows nothing of Python.
//!
//! Layers: `ffi` (raw) → `env`/`isolate` (safe handles and entry) →
//! `js_to_value`/`value_to_js` (conversions) → [`Runtime`].

mod async_context;
mod async_eval;
mod byte_text;
mod causes;
mod code_cache;
mod encoding;
mod env;
mod error;
mod event_loop;
mod exception;
mod ffi;
pub mod fork;
mod gate;
mod handle;
mod helpers;
mod host;
pub mod host_ops;
mod inspector;
mod intrinsics;
mod isolate;
mod js_to_value;
mod late_fills;
mod lazy;
pub mod limits;
mod lineage;
mod modules;
mod node;
mod platform;
pub mod polyfills;
mod regexp_lowering;
mod runtime;
mod script_cache;
mod snapshot;
mod stack;
mod state;
mod streams;
mod timers;
mod uncaught;
mod value;
mod value_to_js;
mod wasm;
mod watchdog;
mod web;
mod worker;

pub use env::HeapStats;
pub use error::{Error, Result};
pub use host::{Args, HostError, HostFunction, HostOutcome, Settler};
pub use host_ops::HostOps;
pub use inspector::{InspectorEndpoint, InspectorOptions, Loader as ResourceLoader, Resources};
/// Sessions one runtime accepts at once.
pub const INSPECTOR_MAX_SESSIONS: usize = inspector::MAX_SESSIONS;
pub use isolate::HeapOptions;
pub use limits::ConversionLimits;
pub use modules::STATIC_PREFIX;
pub use platform::v8_version;
pub use runtime::{Runtime, RuntimeOptions, WeakRuntime};
pub use snapshot::{SnapshotBuilder, SnapshotStopper};
pub use value::{BigInt, ErrorInfo, Frame, HostBytes, HostCause, HostFn, JsFunction, JsString, Text, Value, ViewKind};
pub use wasm::WasmMemoryRef;
pub use worker::WorkerOptions;
