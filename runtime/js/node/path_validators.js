// path-unified's argument checks (runtime/js/build.mjs puts this file in
// place of its validators.js), throwing Node's errors as Node's path does.
import errors from 'jsrun:errors';

export const validateString = (value, name) => {
  // (basename's second argument: "ext" in Node 21.5's copy, "suffix" in Node 20 and later.)
  const shown = name === 'ext' ? 'suffix' : name;
  if (typeof value !== 'string') throw errors.invalidArgType(`"${shown}" argument`, 'of type string', value);
};

export const validateObject = (value, name) => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw errors.invalidArgType(`"${name}" argument`, 'of type object', value);
  }
};
