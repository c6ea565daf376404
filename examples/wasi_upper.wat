;; A WASI program (docs/webassembly.md): copies standard input to standard
;; output in capitals (ASCII), reading through a 64-byte buffer, and exits
;; with the number of bytes it changed.
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  ;; 0: an iovec (buffer 64, length); 16: bytes read; 20: bytes written; 64: the buffer
  (func (export "_start")
    (local $n i32) (local $i i32) (local $c i32) (local $changed i32)
    (loop $more
      (i32.store (i32.const 0) (i32.const 64))
      (i32.store (i32.const 4) (i32.const 64))
      (if (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16))
        (then (call $proc_exit (i32.const 255))))
      (local.set $n (i32.load (i32.const 16)))
      (if (local.get $n)
        (then
          (local.set $i (i32.const 0))
          (loop $each
            (local.set $c (i32.load8_u offset=64 (local.get $i)))
            (if (i32.and (i32.ge_u (local.get $c) (i32.const 97)) (i32.le_u (local.get $c) (i32.const 122)))
              (then
                (i32.store8 offset=64 (local.get $i) (i32.sub (local.get $c) (i32.const 32)))
                (local.set $changed (i32.add (local.get $changed) (i32.const 1)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $each (i32.lt_u (local.get $i) (local.get $n))))
          (i32.store (i32.const 4) (local.get $n))
          (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 20)))
          (br $more))))
    (call $proc_exit (local.get $changed))))
