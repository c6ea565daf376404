//! Startup snapshots on the runtime crate alone.
use std::sync::Arc;

use jsrun_runtime::{Error, Runtime, RuntimeOptions, SnapshotBuilder, Text, Value};

#[test]
fn a_runtime_starts_with_the_snapshots_globals() {
    let mut builder = SnapshotBuilder::new().unwrap();
    builder.execute_script("lib.js", "globalThis.square = (x) => x * x; globalThis.table = [1, 2, 3];").unwrap();
    let err = builder.execute_script("bad.js", "throw new Error('in snapshot')").unwrap_err();
    assert!(err.to_string().contains("in snapshot"), "{err}");
    let blob = builder.build().unwrap();
    assert!(matches!(builder.build(), Err(Error::Snapshot(_))));
    let rt = Runtime::new(RuntimeOptions { snapshot: Some(Arc::new(blob.clone())), ..Default::default() }).unwrap();
    assert_eq!(rt.eval(Text::Utf8("square(table[2]) + 1")).unwrap(), Value::Int(10));
    // jsrun's own globals are still there.
    match rt.eval(Text::Utf8("typeof setTimeout + typeof TextEncoder")).unwrap() {
        Value::String(s) => assert_eq!(s.to_string_lossy(), "functionfunction"),
        other => panic!("{other:?}"),
    }
    rt.close();
    let mut damaged = blob.clone();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 1;
    let err = Runtime::new(RuntimeOptions { snapshot: Some(Arc::new(damaged)), ..Default::default() }).err().unwrap();
    assert!(matches!(err, Error::Snapshot(_)), "{err}");
}
