//! `wasm-sourcemap IN.wasm OUT.wasm OUT.map URL`: reads the DWARF line table
//! that `clang -g` (or rustc, or Emscripten) puts in a Wasm module, writes it
//! as a source map (columns are byte offsets in the module, as V8 and
//! DevTools expect for Wasm), and writes the module again with a
//! `sourceMappingURL` custom section naming `URL`. Sources are named as the
//! DWARF names them, relative to the compilation directory when under it.
//! Written here because no maintained tool does this offline (Emscripten's
//! `wasm-sourcemap.py` needs its own checkout and llvm-dwarfdump).
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use gimli::{EndianSlice, LittleEndian};

type Reader<'a> = EndianSlice<'a, LittleEndian>;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output, map, url] = args.as_slice() else {
        eprintln!("usage: wasm-sourcemap IN.wasm OUT.wasm OUT.map SOURCE_MAPPING_URL");
        std::process::exit(2);
    };
    if let Err(e) = run(Path::new(input), Path::new(output), Path::new(map), url) {
        eprintln!("wasm-sourcemap: {e}");
        std::process::exit(1);
    }
}

fn run(input: &Path, output: &Path, map: &Path, url: &str) -> Result<(), String> {
    let module = std::fs::read(input).map_err(|e| format!("{}: {e}", input.display()))?;
    let (code_start, debug) = sections(&module)?;
    let rows = line_rows(&debug)?;
    if rows.is_empty() {
        return Err(format!("{}: no DWARF line table (compile with -g)", input.display()));
    }
    let mut builder = sourcemap::SourceMapBuilder::new(None);
    for row in &rows {
        let column = u32::try_from(row.address + code_start).map_err(|_| "module too large".to_owned())?;
        let source = builder.add_source(&row.file);
        builder.add_raw(0, column, row.line.saturating_sub(1), row.column.saturating_sub(1), Some(source), None, false);
    }
    let mut json = Vec::new();
    builder.into_sourcemap().to_writer(&mut json).map_err(|e| e.to_string())?;
    std::fs::write(map, json).map_err(|e| format!("{}: {e}", map.display()))?;
    let mut out = module;
    custom_section(&mut out, "sourceMappingURL", url);
    std::fs::write(output, out).map_err(|e| format!("{}: {e}", output.display()))
}

/// Where the code section's contents start (DWARF addresses count from
/// there), and the `.debug_*` custom sections by name.
fn sections(module: &[u8]) -> Result<(u64, HashMap<String, &[u8]>), String> {
    let mut code_start = None;
    let mut debug = HashMap::new();
    for payload in wasmparser::Parser::new(0).parse_all(module) {
        match payload.map_err(|e| format!("not a Wasm module: {e}"))? {
            wasmparser::Payload::CodeSectionStart { unchecked_range, .. } => code_start = Some(unchecked_range.start),
            wasmparser::Payload::CustomSection(section) if section.name().starts_with(".debug_") => {
                debug.insert(section.name().to_owned(), section.data());
            }
            _ => {}
        }
    }
    Ok((code_start.ok_or("the module has no code")?, debug))
}

struct Row {
    address: u64,
    file: String,
    line: u32,
    column: u32,
}

/// Every row of every line program, in address order.
fn line_rows(debug: &HashMap<String, &[u8]>) -> Result<Vec<Row>, String> {
    let load = |id: gimli::SectionId| -> Result<Reader<'_>, gimli::Error> {
        Ok(EndianSlice::new(debug.get(id.name()).copied().unwrap_or_default(), LittleEndian))
    };
    let dwarf = gimli::Dwarf::load(load).map_err(|e| e.to_string())?;
    let mut rows = Vec::new();
    let mut units = dwarf.units();
    while let Some(header) = units.next().map_err(|e| e.to_string())? {
        let unit = dwarf.unit(header).map_err(|e| e.to_string())?;
        let comp_dir = unit.comp_dir.map(|d| PathBuf::from(d.to_string_lossy().into_owned()));
        let Some(program) = unit.line_program.clone() else { continue };
        let mut program_rows = program.rows();
        while let Some((header, row)) = program_rows.next_row().map_err(|e| e.to_string())? {
            // Statements only: a debugger steps from one to the next (the
            // other rows mark parts of an expression, which DevTools would
            // step through one by one).
            if row.end_sequence() || !row.is_stmt() {
                continue;
            }
            let Some(line) = row.line() else { continue };
            let Some(file) = row.file(header) else { continue };
            let mut path = PathBuf::new();
            if let Some(dir) = file.directory(header) {
                path.push(dwarf.attr_string(&unit, dir).map_err(|e| e.to_string())?.to_string_lossy().as_ref());
            }
            path.push(
                dwarf.attr_string(&unit, file.path_name()).map_err(|e| e.to_string())?.to_string_lossy().as_ref(),
            );
            if let Some(relative) = comp_dir.as_ref().and_then(|dir| path.strip_prefix(dir).ok()) {
                path = relative.to_path_buf();
            }
            let column = match row.column() {
                gimli::ColumnType::LeftEdge => 1,
                gimli::ColumnType::Column(c) => u32::try_from(c.get()).unwrap_or(u32::MAX),
            };
            rows.push(Row {
                address: row.address(),
                file: path.to_string_lossy().into_owned(),
                line: u32::try_from(line.get()).unwrap_or(u32::MAX),
                column,
            });
        }
    }
    rows.sort_by_key(|r| r.address);
    Ok(rows)
}

/// Appends custom section `name` whose payload is `text` as a Wasm string.
fn custom_section(module: &mut Vec<u8>, name: &str, text: &str) {
    let mut payload = Vec::new();
    leb128(&mut payload, name.len() as u64);
    payload.extend_from_slice(name.as_bytes());
    leb128(&mut payload, text.len() as u64);
    payload.extend_from_slice(text.as_bytes());
    module.push(0); // custom section id
    leb128(module, payload.len() as u64);
    module.extend_from_slice(&payload);
}

fn leb128(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}
