// Node's errors that several built-ins throw, with Node's messages.
(function () {
  'use strict';
  // ERR_INVALID_ARG_TYPE: `what` must be `expected`, and what it got.
  const invalidArgType = (what, expected, value) => {
    const received = value === null || value === undefined ? ` Received ${value}`
      : typeof value === 'function' ? ` Received function ${value.name}`
        : typeof value === 'object' ? ` Received an instance of ${value.constructor?.name ?? 'Object'}`
          : ` Received type ${typeof value} (${typeof value === 'string' ? `'${value}'` : String(value)})`;
    const error = new TypeError(`The ${what} must be ${expected}.${received}`);
    error.code = 'ERR_INVALID_ARG_TYPE';
    return error;
  };
  // An error of class Type with Node's `code`.
  const withCode = (code, message, Type = Error) => Object.assign(new Type(message), { code });
  return { invalidArgType, withCode };
})
