//! The process-wide V8 platform (initialised once, never torn down).
use std::ffi::CStr;
use std::sync::Once;

/// V8 flags we set for every process. V8 need not checksum a snapshot each
/// time an isolate starts from it: jsrun checks its snapshots' CRC when it
/// first reads them, and V8's own blob is in the library (a runtime starts
/// about 0.3 ms sooner from the built-in snapshot). On V8 13 (Debian's 13.6), a loop that
/// Maglev hands to TurboFan by on-stack replacement stops honouring
/// TerminateExecution, so neither a timeout nor the heap limit could stop
/// `for (;;) a.push(new Array(1000).fill(0.5))`: such loops stay in Maglev,
/// which checks (measured: a 1e7-iteration integer loop 0.05 -> 0.11 s).
#[cfg(v8_13)]
const V8_FLAGS: &CStr = c"--no-verify-snapshot-checksum --no-osr-from-maglev";
#[cfg(not(v8_13))]
const V8_FLAGS: &CStr = c"--no-verify-snapshot-checksum";

pub(crate) fn init() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        crate::env::init_platform(V8_FLAGS, crate::modules::HOOKS);
        crate::fork::watch();
    });
}

/// The version of the V8 library jsrun runs on, e.g. "10.2.154.26-node.36".
pub fn v8_version() -> String {
    crate::env::v8_version()
}
