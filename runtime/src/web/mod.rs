//! The web platform's globals: WinterTC's Minimum Common API, less the
//! network. Each group is a script in `runtime/js/web/` that gets the
//! exports of the groups it builds on and the Rust functions it needs, and
//! returns its globals. A group is set up on first use of one of its
//! globals (`lazy`), so a runtime that never touches one pays nothing.
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use crate::env::{Env, Global, Local};
use crate::error::{Error, Result};
use crate::host::{HostFunction, RawFunction};
use crate::lazy;
use crate::state::{lock, RuntimeState};
use crate::value::JsString;

pub(crate) mod aes;
pub(crate) mod asymmetric;
mod clone;
pub(crate) mod compression;
mod crypto;
pub(crate) mod data_url;
pub(crate) mod native_args;
pub(crate) mod performance;
pub(crate) mod rsa;
pub(crate) mod subtle;
mod url;

/// A Rust function a group's script gets.
pub(crate) enum Native {
    /// Works on converted values.
    Host(fn() -> Arc<dyn HostFunction>),
    /// Works on JS values (see `host::RawFunction`).
    Raw(fn() -> Arc<RawFunction>),
    /// Made per runtime (it needs the runtime's state).
    PerRuntime(fn(&Arc<RuntimeState>) -> Arc<dyn HostFunction>),
}

struct Group {
    name: &'static str,
    source: &'static str,
    /// The globals it defines (names of its exports).
    globals: &'static [&'static str],
    /// Groups whose exports its script gets, by name.
    uses: &'static [&'static str],
    natives: &'static [(&'static str, Native)],
}

const GROUPS: &[Group] = &[
    Group {
        name: "events",
        source: include_str!("../../js/web/events.js"),
        globals: &[
            "Event",
            "EventTarget",
            "CustomEvent",
            "DOMException",
            "AbortController",
            "AbortSignal",
            "reportError",
            "ErrorEvent",
            "PromiseRejectionEvent",
            "addEventListener",
            "removeEventListener",
            "dispatchEvent",
            "onerror",
            "onunhandledrejection",
            "onrejectionhandled",
        ],
        uses: &["performance", "platform_objects"],
        natives: &[("uncaught", Native::Raw(crate::uncaught::native))],
    },
    Group {
        name: "platform_objects",
        source: include_str!("../../js/web/platform_objects.js"),
        globals: &[],
        uses: &[],
        natives: &[("base", Native::Raw(clone::base))],
    },
    Group {
        name: "performance",
        source: include_str!("../../js/web/performance.js"),
        globals: &[
            "performance",
            "Performance",
            "PerformanceEntry",
            "PerformanceMark",
            "PerformanceMeasure",
            "PerformanceObserver",
            "PerformanceObserverEntryList",
            "PerformanceResourceTiming",
        ],
        uses: &[],
        natives: &[
            ("clock", Native::PerRuntime(performance::clock)),
            ("nodeEnabled", Native::PerRuntime(performance::node_enabled)),
        ],
    },
    Group {
        name: "clone",
        source: include_str!("../../js/web/clone.js"),
        globals: &["structuredClone"],
        uses: &["events", "platform_objects"],
        natives: &[("clone", Native::Raw(clone::native))],
    },
    Group {
        name: "crypto",
        source: include_str!("../../js/web/crypto.js"),
        globals: &["crypto", "Crypto", "SubtleCrypto", "CryptoKey"],
        uses: &["events", "encoding", "platform_objects"],
        natives: &[
            ("random", Native::Host(crypto::random)),
            ("digest", Native::Host(crypto::digest)),
            ("hmac", Native::Host(subtle::hmac)),
            ("aesGcm", Native::Host(subtle::aes_gcm)),
            ("pbkdf2", Native::Host(subtle::pbkdf2)),
            ("hkdf", Native::Host(subtle::hkdf)),
            ("ec", Native::Host(asymmetric::ec)),
            ("ed25519", Native::Host(asymmetric::ed25519)),
            ("rsa", Native::Host(rsa::rsa)),
            ("aesCbc", Native::Host(aes::aes_cbc)),
            ("aesCtr", Native::Host(aes::aes_ctr)),
            ("aesKw", Native::Host(aes::aes_kw)),
            ("x25519", Native::Host(asymmetric::x25519)),
        ],
    },
    Group {
        name: "url",
        source: include_str!("../../js/web/url.js"),
        globals: &["URL", "URLSearchParams"],
        uses: &[],
        natives: &[
            ("parse", Native::Host(url::parse)),
            ("update", Native::Host(url::update)),
            ("formParse", Native::Host(url::form_parse)),
            ("formSerialize", Native::Host(url::form_serialize)),
            ("objectURLs", Native::Raw(object_urls)),
        ],
    },
    Group {
        name: "textstreams",
        source: include_str!("../../js/web/textstreams.js"),
        globals: &["TextEncoderStream", "TextDecoderStream"],
        uses: &["encoding", "streams"],
        natives: &[],
    },
    Group {
        name: "blob",
        source: include_str!("../../js/web/blob.js"),
        globals: &["Blob", "File"],
        uses: &["encoding", "streams", "platform_objects"],
        natives: &[
            ("random", Native::Host(crypto::random)),
            ("inTree", Native::Raw(crate::worker::blob_urls::in_tree_native)),
            ("share", Native::Raw(crate::worker::blob_urls::share)),
            ("unshare", Native::Raw(crate::worker::blob_urls::unshare)),
            ("lookup", Native::Raw(crate::worker::blob_urls::lookup)),
        ],
    },
    Group {
        name: "compression",
        source: include_str!("../../js/web/compression.js"),
        globals: &["CompressionStream", "DecompressionStream"],
        uses: &["streams"],
        natives: &[("codec", Native::PerRuntime(compression::codec))],
    },
    Group {
        name: "fetch",
        source: include_str!("../../js/web/fetch.js"),
        globals: &["Headers", "Request", "Response", "FormData", "fetch"],
        uses: &["encoding", "streams", "blob", "url", "events"],
        natives: &[("dataURL", Native::Host(data_url::native))],
    },
    Group {
        name: "urlpattern",
        // urlpattern-polyfill, bundled by runtime/js/build.mjs (it uses the URL global).
        source: include_str!(concat!(env!("OUT_DIR"), "/urlpattern.js")),
        globals: &["URLPattern"],
        uses: &[],
        natives: &[],
    },
    Group {
        name: "messaging",
        source: include_str!("../../js/web/messaging.js"),
        globals: &["MessageChannel", "MessagePort", "MessageEvent", "BroadcastChannel"],
        uses: &["events", "timers", "clone", "platform_objects"],
        natives: &[
            ("pipe", Native::Raw(crate::worker::port_natives::pipe)),
            ("bind", Native::Raw(crate::worker::port_natives::bind)),
            ("release", Native::Raw(crate::worker::port_natives::release)),
            ("start", Native::Raw(crate::worker::port_natives::start)),
            ("send", Native::Raw(crate::worker::port_natives::send)),
            ("requeue", Native::Raw(crate::worker::port_natives::requeue)),
            ("unqueue", Native::Raw(crate::worker::port_natives::unqueue)),
            ("receive", Native::Raw(crate::worker::port_natives::receive)),
            ("close", Native::Raw(crate::worker::port_natives::close)),
            ("listen", Native::Raw(crate::worker::port_natives::listen)),
            ("openChannel", Native::Raw(crate::worker::port_natives::open_channel)),
            ("broadcast", Native::Raw(crate::worker::port_natives::broadcast)),
            ("listenBroadcast", Native::Raw(crate::worker::port_natives::listen_broadcast)),
            ("hold", Native::Raw(crate::worker::natives::hold)),
            ("nodeEnabled", Native::PerRuntime(performance::node_enabled)),
        ],
    },
    Group {
        // ECMAScript's, not the web's: defined with the polyfills (late_fills.rs).
        name: "temporal",
        source: include_str!(concat!(env!("OUT_DIR"), "/temporal.js")),
        globals: &[],
        uses: &[],
        natives: &[],
    },
    Group {
        // ECMA-402's: a property of `Intl` (late_fills.rs).
        name: "durationformat",
        source: include_str!(concat!(env!("OUT_DIR"), "/durationformat.js")),
        globals: &[],
        uses: &[],
        natives: &[],
    },
    Group {
        // Properties of `WebAssembly`, not globals (see `define`).
        name: "wasm_streaming",
        source: include_str!("../../js/web/wasm_streaming.js"),
        globals: &[],
        uses: &["fetch"],
        natives: &[],
    },
    Group {
        name: "geometry",
        source: include_str!("../../js/web/geometry.js"),
        globals: &[
            "DOMMatrix",
            "DOMMatrixReadOnly",
            "DOMPoint",
            "DOMPointReadOnly",
            "DOMRect",
            "DOMRectReadOnly",
            "DOMQuad",
        ],
        uses: &["events", "platform_objects"],
        natives: &[],
    },
    Group {
        name: "workers",
        source: include_str!("../../js/web/workers.js"),
        globals: &["Worker"],
        uses: &["events", "messaging"],
        natives: &[
            ("spawn", Native::Raw(crate::worker::natives::spawn)),
            ("post", Native::Raw(crate::worker::natives::post)),
            ("terminate", Native::Raw(crate::worker::natives::terminate)),
            ("setRef", Native::Raw(crate::worker::natives::set_ref)),
            ("self", Native::Raw(crate::worker::natives::self_info)),
            ("postToParent", Native::Raw(crate::worker::natives::post_to_parent)),
            ("listen", Native::Raw(crate::worker::natives::listen)),
            ("receive", Native::Raw(crate::worker::natives::receive)),
            ("scriptSource", Native::Raw(crate::worker::natives::script_source)),
            ("runScript", Native::Raw(crate::worker::natives::run_script)),
            ("hold", Native::Raw(crate::worker::natives::hold)),
            ("exit", Native::Raw(crate::worker::natives::exit)),
            ("close", Native::Raw(crate::worker::natives::close)),
            ("uncaught", Native::Raw(crate::worker::natives::uncaught)),
        ],
    },
    Group {
        name: "navigator",
        source: include_str!("../../js/web/navigator.js"),
        globals: &["navigator", "Navigator", "self"],
        uses: &[],
        natives: &[],
    },
];

/// Groups set up in a runtime: their exports, by name; and whether the
/// runtime has their globals.
#[derive(Default)]
pub(crate) struct WebGroups(Mutex<HashMap<&'static str, Global>>, AtomicBool);

impl WebGroups {
    /// The runtime has the web platform's globals (`RuntimeOptions::web_apis`).
    pub(crate) fn defined(&self) -> bool {
        self.1.load(Ordering::Relaxed)
    }
}

/// Defines every group's globals, each set up on first use.
pub(crate) fn define(env: &Env<'_>, shared: &Arc<RuntimeState>) -> Result<()> {
    lazy::define(env, shared, crate::timers::GLOBALS, crate::timers::install)?;
    lazy::define(env, shared, crate::encoding::GLOBALS, crate::encoding::install)?;
    lazy::define(env, shared, crate::streams::GLOBALS, crate::streams::install)?;
    for group in GROUPS {
        let name = group.name;
        lazy::define_with(env, shared, group.globals, false, Box::new(move |env, shared| install(env, shared, name)))?;
    }
    let wasm = env.get_named(env.global(), "WebAssembly")?;
    if env.kind(wasm) == crate::env::Kind::Object {
        let names = ["compileStreaming", "instantiateStreaming"];
        lazy::define_on(
            env,
            shared,
            wasm,
            &names,
            false,
            Box::new(|env, shared| install(env, shared, "wasm_streaming")),
        )?;
    }
    shared.helpers.web.1.store(true, Ordering::Relaxed);
    Ok(())
}

/// url.js's `objectURLs()`: the blob URL store, the blob group's (set up on
/// first use, so that a runtime using URL does not pay for Blob).
fn object_urls() -> Arc<RawFunction> {
    Arc::new(|env, shared, _args| {
        let blob = install(env, shared, "blob")?;
        env.get_named(blob, "objectURLs")
    })
}

/// The type and text of the Blob a blob URL of this runtime's stands for
/// (`import()` of one), if any.
pub(crate) fn object_url_source<'e>(
    env: &Env<'e>,
    shared: &Arc<RuntimeState>,
    url: Local<'e>,
) -> Result<Option<(String, Local<'e>)>> {
    if !shared.helpers.web.defined() {
        return Ok(None);
    }
    let store = env.get_named(install(env, shared, "blob")?, "objectURLs")?;
    let found = env.call_function(env.get_named(store, "source")?, Some(store), &[url])?;
    if env.kind(found) != crate::env::Kind::Array {
        return Ok(None);
    }
    let mime = env.get_index(found, 0)?;
    Ok(Some((env.string(mime).to_string_lossy(), env.get_index(found, 1)?)))
}

/// The exports of group `name` if it was set up.
pub(crate) fn made<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>, name: &str) -> Option<Local<'e>> {
    // SAFETY: the handle lives as long as the isolate.
    lock(&shared.helpers.web.0).get(name).map(|made| unsafe { env.global_value(made) })
}

/// The exports of group `name`, set up (with the groups it uses) if need be.
pub(crate) fn install<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>, name: &str) -> Result<Local<'e>> {
    // The groups with installers of their own.
    match name {
        "timers" => return crate::timers::install(env, shared),
        "encoding" => return crate::encoding::install(env, shared),
        "streams" => return crate::streams::install(env, shared),
        _ => {}
    }
    if let Some(made) = lock(&shared.helpers.web.0).get(name) {
        // SAFETY: the handle lives as long as the isolate.
        return Ok(unsafe { env.global_value(made) });
    }
    let group = GROUPS
        .iter()
        .find(|g| g.name == name)
        .ok_or_else(|| Error::Internal(format!("no web platform group named {name}")))?;
    let uses = env.new_object()?;
    for used in group.uses {
        let exports = install(env, shared, used)?;
        env.set(uses, env.new_string(&JsString::from(*used))?, exports)?;
    }
    let natives = env.new_object()?;
    for (native_name, native) in group.natives {
        let f = match native {
            Native::Host(make) => shared.internal_function(env, make())?,
            Native::Raw(make) => shared.raw_function(env, make())?,
            Native::PerRuntime(make) => shared.internal_function(env, make(shared))?,
        };
        env.set(natives, env.new_string(&JsString::from(*native_name))?, f)?;
    }
    let script = format!("jsrun:web/{name}");
    let source = crate::intrinsics::script(shared, group.source, &script);
    let make = crate::code_cache::run(env, &source, &script)?;
    let exports = env.call_function(make, None, &[uses, natives])?;
    lock(&shared.helpers.web.0).insert(group.name, env.new_global(exports));
    Ok(exports)
}
