//! Errors of the runtime crate; pyjsrun maps each variant to one Python exception.
use crate::value::ErrorInfo;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// JS threw (or a promise rejected).
    #[error("{}", .0.message)]
    Js(Box<ErrorInfo>),
    /// A value cannot cross the boundary (unsupported type, limits, cycles).
    #[error("{0}")]
    Conversion(String),
    /// The runtime was closed before or during the call.
    #[error("runtime has been closed")]
    Closed,
    /// Execution was terminated (`TerminateExecution`).
    #[error("execution was terminated")]
    Terminated,
    /// The call ran past its timeout and was terminated; the runtime is usable.
    #[error("evaluation timed out after {} ms", .0.as_millis())]
    Timeout(std::time::Duration),
    /// The heap reached `max_heap_size`; JS was terminated and the runtime closed.
    #[error("heap limit exceeded: the runtime was terminated and closed")]
    HeapLimit,
    /// A snapshot blob is damaged, foreign or made by another V8 or jsrun.
    #[error("{0}")]
    Snapshot(String),
    /// V8 could not be set up, or an invariant of ours broke (a bug).
    #[error("{0}")]
    Internal(String),
}

pub type Result<T> = std::result::Result<T, Error>;
