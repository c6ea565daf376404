//! The runtime crate on its own: eval, conversions through `Value`, errors,
//! lifecycle and threads, without Python.
use jsrun_runtime::{Error, JsString, Runtime, RuntimeOptions, Text, Value};

fn rt() -> Runtime {
    Runtime::new(RuntimeOptions::default()).expect("runtime")
}

fn eval(rt: &Runtime, code: &str) -> Result<Value, Error> {
    rt.eval(Text::Utf8(code))
}

#[test]
fn numbers_keep_their_meaning() {
    let rt = rt();
    assert_eq!(eval(&rt, "1 + 1").unwrap(), Value::Int(2));
    assert_eq!(eval(&rt, "2 ** 53 - 1").unwrap(), Value::Int(9_007_199_254_740_991));
    assert_eq!(eval(&rt, "2 ** 53").unwrap(), Value::Float(9_007_199_254_740_992.0));
    match eval(&rt, "-0").unwrap() {
        Value::Float(f) => assert!(f == 0.0 && f.is_sign_negative()),
        other => panic!("{other:?}"),
    }
    assert_eq!(eval(&rt, "0.5").unwrap(), Value::Float(0.5));
}

#[test]
fn wasm_add_runs_synchronously() {
    let rt = rt();
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/add.wasm")).unwrap();
    rt.set_global(&JsString::from("wasmBytes"), &Value::Bytes(bytes)).unwrap();
    let v = eval(&rt, "new WebAssembly.Instance(new WebAssembly.Module(wasmBytes)).exports.add(10, 20)").unwrap();
    assert_eq!(v, Value::Int(30));
}

#[test]
fn async_wasm_compile_settles_from_the_background_loop() {
    let rt = rt();
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/add.wasm")).unwrap();
    rt.set_global(&JsString::from("wasmBytes"), &Value::Bytes(bytes)).unwrap();
    // Started from a timer, so the compile begins after eval returned and
    // only the background loop can settle it (never the eval's own pump).
    eval(
        &rt,
        "globalThis.out = 'pending'; \
         setTimeout(() => WebAssembly.instantiate(wasmBytes).then(r => { out = r.instance.exports.add(1, 2) }), 0)",
    )
    .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        // Sleeping, not evaluating: only the background loop can settle it.
        std::thread::sleep(std::time::Duration::from_millis(5));
        if eval(&rt, "out").unwrap() == Value::Int(3) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "WebAssembly.instantiate never settled");
    }
}

#[test]
fn errors_carry_name_message_and_frames() {
    let rt = rt();
    let Err(Error::Js(info)) = eval(&rt, "function f() { throw new TypeError('bad') }\nf()") else {
        panic!("expected a JS error")
    };
    assert_eq!(info.name.as_deref(), Some("TypeError"));
    assert_eq!(info.message, "bad");
    assert_eq!(info.frames[0].function_name.as_deref(), Some("f"));
    assert_eq!(info.frames[0].line_number, 1);
    assert!(info.stack.unwrap().starts_with("TypeError: bad\n    at f (<eval>:1:"));

    let Err(Error::Js(info)) = eval(&rt, "let x = ;") else { panic!("expected a syntax error") };
    assert_eq!(info.name.as_deref(), Some("SyntaxError"));
    assert_eq!((info.frames[0].line_number, info.frames[0].column_number), (1, 9));
    assert_eq!(eval(&rt, "40 + 2").unwrap(), Value::Int(42));
}

#[test]
fn closed_runtime_refuses_calls_and_close_is_idempotent() {
    let rt = rt();
    rt.close();
    rt.close();
    assert!(rt.is_closed());
    assert!(matches!(eval(&rt, "1"), Err(Error::Closed)));
}

#[test]
fn many_threads_share_one_runtime() {
    let rt = std::sync::Arc::new(rt());
    eval(&rt, "globalThis.n = 0").unwrap();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let rt = rt.clone();
            std::thread::spawn(move || {
                for _ in 0..1000 {
                    eval(&rt, "n += 1").unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(eval(&rt, "n").unwrap(), Value::Int(4000));
}
