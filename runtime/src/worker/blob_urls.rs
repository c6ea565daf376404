//! Blob URLs across a runtime and its workers: as in browsers, where a
//! worker fetches, imports or `importScripts` the blob URLs its page made
//! (one origin) and the other way round, the runtimes of a tree share a
//! store of them (in the workers' template). A runtime publishes its URLs —
//! a copy of each Blob's bytes — once it is part of a tree (it is a worker,
//! or it made one), and they leave the store when revoked or when the
//! runtime that made them closes. The copies a runtime published are
//! bounded as the messages waiting between threads are (`max_heap_size`, or
//! 256 MiB). Runtimes made apart never see each other's.
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::env::{Env, Kind};
use crate::error::{Error, Result};
use crate::host::RawFunction;
use crate::state::{lock, RuntimeState};
use crate::ViewKind;

/// A Blob's type and bytes, and the count of bytes its runtime published
/// (`cost` of them are this entry's).
struct Entry {
    mime: String,
    bytes: Arc<[u8]>,
    publisher: Arc<AtomicUsize>,
    cost: usize,
}

impl Drop for Entry {
    fn drop(&mut self) {
        self.publisher.fetch_sub(self.cost, Ordering::AcqRel);
    }
}

/// What an entry counts against its runtime's bound: its bytes, and its
/// URL and bookkeeping (so empty Blobs are bounded too).
fn cost(url: &str, mime: &str, len: usize) -> usize {
    len.saturating_add(url.len()).saturating_add(mime.len()).saturating_add(128)
}

/// A tree's blob URLs, by URL.
#[derive(Default)]
pub(crate) struct Store {
    urls: Mutex<HashMap<String, Entry>>,
}

/// A runtime's side: whether it publishes its URLs, and what they cost.
#[derive(Default)]
pub(crate) struct Published {
    /// It made a worker (a worker's own is its `parent`).
    made_worker: AtomicBool,
    /// What its URLs in the store cost (also how its entries are told apart).
    bytes: Arc<AtomicUsize>,
}

impl Published {
    /// The runtime closes: its URLs are revoked everywhere.
    pub(super) fn withdraw(&self, store: &Store) {
        lock(&store.urls).retain(|_, entry| !Arc::ptr_eq(&entry.publisher, &self.bytes));
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

/// `share(url, type, bytes)`: publishes a blob URL (a copy of `bytes`, a
/// Uint8Array); throws past the runtime's bound.
pub(crate) fn share() -> Arc<RawFunction> {
    Arc::new(|env, shared, args| {
        let (Some(url), Some(mime), Some(bytes)) = (args.first(), args.get(1), args.get(2)) else {
            return Err(Error::Usage("share(url, type, bytes)".into()));
        };
        let Some((store, limit)) = lock(&shared.workers.template)
            .as_ref()
            .map(|template| (template.blob_urls.clone(), super::pending_limit(&template.options)))
        else {
            return Ok(env.undefined());
        };
        let (url, mime) = (env.text(*url), env.text(*mime));
        let len = if env.kind(*bytes) == Kind::TypedArray { env.view_kind(*bytes).1 } else { 0 };
        let cost = cost(&url, &mime, len);
        let publisher = shared.workers.blob_urls.bytes.clone();
        let before = publisher.fetch_add(cost, Ordering::AcqRel);
        if before.saturating_add(cost) > limit {
            publisher.fetch_sub(cost, Ordering::AcqRel);
            return Err(Error::Usage(format!(
                "{} MiB of this thread's blob URLs are already shared with its workers (jsrun bounds them by \
                 max_heap_size, or 256 MiB): revoke some",
                before / (1024 * 1024)
            )));
        }
        let bytes: Arc<[u8]> = if len > 0 { env.view_bytes(*bytes, len).into() } else { Arc::from(Vec::new()) };
        lock(&store.urls).insert(url, Entry { mime, bytes, publisher, cost });
        Ok(env.undefined())
    })
}

/// `unshare(url)`: a blob URL revoked (by any runtime of the tree, as in browsers).
pub(crate) fn unshare() -> Arc<RawFunction> {
    Arc::new(|env, shared, args| {
        let url = args.first().map(|url| env.text(*url)).unwrap_or_default();
        if let Some(store) = store(shared) {
            let removed = lock(&store.urls).remove(&url);
            drop(removed); // (its cost is given back outside the lock)
        }
        Ok(env.undefined())
    })
}

/// `lookup(url)`: `[type, bytes]` of a blob URL another runtime of the tree
/// made, or null.
pub(crate) fn lookup() -> Arc<RawFunction> {
    Arc::new(|env, shared, args| {
        let url = args.first().map(|url| env.text(*url)).unwrap_or_default();
        let found = store(shared)
            .and_then(|store| lock(&store.urls).get(&url).map(|entry| (entry.mime.clone(), entry.bytes.clone())));
        let Some((mime, bytes)) = found else { return env.null() };
        let pair = env.new_array(2)?;
        let mime = env.new_string(&mime.as_str().into())?;
        env.array_fill(pair, &[mime, env.new_view(ViewKind::Uint8, &bytes, false)?])?;
        Ok(pair)
    })
}
