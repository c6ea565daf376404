// expect: ConversionError
'x'.repeat(20e6)
