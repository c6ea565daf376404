// synckit's worker (tests/npm/calls.js): an async function the main thread calls synchronously.
import { runAsWorker } from 'synckit';

runAsWorker(async (text, times) => {
  await new Promise((resolve) => setTimeout(resolve, 1));
  if (times < 0) throw new RangeError('times must not be negative');
  return text.repeat(times);
});
