// Regular expression literals an older engine cannot compile (the `v` flag
// before V8 11.x, modifiers such as `(?i:…)` before 12.5), rewritten to
// ones it can, as Babel does: acorn finds the literals, regexpu-core
// rewrites each (runtime/src/regexp_lowering.rs, bundled by build.mjs).
// Only literals the engine refuses change, and no line moves.
const { tokenizer } = require('acorn');
const rewritePattern = require('regexpu-core');

const compiles = (pattern, flags) => {
  try {
    return new RegExp(pattern, flags);
  } catch {
    return undefined;
  }
};

// `pattern`/`flags` as the engine can take them, as literal text; undefined if it cannot be helped.
const rewrite = (pattern, flags) => {
  let rewritten;
  try {
    // Property escapes the engine has stay; their sets are worked out only inside set operations.
    rewritten = rewritePattern(pattern, flags, { unicodeSetsFlag: 'transform', modifiers: 'transform' });
  } catch {
    return undefined;
  }
  const lowered = compiles(rewritten, flags.replace('v', 'u'));
  // `source` escapes what a literal cannot hold (`/`, line breaks).
  return lowered && `/${lowered.source}/${lowered.flags}`;
};

// The source with its refused literals rewritten, or null if none was (or it does not tokenize).
module.exports = (source, isModule) => {
  const edits = [];
  try {
    for (const token of tokenizer(source, {
      ecmaVersion: 'latest',
      sourceType: isModule ? 'module' : 'script',
      allowHashBang: true,
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: true,
    })) {
      if (token.type.label !== 'regexp') continue;
      const { pattern, flags } = token.value;
      if (compiles(pattern, flags)) continue;
      const text = rewrite(pattern, flags);
      if (text === undefined) return null;
      edits.push([token.start, token.end, text]);
    }
  } catch {
    return null;
  }
  if (edits.length === 0) return null;
  let out = '';
  let at = 0;
  for (const [start, end, text] of edits) {
    out += source.slice(at, start) + text;
    at = end;
  }
  return out + source.slice(at);
};
