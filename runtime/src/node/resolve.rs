//! Node's module resolution (oxc_resolver, which follows Node's ESM and
//! CommonJS algorithms: `exports`, `imports`, conditions, `main`, index
//! files, extension search), confined to one directory: its file system
//! answers "not found" for anything outside, and remembers a path inside
//! that led outside so the error can say so.
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use oxc_resolver::{FileMetadata, FileSystem, ModuleType, ResolveError, ResolveOptions, ResolverGeneric};

/// Which of Node's two resolvers: `import` (ESM: no extension search for
/// relative files, conditions `node`/`import`) or `require` (CommonJS).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Mode {
    Import,
    Require,
}

/// How a resolved file runs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Format {
    Module,
    CommonJs,
    /// A `.js` or extensionless file whose package names no type: CommonJS
    /// unless its source has ES module syntax (Node 20.19's and 22's detection).
    Ambiguous,
    Json,
}

impl Format {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Module => "module",
            Format::CommonJs => "commonjs",
            Format::Ambiguous => "ambiguous",
            Format::Json => "json",
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Resolved {
    File {
        path: PathBuf,
        format: Format,
    },
    /// A `node:` built-in, by its name without the prefix.
    Builtin(String),
}

/// A failed resolution, with Node's error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    /// Node's error code ("" for none).
    pub(crate) code: &'static str,
    pub(crate) message: String,
    /// The JS error's name.
    pub(crate) name: &'static str,
    /// A file found that jsrun does not load (Wasm, a native addon):
    /// `require.resolve` still gives its path, as Node's does.
    pub(crate) unloadable: Option<PathBuf>,
}

impl Failure {
    fn new(code: &'static str, message: String) -> Self {
        let name = if code == "ERR_INVALID_MODULE_SPECIFIER" { "TypeError" } else { "Error" };
        Failure { code, message, name, unloadable: None }
    }
}

/// `path` with `.` and `..` taken out, without asking the file system.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The file system as the resolver sees it: only `root` and below.
struct Confined {
    root: Option<PathBuf>,
    /// The directory resolution starts from when it is the root's parent:
    /// the resolver may see that it is a directory, and nothing else of it.
    start: Option<PathBuf>,
    /// A path under the root whose real path is outside it.
    escaped: Arc<Mutex<Option<PathBuf>>>,
}

impl Confined {
    fn inside(&self, path: &Path) -> bool {
        self.root.as_ref().is_some_and(|root| normalize(path).starts_with(root))
    }

    fn is_start(&self, path: &Path) -> bool {
        self.start.as_deref().is_some_and(|start| normalize(path) == start)
    }

    /// The real path of `path`, if both are inside the root.
    fn real(&self, path: &Path) -> io::Result<PathBuf> {
        let (Some(root), true) = (&self.root, self.inside(path)) else {
            return Err(io::ErrorKind::NotFound.into());
        };
        let real = std::fs::canonicalize(path)?;
        if real.starts_with(root) {
            Ok(real)
        } else {
            *self.escaped.lock().unwrap_or_else(|p| p.into_inner()) = Some(path.to_owned());
            Err(io::ErrorKind::NotFound.into())
        }
    }
}

impl FileSystem for Confined {
    fn new() -> Self {
        Confined { root: None, start: None, escaped: Arc::default() }
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(self.real(path)?)
    }

    fn read_to_string(&self, path: &Path) -> io::Result<String> {
        std::fs::read_to_string(self.real(path)?)
    }

    fn metadata(&self, path: &Path) -> io::Result<FileMetadata> {
        if self.is_start(path) {
            return Ok(FileMetadata::new(false, true, false));
        }
        std::fs::metadata(self.real(path)?).map(FileMetadata::from)
    }

    fn symlink_metadata(&self, path: &Path) -> io::Result<FileMetadata> {
        if self.is_start(path) {
            return Ok(FileMetadata::new(false, true, false));
        }
        if !self.inside(path) {
            return Err(io::ErrorKind::NotFound.into());
        }
        std::fs::symlink_metadata(path).map(FileMetadata::from)
    }

    fn read_link(&self, path: &Path) -> Result<PathBuf, ResolveError> {
        if !self.inside(path) {
            return Err(io::Error::from(io::ErrorKind::NotFound).into());
        }
        Ok(std::fs::read_link(path)?)
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        if self.is_start(path) {
            return Ok(normalize(path));
        }
        self.real(path)
    }
}

/// Resolves specifiers the way Node does, from inside `root` only.
pub(crate) struct Resolver {
    root: PathBuf,
    /// Where code run from Python resolves from: the root, or its parent
    /// when the root is a node_modules directory (whose packages are then
    /// found as from the project beside it).
    start: PathBuf,
    escaped: Arc<Mutex<Option<PathBuf>>>,
    import: ResolverGeneric<Confined>,
    require: ResolverGeneric<Confined>,
}

fn options(mode: Mode) -> ResolveOptions {
    let conditions: &[&str] = match mode {
        Mode::Import => &["node", "import"],
        Mode::Require => &["node", "require"],
    };
    ResolveOptions {
        condition_names: conditions.iter().map(|c| (*c).to_owned()).collect(),
        // ESM names files in full; `main` and directories of packages
        // without `exports` still get Node's legacy lookup.
        fully_specified: mode == Mode::Import,
        extensions: vec![".js".into(), ".json".into(), ".node".into()],
        builtin_modules: true,
        module_type: true,
        node_path: false,
        symlinks: true,
        ..ResolveOptions::default()
    }
}

impl Resolver {
    /// `root` must be canonical (the caller checks it is a directory).
    pub(crate) fn new(root: PathBuf) -> Self {
        let escaped = Arc::<Mutex<Option<PathBuf>>>::default();
        let start = match (root.file_name(), root.parent()) {
            (Some(name), Some(parent)) if name == "node_modules" => parent.to_owned(),
            _ => root.clone(),
        };
        let outer = (start != root).then(|| start.clone());
        let fs = |root: &PathBuf| Confined { root: Some(root.clone()), start: outer.clone(), escaped: escaped.clone() };
        Resolver {
            import: ResolverGeneric::new_with_file_system(fs(&root), options(Mode::Import)),
            require: ResolverGeneric::new_with_file_system(fs(&root), options(Mode::Require)),
            root,
            start,
            escaped,
        }
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// The directory code run from Python resolves from.
    pub(crate) fn start(&self) -> &Path {
        &self.start
    }

    fn is_inside(&self, path: &Path) -> bool {
        path.starts_with(&self.root)
    }

    /// Resolves `specifier` as imported or required from `from` (the
    /// importing file, or None for code run from Python: the root).
    pub(crate) fn resolve(&self, specifier: &str, from: Option<&Path>, mode: Mode) -> Result<Resolved, Failure> {
        let dir = from.and_then(Path::parent).unwrap_or(&self.start);
        let importer = from.map_or_else(|| self.start.display().to_string(), |f| f.display().to_string());
        let local = if specifier.starts_with("file:") {
            let path = url::Url::parse(specifier).ok().and_then(|u| u.to_file_path().ok()).ok_or_else(|| {
                Failure::new(
                    "ERR_INVALID_URL",
                    format!("Invalid file URL '{specifier}' {}", from_text(&importer, mode)),
                )
            })?;
            Some(normalize(&path))
        } else if specifier.starts_with('/')
            || specifier.starts_with("./")
            || specifier.starts_with("../")
            || specifier == "."
            || specifier == ".."
        {
            Some(normalize(&dir.join(specifier)))
        } else {
            None
        };
        if let Some(target) = &local {
            if !self.is_inside(target) {
                return Err(Failure::new(
                    "ERR_ACCESS_DENIED",
                    format!(
                        "'{specifier}' from {importer} is outside the directory given to use_node_modules ({})",
                        self.root.display()
                    ),
                ));
            }
        }
        let resolver = match mode {
            Mode::Import => &self.import,
            Mode::Require => &self.require,
        };
        let specifier_for_resolver = match &local {
            Some(path) if specifier.starts_with("file:") => path.display().to_string(),
            _ => specifier.to_owned(),
        };
        self.take_escape();
        match resolver.resolve(dir, &specifier_for_resolver) {
            Ok(resolution) => {
                let path = resolution.path().to_owned();
                if !self.is_inside(&path) {
                    return Err(self.refused(specifier, &importer, &path));
                }
                let format = match resolution.module_type() {
                    Some(ModuleType::Module) => Format::Module,
                    Some(ModuleType::Json) => Format::Json,
                    Some(ModuleType::CommonJs) => Format::CommonJs,
                    None if matches!(path.extension().and_then(|e| e.to_str()), Some("js") | None) => Format::Ambiguous,
                    None => Format::CommonJs,
                    Some(ModuleType::Wasm | ModuleType::Addon) => {
                        let message = format!(
                            "'{specifier}' from {importer} resolves to {}, which jsrun does not load \
                             (native addons and .wasm modules are not supported; compile Wasm with WebAssembly)",
                            path.display()
                        );
                        return Err(Failure {
                            unloadable: Some(path),
                            ..Failure::new("ERR_UNKNOWN_FILE_EXTENSION", message)
                        });
                    }
                };
                Ok(Resolved::File { path, format })
            }
            Err(ResolveError::Builtin { resolved, .. }) => {
                if !nodejs_built_in_modules::is_nodejs_builtin_module(&resolved) {
                    return Err(Failure::new(
                        "ERR_UNKNOWN_BUILTIN_MODULE",
                        format!("No such built-in module: {resolved} ({})", from_text(&importer, mode)),
                    ));
                }
                Ok(Resolved::Builtin(resolved.strip_prefix("node:").unwrap_or(&resolved).to_owned()))
            }
            Err(e) => {
                if let Some(path) = self.take_escape() {
                    // The refusal is cached as "not found": forget it, to say so again next time.
                    resolver.clear_cache();
                    return Err(self.refused(specifier, &importer, &path));
                }
                Err(self.failure(e, specifier, &importer, dir, mode, local.as_deref()))
            }
        }
    }

    fn take_escape(&self) -> Option<PathBuf> {
        self.escaped.lock().unwrap_or_else(|p| p.into_inner()).take()
    }

    fn refused(&self, specifier: &str, importer: &str, path: &Path) -> Failure {
        Failure::new(
            "ERR_ACCESS_DENIED",
            format!(
                "'{specifier}' from {importer} leads to {}, whose real path is outside the directory given to \
                 use_node_modules ({}): refused",
                path.display(),
                self.root.display()
            ),
        )
    }

    fn failure(
        &self,
        error: ResolveError,
        specifier: &str,
        importer: &str,
        dir: &Path,
        mode: Mode,
        local: Option<&Path>,
    ) -> Failure {
        let from = from_text(importer, mode);
        let not_found = if mode == Mode::Import { "ERR_MODULE_NOT_FOUND" } else { "MODULE_NOT_FOUND" };
        match error {
            ResolveError::NotFound(_) | ResolveError::IOError(_) => match local {
                Some(path) if mode == Mode::Import && path.is_dir() => Failure::new(
                    "ERR_UNSUPPORTED_DIR_IMPORT",
                    format!("Directory import '{}' is not supported resolving ES modules {from}", path.display()),
                ),
                Some(path) => Failure::new(not_found, format!("Cannot find module '{}' {from}", path.display())),
                None => Failure::new(
                    not_found,
                    format!(
                        "Cannot find {} '{specifier}' {from} (looked in node_modules from {} up to {})",
                        if specifier.starts_with('#') { "module" } else { "package" },
                        dir.display(),
                        self.root.display()
                    ),
                ),
            },
            ResolveError::PackagePathNotExported { subpath, package_json_path, .. } => Failure::new(
                "ERR_PACKAGE_PATH_NOT_EXPORTED",
                if subpath == "." {
                    format!("No \"exports\" main defined in {} {from}", package_json_path.display())
                } else {
                    format!(
                        "Package subpath '{subpath}' is not defined by \"exports\" in {} {from}",
                        package_json_path.display()
                    )
                },
            ),
            ResolveError::PackageImportNotDefined(name, package) => Failure::new(
                "ERR_PACKAGE_IMPORT_NOT_DEFINED",
                format!("Package import specifier \"{name}\" is not defined in package {} {from}", package.display()),
            ),
            ResolveError::InvalidPackageTarget(target, key, package) => Failure::new(
                "ERR_INVALID_PACKAGE_TARGET",
                format!(
                    "Invalid \"exports\" target \"{target}\" defined for '{key}' in the package config {} {from}",
                    package.display()
                ),
            ),
            ResolveError::InvalidModuleSpecifier(name, package) => Failure::new(
                "ERR_INVALID_MODULE_SPECIFIER",
                format!("Invalid module \"{name}\" {from} (package {})", package.display()),
            ),
            ResolveError::Specifier(e) => {
                Failure::new("ERR_INVALID_MODULE_SPECIFIER", format!("Invalid module \"{specifier}\" {from}: {e}"))
            }
            ResolveError::InvalidPackageConfig(path)
            | ResolveError::InvalidPackageConfigDefault(path)
            | ResolveError::InvalidPackageConfigDirectory(path) => Failure::new(
                "ERR_INVALID_PACKAGE_CONFIG",
                format!("Invalid package config {} while resolving '{specifier}' {from}", path.display()),
            ),
            ResolveError::Json(e) => Failure::new(
                "ERR_INVALID_PACKAGE_CONFIG",
                format!("Invalid package config {}: {} (resolving '{specifier}' {from})", e.path.display(), e.message),
            ),
            other => Failure::new(not_found, format!("Cannot resolve '{specifier}' {from}: {other}")),
        }
    }
}

fn from_text(importer: &str, mode: Mode) -> String {
    match mode {
        Mode::Import => format!("imported from {importer}"),
        Mode::Require => format!("required from {importer}"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    /// A project in a fresh temporary directory, and a directory beside it.
    fn project(name: &str) -> (PathBuf, PathBuf) {
        let base = std::env::temp_dir().join(format!("jsrun-resolve-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let root = base.join("proj");
        let outside = base.join("outside");
        for dir in [root.join("node_modules/pkg"), outside.clone()] {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(root.join("node_modules/pkg/package.json"), r#"{"exports": {"./x": "./x.js"}}"#).unwrap();
        std::fs::write(root.join("node_modules/pkg/x.js"), "").unwrap();
        std::fs::write(root.join("a.mjs"), "").unwrap();
        std::fs::write(outside.join("secret.js"), "").unwrap();
        std::os::unix::fs::symlink(outside.join("secret.js"), root.join("link.js")).unwrap();
        (std::fs::canonicalize(root).unwrap(), std::fs::canonicalize(outside).unwrap())
    }

    #[test]
    fn normalize_takes_out_dots_without_the_file_system() {
        assert_eq!(normalize(Path::new("/a/b/../c/./d")), PathBuf::from("/a/c/d"));
        assert_eq!(normalize(Path::new("/a/../../..")), PathBuf::from("/"));
    }

    #[test]
    fn resolves_packages_and_formats_inside_the_root() {
        let (root, _) = project("inside");
        let resolver = Resolver::new(root.clone());
        let found = resolver.resolve("pkg/x", None, Mode::Require).unwrap();
        // No "type": CommonJS or an ES module as the source says (the loader looks).
        assert_eq!(found, Resolved::File { path: root.join("node_modules/pkg/x.js"), format: Format::Ambiguous });
        let found = resolver.resolve("./a.mjs", None, Mode::Import).unwrap();
        assert_eq!(found, Resolved::File { path: root.join("a.mjs"), format: Format::Module });
        assert_eq!(resolver.resolve("node:path", None, Mode::Import).unwrap(), Resolved::Builtin("path".into()));
        assert_eq!(resolver.resolve("pkg/y", None, Mode::Require).unwrap_err().code, "ERR_PACKAGE_PATH_NOT_EXPORTED");
    }

    #[test]
    fn refuses_every_way_out_and_says_so_each_time() {
        let (root, outside) = project("outside");
        let resolver = Resolver::new(root.clone());
        let secret = outside.join("secret.js").display().to_string();
        for specifier in
            ["../outside/secret.js", secret.as_str(), &format!("file://{secret}"), "./link.js", "./link.js"]
        {
            let failure = resolver.resolve(specifier, None, Mode::Require).unwrap_err();
            assert_eq!(failure.code, "ERR_ACCESS_DENIED", "{specifier}: {}", failure.message);
        }
        // the file system the resolver sees ends at the root
        let fs = Confined { root: Some(root), start: None, escaped: Arc::default() };
        assert!(fs.read_to_string(&outside.join("secret.js")).is_err());
        assert!(fs.metadata(Path::new("/etc/passwd")).is_err());
    }
}
