//! The workers group's functions (runtime/js/web/workers.js), for the
//! parent (`spawn`, `post`, `terminate`) and for the worker itself (`self`,
//! `postToParent`, `listen`, `hold`, `exit`, `uncaught`).
use std::sync::atomic::Ordering;
use std::sync::Arc;

use super::{Channel, Kind, Script, Spec};
use crate::env::{Env, Kind as JsKind, Local};
use crate::error::{Error, Result};
use crate::host::RawFunction;
use crate::state::{lock, RuntimeState};
use crate::value::JsString;
use crate::web::data_url;

/// The platform objects' clone hooks (so a `Blob` or a `DOMPoint` crosses).
pub(crate) fn hooks<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>) -> Result<Local<'e>> {
    let platform = crate::web::install(env, shared, "platform_objects")?;
    env.get_named(platform, "hooks")
}

/// The worker's global scope, made once: workers.js's `scope(info)`.
pub(crate) fn scope<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>) -> Result<Local<'e>> {
    let exports = crate::web::install(env, shared, "workers")?;
    env.call_function(env.get_named(exports, "scope")?, None, &[])
}

fn text(env: &Env<'_>, value: Local<'_>) -> Option<String> {
    (env.kind(value) == JsKind::String).then(|| env.string(value).to_string_lossy())
}

fn arg<'e>(env: &Env<'e>, args: &[Local<'e>], i: usize) -> Local<'e> {
    args.get(i).copied().unwrap_or_else(|| env.undefined())
}

fn number(env: &Env<'_>, value: Option<&Local<'_>>) -> Option<f64> {
    let value = *value?;
    matches!(env.kind(value), JsKind::Int32 | JsKind::Number).then(|| env.number(value))
}

fn id_arg(env: &Env<'_>, args: &[Local<'_>]) -> Option<u64> {
    number(env, args.first()).filter(|n| *n >= 1.0).map(|n| n as u64)
}

fn usage(message: impl Into<String>) -> Error {
    Error::Usage(message.into())
}

/// The script a worker of `url` runs: data: and blob: URLs hold it, a
/// `file:` URL or a path is imported (under `use_node_modules`).
fn script<'e>(
    env: &Env<'e>,
    shared: &Arc<RuntimeState>,
    url: &str,
    url_value: Local<'e>,
    module: bool,
) -> Result<Script> {
    let name = url.to_owned();
    if data_url::has_scheme(url, "data:") {
        if module {
            return Ok(Script::Import(name));
        }
        let (_, body) = data_url::decode(url).map_err(usage)?;
        return Ok(Script::Classic { source: String::from_utf8_lossy(&body).into_owned(), name });
    }
    if data_url::has_scheme(url, "blob:") {
        let Some((mime, source)) = crate::web::object_url_source(env, shared, url_value)? else {
            return Err(usage(format!("{url} is not a blob URL of this runtime's (or it was revoked)")));
        };
        let source = env.string(source).to_string_lossy();
        if !module {
            return Ok(Script::Classic { source, name });
        }
        if !data_url::is_javascript(&mime) {
            return Err(usage(format!("{url}: a module must have a JavaScript MIME type, not \"{mime}\"")));
        }
        return Ok(Script::Module { source, name: format!("worker-{url}") });
    }
    let scheme = url.split_once(':').map(|(s, _)| s).filter(|s| s.len() > 1);
    if scheme.is_some_and(|s| !s.eq_ignore_ascii_case("file")) {
        return Err(usage(format!(
            "{url:.80}: jsrun has no network; a worker's script is a blob: or data: URL, or a file under use_node_modules"
        )));
    }
    if !shared.node.enabled() {
        return Err(usage(format!("{url:.80}: a worker loads files only after use_node_modules")));
    }
    Ok(Script::Import(name))
}

/// The URL a worker's `location` shows: a path (a file under
/// `use_node_modules`) as the file: URL the loader resolves it to.
fn location(shared: &RuntimeState, url: String) -> String {
    if url::Url::parse(&url).is_ok() {
        return url;
    }
    match shared.node.resolve_import(&url, None) {
        Some(Ok(resolved)) => resolved,
        _ => url,
    }
}

/// `spawn(options, onEvent)`: options are `{ kind, name, url, module,
/// source?, data?, env?, buffers?, carried?, maxHeapMb? }`; returns the worker's id.
pub(crate) fn spawn() -> Arc<RawFunction> {
    Arc::new(|env, shared, args| {
        let options = arg(env, args, 0);
        let on_event = arg(env, args, 1);
        if env.kind(options) != JsKind::Object || env.kind(on_event) != JsKind::Function {
            return Err(usage("spawn(options, onEvent)"));
        }
        let kind = match text(env, env.get_named(options, "kind")?).as_deref() {
            Some("node") => Kind::Node,
            _ => Kind::Web,
        };
        let name = text(env, env.get_named(options, "name")?).unwrap_or_default();
        let module = env.get_named(options, "module")?;
        let module = env.kind(module) == JsKind::True;
        let source = env.get_named(options, "source")?;
        let (script, url) = match text(env, source) {
            // Node's `eval: true`: the text is the script.
            Some(source) => (Script::Classic { source, name: "[worker eval]".into() }, String::new()),
            None => {
                let url_value = env.get_named(options, "url")?;
                let url = text(env, url_value).ok_or_else(|| usage("spawn: url expected"))?;
                let script = script(env, shared, &url, url_value, module)?;
                (script, location(shared, url))
            }
        };
        let hooks = hooks(env, shared)?;
        let data_value = env.get_named(options, "data")?;
        // Node's transferList: its ArrayBuffers move, its MessagePorts are the pipe ends `carried`.
        let buffers = env.get_named(options, "buffers")?;
        let buffers = (env.kind(buffers) == JsKind::Array).then_some(buffers);
        let carried = super::port_natives::ends(env, Some(&env.get_named(options, "carried")?))?;
        let data =
            Some(super::InFlight::unbounded(env.write_message(data_value, buffers, Some(hooks))?).carrying(carried));
        let env_value = env.get_named(options, "env")?;
        let variables = if env.kind(env_value) == JsKind::Array {
            let mut pairs = Vec::new();
            for i in 0..env.array_length(env_value) {
                let pair = env.get_index(env_value, i)?;
                if let (Some(k), Some(v)) = (text(env, env.get_index(pair, 0)?), text(env, env.get_index(pair, 1)?)) {
                    pairs.push((k, v));
                }
            }
            Some(pairs)
        } else {
            None
        };
        // Node's resourceLimits.maxOldGenerationSizeMb (at least 4 MiB: V8 needs that much to start).
        let max_heap = number(env, Some(&env.get_named(options, "maxHeapMb")?))
            .filter(|mb| mb.is_finite() && *mb > 0.0)
            .map(|mb| (mb.max(4.0) * 1024.0 * 1024.0) as usize);
        let spec = Spec { kind, name, script, url, data, env: variables, max_heap };
        let id = super::spawn(env, shared, spec, on_event)?;
        env.new_number(id as f64)
    })
}

/// `post(id, value, buffers, channel, carried)`: a message for worker `id`
/// (channel 2: the answer to its `fetch`; 3: `[value, ports]`, the ports
/// standing for the pipe ends `carried`).
pub(crate) fn post() -> Arc<RawFunction> {
    Arc::new(|env, shared, args| {
        let id = id_arg(env, args).ok_or_else(|| usage("post(id, value, buffers, channel, carried)"))?;
        let carried = super::port_natives::ends(env, args.get(4))?;
        let message = write(env, shared, args)?;
        let channel = Channel::from_number(number(env, args.get(3)));
        super::post_to_worker(shared, id, channel, message, carried)?;
        Ok(env.undefined())
    })
}

/// The value (argument 1) with the ArrayBuffers of argument 2 moved.
fn write(env: &Env<'_>, shared: &Arc<RuntimeState>, args: &[Local<'_>]) -> Result<crate::env::Message> {
    let value = arg(env, args, 1);
    let buffers = args.get(2).copied().filter(|b| env.kind(*b) == JsKind::Array);
    env.write_message(value, buffers, Some(hooks(env, shared)?))
}

/// `terminate(id)`.
pub(crate) fn terminate() -> Arc<RawFunction> {
    Arc::new(|env, shared, args| {
        if let Some(id) = id_arg(env, args) {
            super::terminate(shared, id);
        }
        Ok(env.undefined())
    })
}

/// `setRef(id, refed)`: Node's `worker.ref()` and `unref()`.
pub(crate) fn set_ref() -> Arc<RawFunction> {
    Arc::new(|env, shared, args| {
        if let Some(id) = id_arg(env, args) {
            let refed = args.get(1).is_some_and(|r| env.kind(*r) == JsKind::True);
            shared.workers.set_ref(id, refed);
        }
        Ok(env.undefined())
    })
}

/// `self()`: `{ kind, name, threadId, data, url, classic }` in a worker (its `workerData`
/// the first time), undefined elsewhere.
pub(crate) fn self_info() -> Arc<RawFunction> {
    Arc::new(|env, shared, _args| {
        let Some(parent) = shared.workers.parent.get() else { return Ok(env.undefined()) };
        // (The InFlight lives until its ports are read: dropped unread, they would close.)
        let mut written = lock(&parent.data).take();
        let data = match written.as_mut().and_then(super::InFlight::take) {
            Some(message) => env.read_message(message, Some(hooks(env, shared)?))?,
            None => env.undefined(),
        };
        drop(written);
        let kind = if parent.kind == Kind::Node { "node" } else { "web" };
        let keys = ["kind", "name", "threadId", "data", "url", "classic"]
            .iter()
            .map(|k| env.new_string(&JsString::from(*k)))
            .collect::<Result<Vec<_>>>()?;
        let values = [
            env.new_string(&JsString::from(kind))?,
            env.new_string(&JsString::from(parent.name.as_str()))?,
            env.new_number(parent.id as f64)?,
            data,
            env.new_string(&JsString::from(parent.url.as_str()))?,
            env.boolean(parent.classic)?,
        ];
        env.object_from_entries(&keys, &values)
    })
}

/// `postToParent(channel, value, buffers, carried)`: channel 0 is a
/// message, 1 a console call (`[method, args]`), 2 a `fetch` for the parent
/// to make, 3 a message with ports (as `post`'s).
pub(crate) fn post_to_parent() -> Arc<RawFunction> {
    Arc::new(|env, shared, args| {
        let Some(parent) = shared.workers.parent.get() else { return Err(usage("not a worker")) };
        let carried = super::port_natives::ends(env, args.get(3))?;
        let message = write(env, shared, args)?;
        parent.post(Channel::from_number(number(env, args.first())), message, carried)?;
        Ok(env.undefined())
    })
}

/// `listen(f)`: f(type, value) gets the parent's messages.
pub(crate) fn listen() -> Arc<RawFunction> {
    Arc::new(|env, shared, args| {
        let f = arg(env, args, 0);
        let Some(parent) = shared.workers.parent.get() else { return Ok(env.undefined()) };
        if env.kind(f) == JsKind::Function {
            *lock(&parent.listener) = Some(env.new_global(f));
        }
        Ok(env.undefined())
    })
}

/// `receive()`: the parent's next message now (`[type, value]`), or
/// undefined when none waits (Node's `receiveMessageOnPort(parentPort)`).
pub(crate) fn receive() -> Arc<RawFunction> {
    Arc::new(|env, shared, _args| match super::child::receive(env, shared)? {
        Some((name, value)) => {
            let pair = env.new_array(2)?;
            env.array_fill(pair, &[name, value])?;
            Ok(pair)
        }
        None => Ok(env.undefined()),
    })
}

/// `scriptSource(url)`: the text of a classic script at `url` (a data: URL
/// or this runtime's blob URL), for `importScripts`; throws when there is none.
pub(crate) fn script_source() -> Arc<RawFunction> {
    Arc::new(|env, shared, args| {
        let url_value = arg(env, args, 0);
        let url = text(env, url_value).ok_or_else(|| usage("scriptSource(url)"))?;
        if !data_url::has_scheme(&url, "data:") && !data_url::has_scheme(&url, "blob:") {
            return Err(usage(format!("{url:.80}: jsrun has no network; importScripts loads data: and blob: URLs")));
        }
        match script(env, shared, &url, url_value, false)? {
            Script::Classic { source, .. } => Ok(env.new_string(&JsString::from(source.as_str()))?),
            _ => Err(usage("scriptSource: not a classic script")),
        }
    })
}

/// `runScript(source, url)`: runs a classic script in the global scope, as
/// `importScripts` does (its stack traces and DevTools name it `url`).
pub(crate) fn run_script() -> Arc<RawFunction> {
    Arc::new(|env, _shared, args| {
        let source = env.string(arg(env, args, 0)).to_string_lossy();
        let url = text(env, arg(env, args, 1)).unwrap_or_default();
        env.run_script(crate::value::Text::Utf8(&source), Some(&url))
    })
}

/// `hold(delta)`: a Node worker stays alive while its holds are above 0.
pub(crate) fn hold() -> Arc<RawFunction> {
    Arc::new(|env, shared, args| {
        if let (Some(parent), Some(delta)) = (shared.workers.parent.get(), number(env, args.first())) {
            parent.holds.fetch_add(delta as isize, Ordering::AcqRel);
        }
        Ok(env.undefined())
    })
}

/// `exit(code)`: the worker ends now (`close()`, Node's `process.exit`).
pub(crate) fn exit() -> Arc<RawFunction> {
    Arc::new(|env, shared, args| {
        let Some(parent) = shared.workers.parent.get() else { return Ok(env.undefined()) };
        let code = number(env, args.first()).map_or(0, |c| c as i32);
        parent.exit(code);
        shared.terminate();
        Err(Error::Terminated)
    })
}

/// `close()`: a web worker ends when the task that called it does (what it
/// posted before reaches the parent; its timers and later messages do not run).
pub(crate) fn close() -> Arc<RawFunction> {
    Arc::new(|env, shared, _args| {
        if let Some(parent) = shared.workers.parent.get() {
            parent.closing.store(true, Ordering::Release);
        }
        Ok(env.undefined())
    })
}

/// `uncaught(error)`: an error the worker's JS caught for the parent.
pub(crate) fn uncaught() -> Arc<RawFunction> {
    Arc::new(|env, shared, args| {
        super::forward_uncaught(env, shared, arg(env, args, 0), false);
        Ok(env.undefined())
    })
}
