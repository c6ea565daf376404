// expect: ConversionError
new Promise(() => {})
