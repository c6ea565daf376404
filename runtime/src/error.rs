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
    /// V8 could not be set up, or an invariant of ours broke (a bug).
    #[error("{0}")]
    Internal(String),
}

pub type Result<T> = std::result::Result<T, Error>;
