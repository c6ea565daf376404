//! ES modules on the runtime crate alone (resolver/loader from Rust closures).
use std::sync::Arc;

use jsrun_runtime::{HostError, HostFunction, HostOutcome, JsString, Runtime, RuntimeOptions, Value};

fn text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.to_string_lossy(),
        _ => String::new(),
    }
}

#[test]
fn static_modules_import_each_other() {
    let rt = Runtime::new(RuntimeOptions::default()).unwrap();
    rt.add_static_module("math", "export const square = (x) => x * x; export default 'm';".into());
    rt.add_static_module(
        "main",
        "import { square } from 'math'; export const n = square(7); export const url = import.meta.url;".into(),
    );
    let ns = rt.eval_module("main", None).unwrap();
    let Value::Object(entries) = ns else { panic!("{ns:?}") };
    let get = |k: &str| entries.iter().find(|(key, _)| key.to_string_lossy() == k).map(|(_, v)| v.clone());
    assert_eq!(get("n"), Some(Value::Int(49)));
    assert_eq!(get("url").as_ref().map(|v| text(Some(v))), Some("jsrun://static/main".to_owned()));
}

#[test]
fn loader_and_resolver_and_dynamic_import() {
    let rt = Runtime::new(RuntimeOptions::default()).unwrap();
    let resolver: Arc<dyn HostFunction> = Arc::new(|args: jsrun_runtime::Args| {
        HostOutcome::Return(Value::String(JsString::from(
            format!("mem:///{}", text(args.first()).trim_start_matches("./")).as_str(),
        )))
    });
    let loader: Arc<dyn HostFunction> = Arc::new(|args: jsrun_runtime::Args| match text(args.first()).as_str() {
        "mem:///a.js" => HostOutcome::Return(Value::String(
            "export const a = 1; export const later = () => import('./b.js');".into(),
        )),
        "mem:///b.js" => HostOutcome::Return(Value::String("export const b = 2;".into())),
        other => HostOutcome::Throw(HostError::new("Error", format!("no {other}"))),
    });
    rt.set_module_resolver(Some(resolver));
    rt.set_module_loader(Some(loader));
    rt.eval_module("./a.js", None).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    rt.eval_module_async("./a.js".into(), Box::new(move |r| tx.send(r).unwrap())).unwrap();
    assert!(rx.recv().unwrap().is_ok());
    let b = rt.eval(jsrun_runtime::Text::Utf8("import('./b.js').then(m => m.b)"));
    // A sync eval does not wait for the import's promise.
    assert!(b.is_err() || matches!(b, Ok(Value::Int(2))));
    let err = rt.eval_module("./missing.js", None).unwrap_err();
    assert!(err.to_string().contains("no mem:///missing.js"), "{err}");
}
