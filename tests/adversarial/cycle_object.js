// expect: ok
const o = { name: 'o' }; o.self = o; o.list = [o, o]; o
