// The same sieve in plain JS.
(function () {
  let mem = new Uint8Array(0);
  return function sieve(n) {
    if (mem.length < n + 1) mem = new Uint8Array(n + 1); else mem.fill(0, 0, n + 1);
    for (let i = 2; i * i <= n; i++)
      if (!mem[i]) for (let j = i * i; j <= n; j += i) mem[j] = 1;
    let count = 0;
    for (let i = 2; i <= n; i++) count += mem[i] === 0 ? 1 : 0;
    return count;
  };
})()
