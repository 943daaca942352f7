/**
 * The "edge" user's mbox: the cases that break naive servers and clients. The file is
 * mboxrd-quoted, as a careful delivery agent writes it.
 *  1. Lines starting with "." (byte-stuffed on the wire) and with "From " (quoted ">From "
 *     in the file; POP3 shows them unquoted).
 *  2. UTF-8 in raw header fields and in the body, and an RFC 2047 encoded word.
 *  3. A MIME message with an attachment (a small PNG image, base64).
 *  4. An empty body: a header, the blank line, nothing else.
 *  5. CRLF and LF line ends mixed in one message.
 *  6. A 998-octet line (RFC 5322 §2.1.1's limit), folded header fields, an X-UIDL header.
 */
const dots = `From bob@example.net  Tue Mar  3 09:00:01 2026
Return-Path: <bob@example.net>
From: Bob <bob@example.net>
To: edge@passerelle.example.test
Subject: dots and From lines
Date: Tue, 03 Mar 2026 09:00:01 +0100
Message-ID: <edge-dots@example.net>

Each line below starts with something special.
.
..
.a line that starts with one dot
..a line that starts with two dots
>From the start of a line, this word needed quoting in the file
>>From here on, this line was already quoted once before delivery
From-without-a-space is never quoted
 From after a space is never quoted either

The last line of this message is a single dot:
.
`;

const utf8 = `From zoe@example.org  Tue Mar  3 09:05:02 2026
Return-Path: <zoe@example.org>
From: Zoé Ümlaut <zoe@example.org>
To: edge@passerelle.example.test
Subject: Café, crème brûlée — ünïcödé ✓ 日本語 🎉
X-Encoded-Subject: =?UTF-8?Q?Caf=C3=A9_cr=C3=A8me_br=C3=BBl=C3=A9e?=
Date: Tue, 03 Mar 2026 09:05:02 +0100
Message-ID: <edge-utf8@example.org>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

Bonjour !

Accents : à â ç é è ê ë î ï ô ù û ü ÿ œ æ — et des guillemets « français ».
Ελληνικά, русский, 日本語, 한국어.
Emoji on four octets: 😀 🎉 🚀
.Un point en début de ligne, suivi d'UTF-8 : été
`;

// A 16x16 checkerboard in two colours (91 bytes).
const png =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAIklEQVR42mOQz98CR5+QAC5xhkGogRhFyOKDUcNoPAwKDQBHjgwfz1LCwgAAAABJRU5ErkJggg==';

const attachment = `From carol@example.org  Tue Mar  3 09:10:03 2026
Return-Path: <carol@example.org>
From: Carol <carol@example.org>
To: edge@passerelle.example.test
Subject: the icon, attached
Date: Tue, 03 Mar 2026 09:10:03 +0100
Message-ID: <edge-attachment@example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="=-=edge-boundary=-="

This is a multi-part message in MIME format.

--=-=edge-boundary=-=
Content-Type: text/plain; charset=UTF-8

Here is the 16x16 checkerboard icon you asked for.

--=-=edge-boundary=-=
Content-Type: image/png; name="icon.png"
Content-Disposition: attachment; filename="icon.png"
Content-Transfer-Encoding: base64

${png.match(/.{1,76}/g)!.join('\n')}

--=-=edge-boundary=-=--
`;

const empty = `From dave@example.net  Tue Mar  3 09:15:04 2026
Return-Path: <dave@example.net>
From: Dave <dave@example.net>
To: edge@passerelle.example.test
Subject: (nothing to say)
Date: Tue, 03 Mar 2026 09:15:04 +0100
Message-ID: <edge-empty@example.net>

`;

const mixed =
  `From erin@example.net  Tue Mar  3 09:20:05 2026\n` +
  `Return-Path: <erin@example.net>\n` +
  `From: Erin <erin@example.net>\r\n` +
  `To: edge@passerelle.example.test\n` +
  `Subject: CRLF and LF line ends, mixed\r\n` +
  `Date: Tue, 03 Mar 2026 09:20:05 +0100\n` +
  `Message-ID: <edge-mixed@example.net>\r\n` +
  `\n` +
  `This line ends with LF.\n` +
  `This one ends with CRLF.\r\n` +
  `\r\n` +
  `The blank line above ended with CRLF; this line ends with LF.\n` +
  `.a dot line ending with CRLF\r\n` +
  `and a last line ending with CRLF\r\n`;

const long = `From frank@example.net  Tue Mar  3 09:25:06 2026
Return-Path: <frank@example.net>
From: Frank <frank@example.net>
To: edge@passerelle.example.test,
\tbob@example.net,
    carol@example.org
Subject: a folded header and
 a line of 998 octets
Date: Tue, 03 Mar 2026 09:25:06 +0100
Message-ID: <edge-long@example.net>
X-UIDL: edge-long-line-0006

The next line is as long as a line of a message may be (998 octets
before its CRLF):
${'0123456789'.repeat(100).slice(0, 998)}
end
`;

export const edgeMbox: string = [dots, utf8, attachment, empty, mixed, long]
  .map((m) => `${m}\n`)
  .join('');
