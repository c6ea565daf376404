// expect: ConversionError
const s = new Set(); s.add(s); s
