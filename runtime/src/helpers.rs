//! Objects jsrun's own scripts make once per isolate (persistent handles),
//! and the entries of its lazy globals.
use std::sync::{Mutex, OnceLock};

use crate::env::Global;

/// Made by `timers::install`.
pub(crate) struct TimerHelpers {
    /// `fire(id)`: runs timer `id`'s callback.
    pub(crate) fire: Global,
    /// `{setTimeout, …}`, read by the lazy globals.
    pub(crate) globals: Global,
}

#[derive(Default)]
pub(crate) struct Helpers {
    pub(crate) timers: OnceLock<TimerHelpers>,
    /// `watch(promise, id)`, made by `async_eval` when first needed.
    pub(crate) watch_promise: OnceLock<Global>,
    /// `{TextEncoder, …}` once `encoding::install` has run.
    pub(crate) encoding: OnceLock<Global>,
    /// `ReadableStream` and its helpers once `streams::install` has run.
    pub(crate) streams: OnceLock<crate::streams::StreamHelpers>,
    /// When the runtime was made (`performance.timeOrigin`).
    pub(crate) time_origin: crate::web::performance::TimeOrigin,
    /// The web platform groups set up so far (`web`).
    pub(crate) web: crate::web::WebGroups,
    /// Lazy globals' entries (freed after the isolate).
    #[allow(clippy::vec_box)] // V8 holds pointers to the entries: they must not move
    pub(crate) lazies: Mutex<Vec<Box<crate::lazy::LazyEntry>>>,
    /// The polyfill groups run so far, and the stubs of the others.
    pub(crate) polyfills: crate::polyfills::Polyfills,
}
