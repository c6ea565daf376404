// expect: ConversionError
Symbol('x')
