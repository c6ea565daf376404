//! Runtimes dropped without `close()`: their isolates and loop threads go
//! with them (the loop holds its runtime weakly).
use std::time::{Duration, Instant};

use jsrun_runtime::{Runtime, RuntimeOptions, Text};

/// Threads of this process named `jsrun-loop`.
fn loop_threads() -> usize {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else { return 0 };
    tasks
        .filter_map(|t| t.ok())
        .filter(|t| std::fs::read_to_string(t.path().join("comm")).is_ok_and(|c| c.trim() == "jsrun-loop"))
        .count()
}

/// Waits (generously: a hang bound, not a timing test) for `check` to hold.
fn eventually(check: impl Fn() -> bool) -> bool {
    let end = Instant::now() + Duration::from_secs(60);
    while Instant::now() < end {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    check()
}

#[test]
fn runtimes_dropped_without_close_free_their_loop_threads() {
    let before = loop_threads();
    for _ in 0..20 {
        let rt = Runtime::new(RuntimeOptions::default()).expect("runtime");
        // A timer keeps the loop busy: the drop must end it anyway.
        rt.eval(Text::Utf8("setTimeout(() => {}, 60000); 1")).expect("eval");
        drop(rt);
    }
    assert!(eventually(|| loop_threads() <= before), "loop threads left: {}", loop_threads() - before);
}
