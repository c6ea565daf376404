// expect: ConversionError
({ s: Symbol('nested') })
