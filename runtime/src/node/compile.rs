//! What the node loader and `node:vm` compile: a CommonJS module's wrapper
//! (through the process's code cache), the check of an ambiguous file as an
//! ES module, and vm's scripts and functions.
use std::path::Path;
use std::sync::Arc;

use super::{file_url, lock};
use crate::env::{Env, Kind, Local};
use crate::error::{Error, Result};
use crate::state::RuntimeState;
use crate::value::JsString;

/// The parameters of a CommonJS module's wrapper.
const WRAPPER_PARAMS: [&str; 5] = ["exports", "require", "module", "__filename", "__dirname"];

/// `compile(source, path)`: the CommonJS wrapper function of a module, named
/// by the file's path (stack traces and `import()` use it), through the
/// process's code cache: later runtimes skip compiling what ran before.
pub(super) fn compile<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>, args: &[Local<'e>]) -> Result<Local<'e>> {
    let text =
        |i: usize| args.get(i).filter(|v| env.kind(**v) == Kind::String).map(|v| env.string(*v).to_string_lossy());
    let (Some(source), Some(path)) = (text(0), text(1)) else {
        return Err(Error::Conversion("compile(source, path)".into()));
    };
    // A `#!` line is a comment to Node.
    let body = match source.strip_prefix("#!") {
        Some(rest) => format!("//{rest}"),
        None => source,
    };
    let compile_text = |body: &str| {
        let cache = crate::code_cache::lookup(body, &path);
        env.compile_function(body, &path, &WRAPPER_PARAMS, cache.as_deref().map(Vec::as_slice))
    };
    let mut compiled = compile_text(&body);
    let mut body = body;
    if compiled.as_ref().is_err_and(crate::regexp_lowering::curable) {
        if let Ok(Some(lowered)) = crate::regexp_lowering::lowered(env, shared, &body, false) {
            compiled = compile_text(&lowered);
            body = lowered.to_string();
        }
    }
    let (function, fresh) = compiled?;
    if fresh {
        lock(&shared.node.uncached).insert(path, body);
    }
    Ok(function)
}

/// `compilesAsModule(source, path)`: whether the source compiles as an ES
/// module (the module is not kept: Node's check of an ambiguous file that
/// failed to compile as CommonJS).
pub(super) fn compiles_as_module<'e>(
    env: &Env<'e>,
    _shared: &Arc<RuntimeState>,
    args: &[Local<'e>],
) -> Result<Local<'e>> {
    let text =
        |i: usize| args.get(i).filter(|v| env.kind(**v) == Kind::String).map(|v| env.string(*v).to_string_lossy());
    let (Some(source), Some(path)) = (text(0), text(1)) else {
        return Err(Error::Conversion("compilesAsModule(source, path)".into()));
    };
    env.boolean(env.compile_module(&source, &file_url(Path::new(&path))).is_ok())
}

/// `cacheCode(wrapper, path)`, once a module ran: keeps its code cache
/// (with the functions its run compiled) if it had none.
pub(super) fn cache_code<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>, args: &[Local<'e>]) -> Result<Local<'e>> {
    if let (Some(&function), Some(&path)) = (args.first(), args.get(1)) {
        if env.kind(function) == Kind::Function && env.kind(path) == Kind::String {
            let path = env.string(path).to_string_lossy();
            let body = lock(&shared.node.uncached).remove(&path);
            if let (Some(body), Some(cache)) = (body, env.function_code_cache(function)) {
                crate::code_cache::store(&body, &path, cache);
            }
        }
    }
    Ok(env.undefined())
}

/// `runScript(code, filename, timeout, timedOut)`: vm.runInThisContext, a
/// classic script run in the runtime's own context (what `eval` already does,
/// with a file name); see `timed` for the last two.
pub(super) fn vm_run<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>, args: &[Local<'e>]) -> Result<Local<'e>> {
    let text =
        |i: usize| args.get(i).filter(|v| env.kind(**v) == Kind::String).map(|v| env.string(*v).to_string_lossy());
    let (Some(code), Some(name)) = (text(0), text(1)) else {
        return Err(Error::Conversion("runScript(code, filename)".into()));
    };
    timed(env, shared, args.get(2..).unwrap_or_default(), || {
        env.run_script(crate::value::Text::Utf8(&code), Some(&name))
    })
}

/// Runs `run` within node:vm's `timeout` (`args[0]`, milliseconds, or
/// undefined): when it fires, the script stops and `args[1]` (the caller's
/// marker) is returned for the caller to throw Node's error. A termination of
/// the whole call (close, the call's own timeout) goes on as it came.
fn timed<'e>(
    env: &Env<'e>,
    shared: &Arc<RuntimeState>,
    args: &[Local<'e>],
    run: impl FnOnce() -> Result<Local<'e>>,
) -> Result<Local<'e>> {
    let timeout = args
        .first()
        .filter(|v| matches!(env.kind(**v), Kind::Int32 | Kind::Number))
        .map(|v| env.number(*v))
        .filter(|ms| ms.is_finite() && *ms >= 1.0);
    let Some(ms) = timeout else { return run() };
    let token = crate::watchdog::arm_vm(shared, std::time::Duration::from_millis(ms as u64));
    let result = run();
    let Some(token) = token else { return result };
    if !crate::watchdog::disarm_vm(shared, token) || shared.calls.terminating() {
        return result;
    }
    env.cancel_terminate();
    match (result, args.get(1)) {
        (Err(Error::Terminated), Some(marker)) => Ok(*marker),
        (result, _) => result,
    }
}

/// `compileFunction(code, filename, params)`: vm.compileFunction, a function
/// of `params` (an array of names) whose body is `code`.
pub(super) fn vm_compile<'e>(env: &Env<'e>, _shared: &Arc<RuntimeState>, args: &[Local<'e>]) -> Result<Local<'e>> {
    let text = |v: Local<'e>| (env.kind(v) == Kind::String).then(|| env.string(v).to_string_lossy());
    let (Some(code), Some(name)) = (args.first().and_then(|v| text(*v)), args.get(1).and_then(|v| text(*v))) else {
        return Err(Error::Conversion("compileFunction(code, filename, params)".into()));
    };
    let mut params = Vec::new();
    if let Some(list) = args.get(2).filter(|v| env.kind(**v) == Kind::Array) {
        for i in 0..env.array_length(*list) {
            params.push(text(env.get_index(*list, i)?).ok_or_else(|| Error::Conversion("a parameter name".into()))?);
        }
    }
    let names: Vec<&str> = params.iter().map(String::as_str).collect();
    Ok(env.compile_function(&code, &name, &names, None)?.0)
}

/// `engineKind(value)`: "proxy" or "namespace" (a module namespace object) for
/// what only the engine can tell (util.types.isProxy, isModuleNamespaceObject), else "".
pub(super) fn engine_kind<'e>(env: &Env<'e>, _shared: &Arc<RuntimeState>, args: &[Local<'e>]) -> Result<Local<'e>> {
    let kind = match args.first().map(|v| env.kind(*v)) {
        Some(Kind::Proxy) => "proxy",
        Some(Kind::ModuleNamespace) => "namespace",
        _ => "",
    };
    env.new_string(&JsString::from(kind))
}

/// `vmContext(sandbox, strings, name, lazy, filler)`: node:vm's new context
/// for `sandbox` (an object), its global proxy; `strings` false refuses eval
/// in it; the first read of a global named in `lazy` calls `filler(global)`.
pub(super) fn vm_context<'e>(env: &Env<'e>, _shared: &Arc<RuntimeState>, args: &[Local<'e>]) -> Result<Local<'e>> {
    let Some(&sandbox) = args.first().filter(|v| is_object(env.kind(**v))) else {
        return Err(Error::Conversion("vmContext(sandbox, strings)".into()));
    };
    let strings = args.get(1).is_none_or(|v| env.kind(*v) != Kind::False);
    let name = args.get(2).filter(|v| env.kind(**v) == Kind::String).map(|v| env.string(*v).to_string_lossy());
    let lazy = match (args.get(3), args.get(4)) {
        (Some(&lazy), Some(&filler)) if is_object(env.kind(lazy)) && env.kind(filler) == Kind::Function => {
            Some((lazy, filler))
        }
        _ => None,
    };
    env.vm_context_new(sandbox, strings, name.as_deref().unwrap_or("VM Context"), lazy)
}

/// `vmGlobals()`: the globals the polyfills make for this engine.
pub(super) fn vm_globals<'e>(env: &Env<'e>, _shared: &Arc<RuntimeState>, _args: &[Local<'e>]) -> Result<Local<'e>> {
    let names = crate::polyfills::vm_globals();
    let items = names.iter().map(|name| env.new_string(&JsString::from(*name))).collect::<Result<Vec<_>>>()?;
    let list = env.new_array(items.len())?;
    env.array_fill(list, &items)?;
    Ok(list)
}

/// `vmFill(global, names)`: runs, in the vm context whose global proxy is
/// `global`, the polyfill modules that make the globals `names`.
pub(super) fn vm_fill<'e>(env: &Env<'e>, _shared: &Arc<RuntimeState>, args: &[Local<'e>]) -> Result<Local<'e>> {
    let (Some(&global), Some(&list)) = (args.first(), args.get(1)) else {
        return Err(Error::Conversion("vmFill(global, names)".into()));
    };
    if !is_object(env.kind(global)) || env.kind(list) != Kind::Array {
        return Err(Error::Conversion("vmFill(global, names)".into()));
    }
    let mut names = Vec::new();
    for i in 0..env.array_length(list) {
        let name = env.get_index(list, i)?;
        if env.kind(name) == Kind::String {
            names.push(env.string(name).to_string_lossy());
        }
    }
    match crate::polyfills::vm_setup(&names) {
        Some(setup) => env.vm_run(global, &setup, "jsrun:polyfills"),
        None => Ok(env.undefined()),
    }
}

/// `vmRun(global, code, filename, timeout, timedOut)`: a classic script run
/// in the vm context whose global proxy is `global` (see `timed`).
pub(super) fn vm_run_in<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>, args: &[Local<'e>]) -> Result<Local<'e>> {
    let text = |v: Local<'e>| (env.kind(v) == Kind::String).then(|| env.string(v).to_string_lossy());
    let (Some(&global), Some(code), Some(name)) = (
        args.first().filter(|v| is_object(env.kind(**v))),
        args.get(1).and_then(|v| text(*v)),
        args.get(2).and_then(|v| text(*v)),
    ) else {
        return Err(Error::Conversion("vmRun(global, code, filename)".into()));
    };
    timed(env, shared, args.get(3..).unwrap_or_default(), || env.vm_run(global, &code, &name))
}

fn is_object(kind: Kind) -> bool {
    !matches!(
        kind,
        Kind::Undefined
            | Kind::Null
            | Kind::True
            | Kind::False
            | Kind::Int32
            | Kind::Number
            | Kind::BigInt
            | Kind::String
            | Kind::Symbol
    )
}
