//! The process-wide V8 platform (initialised once, never torn down).
use std::ffi::CStr;
use std::sync::Once;

use crate::ffi;

/// V8 flags we set for every process.
const V8_FLAGS: &CStr = c"";

pub(crate) fn init() {
    static INIT: Once = Once::new();
    // SAFETY: the bridge initialises V8 once (call_once) and the flags are a
    // valid C string.
    INIT.call_once(|| {
        unsafe { ffi::jsr_platform_init(V8_FLAGS.as_ptr(), crate::host::dispatch, crate::lazy::dispatch) };
        crate::modules::init();
        crate::fork::watch();
    });
}

/// The version of the V8 library jsrun runs on, e.g. "10.2.154.26-node.36".
pub fn v8_version() -> String {
    // SAFETY: V8 returns a static NUL-terminated string; no initialisation needed.
    unsafe { CStr::from_ptr(ffi::jsr_platform_version()) }.to_string_lossy().into_owned()
}
