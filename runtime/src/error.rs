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
    /// Entering would deadlock: the runtimes of the cycle (by `Runtime::id`),
    /// the one this call waited for first; this thread is inside the last.
    #[error("{}", deadlock_message(.0))]
    Deadlock(Vec<u64>),
    /// This process (its pid) was forked after it started V8 (see `fork`).
    #[error(
        "jsrun cannot run in this process (pid {0}): it was forked after its parent started V8, whose \
         threads do not survive fork. Create runtimes in the child only, or start workers with \
         multiprocessing's 'spawn' or 'forkserver' start method (multiprocessing.set_start_method('spawn'), \
         or a ProcessPoolExecutor with mp_context=multiprocessing.get_context('spawn'))"
    )]
    Forked(u32),
    /// A snapshot blob is damaged, foreign or made by another V8 or jsrun.
    #[error("{0}")]
    Snapshot(String),
    /// An API used the wrong way (e.g. `require` before `use_node_modules`).
    #[error("{0}")]
    Usage(String),
    /// V8 could not be set up, or an invariant of ours broke (a bug).
    #[error("{0}")]
    Internal(String),
}

pub type Result<T> = std::result::Result<T, Error>;

fn deadlock_message(chain: &[u64]) -> String {
    if let [id] = chain {
        return format!(
            "deadlock: an async call into runtime #{id} from inside a call into it (a bound function) would \
             wait for the runtime's loop thread, which waits for this thread to leave; call it synchronously \
             there (eval, or the JsFunction itself)"
        );
    }
    let mut text = String::from("deadlock: this call waits for runtime");
    for (i, id) in chain.iter().enumerate() {
        if i > 0 {
            text.push_str(", whose thread waits for runtime");
        }
        text.push_str(&format!(" #{id}"));
    }
    text.push_str(", which this thread is inside; calls between runtimes on several threads must not form a cycle");
    text
}
