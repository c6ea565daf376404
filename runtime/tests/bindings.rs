//! Host functions, JS functions held by the host, timers and async evaluation.
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use jsrun_runtime::{Error, HostError, HostFn, HostOutcome, JsString, Runtime, RuntimeOptions, Text, Value};

fn rt() -> Runtime {
    Runtime::new(RuntimeOptions::default()).expect("runtime")
}

fn eval(rt: &Runtime, code: &str) -> Result<Value, Error> {
    rt.eval(Text::Utf8(code))
}

fn eval_async(rt: &Runtime, code: &str) -> Result<Value, Error> {
    let (tx, rx) = mpsc::channel();
    rt.eval_async(code.into(), Box::new(move |r| drop(tx.send(r)))).unwrap();
    rx.recv_timeout(Duration::from_secs(10)).expect("eval_async completed")
}

#[test]
fn js_calls_a_host_function() {
    let rt = rt();
    let add = Arc::new(|args: jsrun_runtime::Args| match (args.first(), args.get(1)) {
        (Some(Value::Int(a)), Some(Value::Int(b))) => HostOutcome::Return(Value::Int(a + b)),
        _ => HostOutcome::Throw(HostError::new("TypeError", "two ints please")),
    });
    rt.bind_function(&JsString::from("add"), add).unwrap();
    assert_eq!(eval(&rt, "add(2, 3)").unwrap(), Value::Int(5));
    assert_eq!(eval(&rt, "add.name").unwrap(), Value::String(JsString::Latin1(b"add".to_vec())));
    assert_eq!(
        eval(&rt, "try { add('x') } catch (e) { e.name + ': ' + e.message }").unwrap(),
        Value::String(JsString::Latin1(b"TypeError: two ints please".to_vec()))
    );
    let Err(Error::Js(info)) = eval(&rt, "add()") else { panic!("expected an error") };
    assert_eq!((info.name.as_deref(), info.message.as_str()), (Some("TypeError"), "two ints please"));
}

#[test]
fn js_functions_can_be_called_and_passed_back() {
    let rt = rt();
    let Value::Function(f) = eval(&rt, "(a, b) => a * b").unwrap() else { panic!("expected a function") };
    assert_eq!(rt.call(&f, &[Value::Int(6), Value::Int(7)]).unwrap(), Value::Int(42));
    rt.set_global(&JsString::from("back"), &Value::Function(f.clone())).unwrap();
    assert_eq!(eval(&rt, "back(2, 3)").unwrap(), Value::Int(6));

    let Value::Object(entries) = eval(&rt, "({n: 5, get() { return this.n }})").unwrap() else { panic!() };
    let Some((_, Value::Function(method))) = entries.into_iter().find(|(k, _)| k.to_string_lossy() == "get") else {
        panic!()
    };
    assert_eq!(rt.call(&method, &[]).unwrap(), Value::Int(5), "this is kept");
}

#[test]
fn function_of_another_runtime_is_refused() {
    let (a, b) = (rt(), rt());
    let Value::Function(f) = eval(&a, "() => 1").unwrap() else { panic!() };
    assert!(matches!(b.call(&f, &[]), Err(Error::Conversion(_))));
}

#[test]
fn host_functions_passed_as_values_are_freed_when_collected() {
    let rt = rt();
    let before = rt.host_function_count();
    let Value::Function(apply) = eval(&rt, "f => f(21)").unwrap() else { panic!() };
    for _ in 0..2000 {
        let double = HostFn(Arc::new(|args: jsrun_runtime::Args| match args.first() {
            Some(Value::Int(i)) => HostOutcome::Return(Value::Int(i * 2)),
            _ => HostOutcome::Return(Value::Undefined),
        }));
        assert_eq!(rt.call(&apply, &[Value::Host(double)]).unwrap(), Value::Int(42));
    }
    rt.collect_garbage().unwrap();
    assert!(rt.host_function_count() < before + 10, "{} entries alive", rt.host_function_count());
}

#[test]
fn timers_fire_in_order_without_any_call_active() {
    let rt = rt();
    eval(&rt, "globalThis.log = []; setTimeout(() => log.push('b'), 20); setTimeout(() => log.push('a'), 5);").unwrap();
    eval(&rt, "const id = setTimeout(() => log.push('never'), 1); clearTimeout(id)").unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let Value::Array(log) = eval(&rt, "log").unwrap() else { panic!() };
    assert_eq!(log.len(), 2);
    assert_eq!(rt.active_timers(), 0);
}

#[test]
fn eval_async_awaits_timers_and_promises() {
    let rt = rt();
    let v = eval_async(&rt, "new Promise(r => setTimeout(() => r('late'), 30))").unwrap();
    assert_eq!(v, Value::String(JsString::Latin1(b"late".to_vec())));
    let v = eval_async(&rt, "(async () => { await null; return 7 })()").unwrap();
    assert_eq!(v, Value::Int(7));
    let Err(Error::Js(info)) = eval_async(&rt, "Promise.reject(new RangeError('no'))") else { panic!() };
    assert_eq!(info.name.as_deref(), Some("RangeError"));
    let Err(Error::Js(info)) = eval_async(&rt, "Promise.reject('plain')") else { panic!() };
    assert_eq!((info.name, info.message.as_str()), (None, "Uncaught plain"));
}

#[test]
fn async_wasm_compile_settles_through_eval_async() {
    let rt = rt();
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/add.wasm")).unwrap();
    rt.set_global(&JsString::from("wasmBytes"), &Value::Bytes(bytes)).unwrap();
    let v = eval_async(
        &rt,
        "(async () => { const m = await WebAssembly.compile(wasmBytes); \
         const i = await WebAssembly.instantiate(m); return i.exports.add(40, 2) })()",
    )
    .unwrap();
    assert_eq!(v, Value::Int(42));
}

#[test]
fn cancel_terminates_a_running_async_job_and_the_runtime_recovers() {
    let rt = rt();
    let (tx, rx) = mpsc::channel();
    let id = rt.eval_async("for (;;) {}".into(), Box::new(move |r| drop(tx.send(r)))).unwrap();
    std::thread::sleep(Duration::from_millis(50));
    rt.cancel_async(id);
    let outcome = rx.recv_timeout(Duration::from_secs(5)).expect("the job ended");
    assert!(matches!(outcome, Err(Error::Terminated)));
    assert_eq!(eval(&rt, "1 + 1").unwrap(), Value::Int(2));
    assert_eq!(eval_async(&rt, "2 + 2").unwrap(), Value::Int(4));
}

#[test]
fn deferred_host_calls_return_promises() {
    let rt = rt();
    let later = Arc::new(|args: jsrun_runtime::Args| {
        HostOutcome::Defer(Box::new(move |settler| {
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(20));
                settler.settle(Ok(args.into_iter().next().unwrap_or(Value::Null)));
            });
        }))
    });
    rt.bind_function(&JsString::from("later"), later).unwrap();
    assert_eq!(eval_async(&rt, "later(5).then(x => x + 1)").unwrap(), Value::Int(6));
}
