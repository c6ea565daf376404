//! What the inspector may hand DevTools when it asks for a resource
//! (`Network.loadNetworkResource`: a source map, the sources it names):
//! files under the directories the user allowed, `data:` URLs, and whatever
//! the user's loader answers. Nothing else: the inspector is reachable by
//! anyone who can reach its port.
use std::path::PathBuf;
use std::sync::Arc;

/// The user's loader for other URLs: `Ok(Some(bytes))`, `Ok(None)` (not
/// its URL) or `Err(why)`.
pub type Loader = dyn Fn(&str) -> std::result::Result<Option<Vec<u8>>, String> + Send + Sync;

/// Largest resource served (a source map of a large module is a few MB).
#[cfg(feature = "inspector")]
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// The places a runtime's inspector serves resources from.
#[derive(Clone, Default)]
pub struct Resources {
    /// Canonical directories (symlinks resolved).
    roots: Vec<PathBuf>,
    loader: Option<Arc<Loader>>,
}

impl std::fmt::Debug for Resources {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resources").field("roots", &self.roots).field("loader", &self.loader.is_some()).finish()
    }
}

impl Resources {
    /// Serves files under `roots` (each must be a directory) and, for other
    /// URLs, asks `loader`.
    pub fn new(roots: &[PathBuf], loader: Option<Arc<Loader>>) -> std::result::Result<Resources, String> {
        let mut canonical = Vec::with_capacity(roots.len());
        for root in roots {
            let found = std::fs::canonicalize(root)
                .map_err(|e| format!("source root {} cannot be used: {e}", root.display()))?;
            if !found.is_dir() {
                return Err(format!("source root {} is not a directory", root.display()));
            }
            canonical.push(found);
        }
        Ok(Resources { roots: canonical, loader })
    }

    /// The bytes behind `url`, or why they are not served.
    #[cfg(feature = "inspector")]
    pub(crate) fn load(&self, url: &str) -> std::result::Result<Vec<u8>, String> {
        if url.starts_with("data:") {
            return crate::web::data_url::decode(url).map(|(_, body)| body);
        }
        if let Ok(parsed) = url::Url::parse(url) {
            if parsed.scheme() == "file" {
                let path = parsed.to_file_path().map_err(|_| format!("{url}: not a local file URL"))?;
                return self.file(url, &path);
            }
        }
        if let Some(loader) = &self.loader {
            return match loader(url) {
                Ok(Some(bytes)) => Ok(bytes),
                Ok(None) => Err(format!("{url}: the resource loader has nothing there")),
                Err(why) => Err(format!("{url}: the resource loader failed: {why}")),
            };
        }
        Err(self.refusal(url))
    }

    #[cfg(feature = "inspector")]
    fn file(&self, url: &str, path: &std::path::Path) -> std::result::Result<Vec<u8>, String> {
        if self.roots.is_empty() {
            return Err(self.refusal(url));
        }
        // Canonical: `..`, symlinks and the like resolved before the check.
        let found = std::fs::canonicalize(path).map_err(|_| format!("{url}: no such file"))?;
        if !self.roots.iter().any(|root| found.starts_with(root)) {
            return Err(self.refusal(url));
        }
        let meta = std::fs::metadata(&found).map_err(|e| format!("{url}: {e}"))?;
        if !meta.is_file() {
            return Err(format!("{url}: not a file"));
        }
        if meta.len() > MAX_BYTES {
            return Err(format!("{url}: larger than {MAX_BYTES} bytes"));
        }
        std::fs::read(&found).map_err(|e| format!("{url}: {e}"))
    }

    #[cfg(feature = "inspector")]
    fn refusal(&self, url: &str) -> String {
        format!(
            "{url}: not served: the inspector serves files under its source roots, data: URLs and what its \
             resource loader answers (InspectorConfig(source_roots=..., resource_loader=...))"
        )
    }
}
