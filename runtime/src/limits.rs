//! Named bounds on what untrusted values may cost. Each is a default that
//! `RuntimeOptions` can change within the hard caps below.

/// Default nesting limit for conversions in both directions.
pub const DEFAULT_MAX_DEPTH: usize = 100;
/// Upper bound for a configured depth: conversions recurse on the calling
/// thread's stack, which must not overflow before the limit is reached.
pub const MAX_DEPTH_CAP: usize = 2000;
/// Default budget, in bytes of the owned form, for one converted value.
pub const DEFAULT_MAX_BYTES: usize = 10 * 1024 * 1024;
/// Frames kept in an error's stack trace.
pub const STACK_TRACE_FRAMES: i32 = 64;
/// Deepest nesting of calls between Python and JS (Python calls JS calls
/// Python calls JS …) before a call fails with a clear error.
pub const MAX_REENTRANCY: usize = 64;
/// Stack a conversion keeps free on the calling thread: one level of
/// nesting more is refused with an error below this (a thread with a small
/// stack gets `ConversionError`, not a crash).
pub const CONVERSION_STACK_RESERVE: usize = 64 * 1024;
/// Longest string V8 can hold (`v8::String::kMaxLength` on 64-bit).
pub const MAX_STRING_UNITS: usize = (1 << 29) - 24;

/// Conversion bounds in force for a runtime.
#[derive(Debug, Clone, Copy)]
pub struct ConversionLimits {
    pub max_depth: usize,
    pub max_bytes: usize,
}

impl Default for ConversionLimits {
    fn default() -> Self {
        ConversionLimits { max_depth: DEFAULT_MAX_DEPTH, max_bytes: DEFAULT_MAX_BYTES }
    }
}

/// An error if this thread's stack is too short for one more level of a
/// value nested `depth` deep (conversions recurse on the caller's stack).
pub fn check_stack(depth: usize) -> Result<(), String> {
    let left = crate::stack::remaining();
    if left < CONVERSION_STACK_RESERVE {
        return Err(format!(
            "this thread's stack is too small to convert a value nested {depth} levels deep ({left} bytes \
             left): use a thread with a larger stack (threading.stack_size) or a flatter value"
        ));
    }
    Ok(())
}

/// Tracks depth and bytes during one conversion (either direction).
#[derive(Debug)]
pub struct Budget {
    limits: ConversionLimits,
    depth: usize,
    bytes: usize,
}

impl Budget {
    pub fn new(limits: ConversionLimits) -> Self {
        Budget { limits, depth: 0, bytes: 0 }
    }

    pub fn enter(&mut self) -> Result<(), String> {
        if self.depth >= self.limits.max_depth {
            return Err(format!("Depth exceeded maximum limit of {} (max_serialization_depth)", self.limits.max_depth));
        }
        check_stack(self.depth)?;
        self.depth += 1;
        Ok(())
    }

    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    pub fn spend(&mut self, bytes: usize) -> Result<(), String> {
        self.bytes = self.bytes.saturating_add(bytes);
        if self.bytes > self.limits.max_bytes {
            return Err(format!(
                "Size ({} bytes) exceeded maximum limit of {} bytes (max_serialization_bytes)",
                self.bytes, self.limits.max_bytes
            ));
        }
        Ok(())
    }

    /// As `spend`, for one string: one that alone is over the limit is named as such.
    pub fn spend_string(&mut self, bytes: usize) -> Result<(), String> {
        if bytes > self.limits.max_bytes {
            return Err(format!(
                "String size limit exceeded: {bytes} > {} bytes (max_serialization_bytes)",
                self.limits.max_bytes
            ));
        }
        self.spend(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_is_bounded_and_restored() {
        let mut b = Budget::new(ConversionLimits { max_depth: 2, max_bytes: 10 });
        assert!(b.enter().is_ok());
        assert!(b.enter().is_ok());
        assert!(b.enter().is_err());
        b.leave();
        assert!(b.enter().is_ok());
    }

    #[test]
    fn bytes_are_bounded() {
        let mut b = Budget::new(ConversionLimits { max_depth: 2, max_bytes: 10 });
        assert!(b.spend(6).is_ok());
        assert!(b.spend(4).is_ok());
        assert!(b.spend(1).is_err());
    }
}
