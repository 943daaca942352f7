;; Mail text to wire lines, in one pass over a block (see ../wire-lines.ts).
;;
;; wire_lines(p, end, o, flags) -> o
;;   Reads the lines of [p, end) and writes them at o: each line ended by LF (or CRLF) ends in
;;   CRLF; with flag 2, a line starting with "." gets one more (RFC 1939 §3, RFC 5321 §4.5.2).
;;   The last line, without LF, is written only with flag 1 (the text ends there) and then as it
;;   is, without CRLF; with flag 4 the pass stops before a line of ">"s then "From " (mbox
;;   quoting, undone by the caller), or one too near end to tell. Returns where the output
;;   ends; where the input stopped is stored at address 0. The caller leaves 16 bytes of slack
;;   after end and after the output's greatest length (twice the input, plus 2): the scan reads
;;   16 bytes at a time and stores them as it goes.
(module
  (memory (export "memory") 1)
  (func (export "wire_lines")
    (param $p i32) (param $end i32) (param $o i32) (param $flags i32) (result i32)
    (local $q i32) (local $w i32) (local $mask i32) (local $v v128) (local $lf v128)
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
        ;; a leading "." doubled when stuffing: written at w, dropped with the rest if the line
        ;; has to wait
        (local.set $w (local.get $o))
        (if (i32.and
              (i32.ne (i32.and (local.get $flags) (i32.const 2)) (i32.const 0))
              (i32.eq (i32.load8_u (local.get $p)) (i32.const 46)))
          (then
            (i32.store8 (local.get $w) (i32.const 46))
            (local.set $w (i32.add (local.get $w) (i32.const 1)))))
        ;; copy while scanning: each 16 bytes read are stored at w before the LF test, so a line
        ;; costs no call; q is the line's LF (or end), w where its copy ends. Up to 15 bytes past
        ;; w are scratch (the caller leaves 16 bytes of slack after the output too).
        (local.set $q (local.get $p))
        (block $found
          (loop $scan
            (local.set $v (v128.load (local.get $q)))
            (v128.store (local.get $w) (local.get $v))
            (local.set $mask (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $lf))))
            (if (local.get $mask)
              (then
                (local.set $q (i32.add (local.get $q) (i32.ctz (local.get $mask))))
                (local.set $w (i32.add (local.get $w) (i32.ctz (local.get $mask))))
                (br $found)))
            (local.set $q (i32.add (local.get $q) (i32.const 16)))
            (local.set $w (i32.add (local.get $w) (i32.const 16)))
            (br_if $scan (i32.lt_u (local.get $q) (local.get $end)))))
        (if (i32.gt_u (local.get $q) (local.get $end))
          (then
            (local.set $w (i32.sub (local.get $w) (i32.sub (local.get $q) (local.get $end))))
            (local.set $q (local.get $end))))
        (if (i32.eq (local.get $q) (local.get $end))
          (then
            ;; a last line without LF waits for more text unless the text ends here; if it does,
            ;; it is written as it is
            (br_if $done (i32.eqz (i32.and (local.get $flags) (i32.const 1))))
            (local.set $o (local.get $w))
            (local.set $p (local.get $end))
            (br $done)))
        ;; a CR just before the LF is dropped: the line end is written as CR LF below
        (if (i32.gt_u (local.get $q) (local.get $p))
          (then
            (if (i32.eq (i32.load8_u (i32.sub (local.get $q) (i32.const 1))) (i32.const 13))
              (then (local.set $w (i32.sub (local.get $w) (i32.const 1)))))))
        (local.set $o (local.get $w))
        (i32.store16 (local.get $o) (i32.const 0x0a0d)) ;; CR LF, little-endian
        (local.set $o (i32.add (local.get $o) (i32.const 2)))
        (local.set $p (i32.add (local.get $q) (i32.const 1)))
        (br $line)))
    (i32.store (i32.const 0) (local.get $p))
    (local.get $o)))
