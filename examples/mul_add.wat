;; The module examples/inspector.py debugs: a Python-bound import and a local.
(module
  (import "env" "log" (func $log (param i32)))
  (func $mul_add (export "mul_add") (param $a i32) (param $b i32) (result i32)
    (local $product i32)
    local.get $a
    local.get $b
    i32.mul
    local.set $product
    local.get $product
    call $log
    local.get $product
    i32.const 1
    i32.add))
