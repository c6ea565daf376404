// Tasks for tinypool's workers (tests/npm/calls.js).
import { isMainThread } from 'node:worker_threads';

export default ({ a, b }) => a * b;
export const where = () => (isMainThread ? 'main thread' : 'worker');
export const later = async (value) => {
  await new Promise((resolve) => setTimeout(resolve, 5));
  return `${value} after a timer`;
};
export const fail = () => {
  throw new TypeError('thrown in a tinypool worker');
};
