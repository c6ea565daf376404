// Regular expression literals an older engine cannot compile (the `v` flag
// before V8 11.x, modifiers such as `(?i:…)` before 12.5), rewritten to
// ones it can, as Babel does: acorn finds the literals, regexpu-core
// rewrites each (runtime/src/regexp_lowering.rs, bundled by build.mjs).
// Only literals the engine refuses change, and no line moves. In ES modules,
// import attributes (`with { type: 'json' }`, which V8 10.2 refuses, and the
// older `assert { … }`, which 10.2 and later engines refuse) are blanked too:
// jsrun loads a module by what its file is.
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

// `text` as spaces, its line breaks kept.
const blank = (text) => text.replace(/[^\r\n\u2028\u2029]/g, ' ');

// The source with its refused literals rewritten, or null if none was (or it does not tokenize).
module.exports = (source, isModule) => {
  const edits = [];
  // Import attributes: `with`/`assert` and a brace right after a module specifier (a string after
  // `from`, or after `import` itself), up to the matching brace.
  const before = []; // the last three tokens
  let clause = null; // { start, depth }
  try {
    for (const token of tokenizer(source, {
      ecmaVersion: 'latest',
      sourceType: isModule ? 'module' : 'script',
      allowHashBang: true,
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: true,
    })) {
      if (isModule) {
        const label = token.type.label;
        if (clause !== null) {
          if (label === '{') clause.depth += 1;
          if (label === '}' && --clause.depth === 0) {
            edits.push([clause.start, token.end, blank(source.slice(clause.start, token.end))]);
            clause = null;
          }
        } else if (label === '{' && before.length === 3) {
          const [head, specifier, keyword] = before;
          const afterFrom = head.type.label === 'name' && head.value === 'from';
          const opens = keyword.type.label === 'with' || (keyword.type.label === 'name' && keyword.value === 'assert');
          if ((afterFrom || head.type.label === 'import') && specifier.type.label === 'string' && opens) {
            clause = { start: keyword.start, depth: 1 };
          }
        }
        before.push(token);
        if (before.length > 3) before.shift();
      }
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
