//! Blob URLs across a runtime and its workers: as in browsers, where a
//! worker fetches, imports or `importScripts` the blob URLs its page made
//! (one origin) and the other way round, the runtimes of a tree share a
//! store of them (in the workers' template). A runtime publishes its URLs —
//! a copy of each Blob's bytes — once it is part of a tree (it is a worker,
//! or it made one), and they leave the store when revoked or when the
//! runtime that made them closes. Runtimes made apart never see each other's.
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use crate::env::{Env, Kind};
use crate::error::{Error, Result};
use crate::host::RawFunction;
use crate::state::{lock, RuntimeState};
use crate::ViewKind;

/// A Blob's type and bytes.
type Entry = (String, Arc<[u8]>);

/// A tree's blob URLs, by URL.
#[derive(Default)]
pub(crate) struct Store {
    urls: Mutex<HashMap<String, Entry>>,
}

/// A runtime's side: whether it publishes its URLs, and which it did.
#[derive(Default)]
pub(crate) struct Published {
    /// It made a worker (a worker's own is its `parent`).
    made_worker: AtomicBool,
    urls: Mutex<Vec<String>>,
}

impl Published {
    /// The runtime closes: its URLs are revoked everywhere.
    pub(super) fn withdraw(&self, store: &Store) {
        let urls = std::mem::take(&mut *lock(&self.urls));
        let mut shared = lock(&store.urls);
        for url in urls {
            shared.remove(&url);
        }
    }
}

fn store(shared: &RuntimeState) -> Option<Arc<Store>> {
    lock(&shared.workers.template).as_ref().map(|template| template.blob_urls.clone())
}

fn in_tree(shared: &RuntimeState) -> bool {
    shared.workers.parent.get().is_some() || shared.workers.blob_urls.made_worker.load(Ordering::Acquire)
}

/// The runtime makes its first worker: what it made so far is published
/// (blob.js's `objectURLs.publish()`, if its blob group is set up).
pub(super) fn first_worker(env: &Env<'_>, shared: &Arc<RuntimeState>) -> Result<()> {
    if shared.workers.blob_urls.made_worker.swap(true, Ordering::AcqRel) {
        return Ok(());
    }
    let Some(blob) = crate::web::made(env, shared, "blob") else { return Ok(()) };
    let urls = env.get_named(blob, "objectURLs")?;
    env.call_function(env.get_named(urls, "publish")?, Some(urls), &[])?;
    Ok(())
}

/// `inTree()`: whether this runtime's blob URLs are shared.
pub(crate) fn in_tree_native() -> Arc<RawFunction> {
    Arc::new(|env, shared, _args| env.boolean(in_tree(shared)))
}

/// `share(url, type, bytes)`: publishes a blob URL (a copy of `bytes`, a Uint8Array).
pub(crate) fn share() -> Arc<RawFunction> {
    Arc::new(|env, shared, args| {
        let (Some(url), Some(mime), Some(bytes)) = (args.first(), args.get(1), args.get(2)) else {
            return Err(Error::Usage("share(url, type, bytes)".into()));
        };
        let Some(store) = store(shared) else { return Ok(env.undefined()) };
        let (url, mime) = (env.text(*url), env.text(*mime));
        let bytes: Arc<[u8]> = if env.kind(*bytes) == Kind::TypedArray {
            let (_, len) = env.view_kind(*bytes);
            env.view_bytes(*bytes, len).into()
        } else {
            Arc::from(Vec::new())
        };
        lock(&store.urls).insert(url.clone(), (mime, bytes));
        lock(&shared.workers.blob_urls.urls).push(url);
        Ok(env.undefined())
    })
}

/// `unshare(url)`: a blob URL revoked (by any runtime of the tree, as in browsers).
pub(crate) fn unshare() -> Arc<RawFunction> {
    Arc::new(|env, shared, args| {
        let url = args.first().map(|url| env.text(*url)).unwrap_or_default();
        if let Some(store) = store(shared) {
            lock(&store.urls).remove(&url);
        }
        lock(&shared.workers.blob_urls.urls).retain(|own| *own != url);
        Ok(env.undefined())
    })
}

/// `lookup(url)`: `[type, bytes]` of a blob URL another runtime of the tree
/// made, or null.
pub(crate) fn lookup() -> Arc<RawFunction> {
    Arc::new(|env, shared, args| {
        let url = args.first().map(|url| env.text(*url)).unwrap_or_default();
        let found = store(shared).and_then(|store| lock(&store.urls).get(&url).cloned());
        let Some((mime, bytes)) = found else { return env.null() };
        let pair = env.new_array(2)?;
        let mime = env.new_string(&mime.as_str().into())?;
        env.array_fill(pair, &[mime, env.new_view(ViewKind::Uint8, &bytes, false)?])?;
        Ok(pair)
    })
}
