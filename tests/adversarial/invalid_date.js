// expect: ConversionError
new Date(NaN)
