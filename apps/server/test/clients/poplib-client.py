#!/usr/bin/env python3
"""Drives a POP3 server with Python's standard poplib and prints what it saw as JSON.

usage: poplib-client.py --port N [--mode plain|stls|ssl] [--cafile PEM] --user U --password P
                        [--apop] STEP...
steps: stat, list, uidl, capa, top:MSG:LINES, retr:MSG, dele:MSG, rset, noop, quit
Message lines come back as poplib returns them (byte-stuffing undone), decoded as Latin-1 so
every byte survives, joined with CRLF.
"""
import argparse
import json
import poplib
import ssl
import sys


def text(value):
    return value.decode("latin-1") if isinstance(value, bytes) else value


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--mode", choices=["plain", "stls", "ssl"], default="plain")
    parser.add_argument("--cafile")
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--apop", action="store_true")
    parser.add_argument("steps", nargs="*")
    args = parser.parse_args()

    context = None
    if args.mode != "plain":
        context = ssl.create_default_context(cafile=args.cafile)
        context.minimum_version = ssl.TLSVersion.TLSv1_2

    if args.mode == "ssl":
        client = poplib.POP3_SSL(args.host, args.port, context=context, timeout=10)
    else:
        client = poplib.POP3(args.host, args.port, timeout=10)
    out = {"welcome": text(client.getwelcome()), "steps": []}
    if args.mode == "stls":
        out["stls"] = text(client.stls(context=context))
        out["tls_version"] = client.sock.version()
    elif args.mode == "ssl":
        out["tls_version"] = client.sock.version()

    if args.apop:
        out["login"] = text(client.apop(args.user, args.password))
    else:
        client.user(args.user)
        out["login"] = text(client.pass_(args.password))

    for step in args.steps:
        name, *params = step.split(":")
        numbers = [int(p) for p in params]
        if name == "stat":
            count, size = client.stat()
            result = {"count": count, "size": size}
        elif name in ("list", "uidl"):
            resp, lines, _ = getattr(client, name)()
            result = {"resp": text(resp), "lines": [text(line) for line in lines]}
        elif name == "capa":
            result = {"capa": {k: v for k, v in client.capa().items()}}
        elif name in ("top", "retr"):
            resp, lines, octets = getattr(client, name)(*numbers)
            result = {"resp": text(resp), "message": "\r\n".join(text(l) for l in lines) + "\r\n", "octets": octets}
        elif name in ("dele", "rset", "noop", "quit"):
            result = {"resp": text(getattr(client, name)(*numbers))}
        else:
            raise SystemExit(f"unknown step {step}")
        out["steps"].append({"step": step, **result})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    try:
        main()
    except poplib.error_proto as error:
        json.dump({"error": text(error.args[0]) if error.args else str(error)}, sys.stdout)
        sys.exit(3)
