// expect: ConversionError
new WeakMap()
