;; Mail text to wire lines, in one pass over a block (see ../wire-lines.ts).
;;
;; wire_lines(p, end, o, flags) -> o
;;   Reads the lines of [p, end) and writes them at o: each line ended by LF (or CRLF) ends in
;;   CRLF; with flag 2, a line starting with "." gets one more (RFC 1939 §3, RFC 5321 §4.5.2).
;;   The last line, without LF, is written only with flag 1 (the text ends there) and then as it
;;   is, without CRLF; with flag 4 the pass stops before a line of ">"s then "From " (mbox
;;   quoting, undone by the caller), or one too near end to tell. Returns where the output
;;   ends; where the input stopped is stored at address 0. The caller leaves 16 bytes of slack
;;   after end: the LF scan reads 16 at a time.
(module
  (memory (export "memory") 1)
  (func (export "wire_lines")
    (param $p i32) (param $end i32) (param $o i32) (param $flags i32) (result i32)
    (local $q i32) (local $content_end i32) (local $mask i32) (local $lf v128)
    (local.set $lf (i8x16.splat (i32.const 10)))
    (block $done
      (loop $line
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        ;; flag 4: stop before a quoted From line (">From ", ">>From ", ...) or one that may be
        (if (i32.and
              (i32.ne (i32.and (local.get $flags) (i32.const 4)) (i32.const 0))
              (i32.eq (i32.load8_u (local.get $p)) (i32.const 62)))
          (then
            (local.set $q (local.get $p))
            (loop $gt
              (if (i32.and
                    (i32.lt_u (local.get $q) (local.get $end))
                    (i32.eq (i32.load8_u (local.get $q)) (i32.const 62)))
                (then
                  (local.set $q (i32.add (local.get $q) (i32.const 1)))
                  (br $gt))))
            (br_if $done (i32.gt_u (i32.add (local.get $q) (i32.const 5)) (local.get $end)))
            (br_if $done (i32.and
              (i32.eq (i32.load (local.get $q)) (i32.const 0x6d6f7246)) ;; "From", little-endian
              (i32.eq (i32.load8_u offset=4 (local.get $q)) (i32.const 32))))))
        ;; q: the line's LF, or end
        (local.set $q (local.get $p))
        (block $found
          (loop $scan
            (local.set $mask
              (i8x16.bitmask (i8x16.eq (v128.load (local.get $q)) (local.get $lf))))
            (if (local.get $mask)
              (then
                (local.set $q (i32.add (local.get $q) (i32.ctz (local.get $mask))))
                (br $found)))
            (local.set $q (i32.add (local.get $q) (i32.const 16)))
            (br_if $scan (i32.lt_u (local.get $q) (local.get $end)))))
        (if (i32.gt_u (local.get $q) (local.get $end)) (then (local.set $q (local.get $end))))
        ;; a last line without LF waits for more text unless the text ends here
        (if (i32.eq (local.get $q) (local.get $end))
          (then (br_if $done (i32.eqz (i32.and (local.get $flags) (i32.const 1))))))
        (if (i32.and
              (i32.ne (i32.and (local.get $flags) (i32.const 2)) (i32.const 0))
              (i32.eq (i32.load8_u (local.get $p)) (i32.const 46)))
          (then
            (i32.store8 (local.get $o) (i32.const 46))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))))
        ;; the content: without its LF, and without a CR just before the LF
        (local.set $content_end (local.get $q))
        (if (i32.and
              (i32.lt_u (local.get $q) (local.get $end))
              (i32.gt_u (local.get $q) (local.get $p)))
          (then
            (if (i32.eq (i32.load8_u (i32.sub (local.get $q) (i32.const 1))) (i32.const 13))
              (then (local.set $content_end (i32.sub (local.get $q) (i32.const 1)))))))
        (memory.copy (local.get $o) (local.get $p)
          (i32.sub (local.get $content_end) (local.get $p)))
        (local.set $o
          (i32.add (local.get $o) (i32.sub (local.get $content_end) (local.get $p))))
        (if (i32.eq (local.get $q) (local.get $end))
          (then
            (local.set $p (local.get $end))
            (br $done)))
        (i32.store16 (local.get $o) (i32.const 0x0a0d)) ;; CR LF, little-endian
        (local.set $o (i32.add (local.get $o) (i32.const 2)))
        (local.set $p (i32.add (local.get $q) (i32.const 1)))
        (br $line)))
    (i32.store (i32.const 0) (local.get $p))
    (local.get $o)))
