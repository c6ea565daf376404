// expect: ConversionError
new Array(1e8)
