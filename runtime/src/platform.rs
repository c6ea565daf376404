//! The process-wide V8 platform (initialised once, never torn down).
use std::ffi::CStr;
use std::sync::Once;

/// V8 flags we set for every process.
const V8_FLAGS: &CStr = c"";

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
