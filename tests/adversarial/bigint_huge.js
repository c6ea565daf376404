// expect: ok
2n ** 100000n
