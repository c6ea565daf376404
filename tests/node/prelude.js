// What the probes of tests/node share, put before each by the tests: a
// result collector and the error of a call.
/* exported probe, codeOf */
// `attempt(name, f)` keeps f()'s value under `name`, or how it failed (`failed(error)`); `attemptAsync`
// awaits it.
const probe = (failed = (error) => `error ${error.code || error.name}`) => {
  const out = {};
  const attempt = (name, f) => {
    try {
      out[name] = f();
    } catch (error) {
      out[name] = failed(error);
    }
  };
  // The same for a promise: its value, or how it failed with the message.
  const attemptAsync = async (name, f) => {
    try {
      out[name] = await f();
    } catch (error) {
      out[name] = `error ${error.code || error.name}: ${error.message}`;
    }
  };
  return { out, attempt, attemptAsync };
};
// "Name CODE" of what f() throws, or 'no error'.
const codeOf = (f) => {
  try {
    f();
    return 'no error';
  } catch (error) {
    return `${error.name} ${error.code}`;
  }
};
