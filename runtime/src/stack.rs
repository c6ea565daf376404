//! The stack limit V8 must respect on the thread that enters an isolate.
//! Python threads can have small stacks, and V8's own default (about 1 MB
//! below wherever the thread first entered) can lie beyond the end of one.
use std::cell::Cell;

/// Most stack JS may use on one thread.
const MAX_JS_STACK: usize = 4 * 1024 * 1024;
/// Room kept below V8's limit for host code that JS calls into (bound
/// Python functions run below the deepest JS frame), at most a quarter of the stack.
const HOST_RESERVE: usize = 256 * 1024;
/// Used when the thread's stack bounds cannot be read.
const FALLBACK_JS_STACK: usize = 512 * 1024;

thread_local! {
    static LIMIT: Cell<usize> = const { Cell::new(0) };
}

/// The lowest address JS may use on this thread (stacks grow down).
pub(crate) fn js_stack_limit() -> usize {
    LIMIT.with(|cell| {
        if cell.get() == 0 {
            cell.set(compute());
        }
        cell.get()
    })
}

/// A number that identifies the current thread, never given to another
/// (a TLS address would be: glibc hands a dead thread's block to a new one).
pub(crate) fn thread_key() -> usize {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(1);
    thread_local! { static KEY: usize = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed); }
    KEY.with(|k| *k)
}

/// Bytes of stack left below the caller on this thread (`usize::MAX` when
/// the thread's bounds cannot be read).
pub(crate) fn remaining() -> usize {
    let Some((low, _)) = bounds() else { return usize::MAX };
    let marker = 0u8;
    (std::ptr::addr_of!(marker) as usize).saturating_sub(low)
}

fn compute() -> usize {
    let marker = 0u8;
    let here = std::ptr::addr_of!(marker) as usize;
    match bounds() {
        Some((low, size)) => {
            let reserve = HOST_RESERVE.min(size / 4);
            (low + reserve).max(here.saturating_sub(MAX_JS_STACK))
        }
        None => here.saturating_sub(FALLBACK_JS_STACK),
    }
}

/// Lowest address and size of this thread's stack, read once per thread
/// (on the main thread glibc parses /proc/self/maps for it).
fn bounds() -> Option<(usize, usize)> {
    thread_local! {
        static BOUNDS: Cell<Option<Option<(usize, usize)>>> = const { Cell::new(None) };
    }
    BOUNDS.with(|cell| match cell.get() {
        Some(known) => known,
        None => {
            let read = read_bounds();
            cell.set(Some(read));
            read
        }
    })
}

fn read_bounds() -> Option<(usize, usize)> {
    // SAFETY: attr is initialised by pthread_getattr_np before use and
    // destroyed once; the out-pointers are valid locals.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
            return None;
        }
        let mut addr: *mut libc::c_void = std::ptr::null_mut();
        let mut size: libc::size_t = 0;
        let ok = libc::pthread_attr_getstack(&attr, &mut addr, &mut size) == 0;
        libc::pthread_attr_destroy(&mut attr);
        (ok && !addr.is_null()).then_some((addr as usize, size))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_is_below_here_and_inside_the_stack() {
        let marker = 0u8;
        let here = std::ptr::addr_of!(marker) as usize;
        let limit = js_stack_limit();
        assert!(limit < here);
        if let Some((low, _)) = bounds() {
            assert!(limit > low);
        }
    }

    #[test]
    fn remaining_shrinks_with_depth() {
        fn down(n: usize) -> usize {
            let pad = [0u8; 512];
            std::hint::black_box(&pad);
            if n == 0 {
                remaining()
            } else {
                down(n - 1)
            }
        }
        let top = remaining();
        assert!(top > 0 && top != usize::MAX);
        assert!(down(20) < top);
    }

    #[test]
    fn thread_keys_are_never_reused() {
        let keys: Vec<usize> = (0..50).filter_map(|_| std::thread::spawn(thread_key).join().ok()).collect();
        let mut unique = keys.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), 50);
        assert!(!keys.contains(&thread_key()));
    }

    #[test]
    fn small_thread_stacks_keep_a_reserve() {
        let limit_and_low =
            std::thread::Builder::new().stack_size(256 * 1024).spawn(|| (js_stack_limit(), bounds())).map(|h| h.join());
        if let Ok(Ok((limit, Some((low, size))))) = limit_and_low {
            assert!(limit >= low + size / 4);
        } else {
            panic!("thread did not run");
        }
    }
}
