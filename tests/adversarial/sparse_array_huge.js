// expect: ConversionError
const a = []; a[4e9] = 1; a
