#!/usr/bin/env python3
"""Compare canonical JSON files with their check messages removed.

Usage: compare_without_messages.py OLD.json NEW.json [OLD2 NEW2 ...]

A change of the wording of check messages (`message`, `wording`) must leave
everything else of a golden file as it was: this prints every other
difference and exits 1 when there is one, so a golden rewritten after a
wording change can be shown to differ in messages only.
"""
import json
import sys

MESSAGE_FIELDS = {"message", "wording"}


def strip(doc):
    for c in doc.get("checks", []):
        for k in MESSAGE_FIELDS:
            c.pop(k, None)
    return doc


def diff(a, b, path="$"):
    if type(a) is not type(b):
        yield f"{path}: {a!r} -> {b!r}"
    elif isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                yield f"{path}.{k}: {'added' if k in b else 'removed'}"
            else:
                yield from diff(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        if len(a) != len(b):
            yield f"{path}: {len(a)} items -> {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            yield from diff(x, y, f"{path}[{i}]")
    elif a != b:
        yield f"{path}: {a!r} -> {b!r}"


def main(args):
    if len(args) % 2 or not args:
        sys.exit(__doc__)
    bad = 0
    for old, new in zip(args[::2], args[1::2]):
        with open(old) as f:
            a = strip(json.load(f))
        with open(new) as f:
            b = strip(json.load(f))
        found = list(diff(a, b))
        print(f"{new}: {'same apart from messages' if not found else f'{len(found)} other differences'}")
        for d in found[:20]:
            print("  ", d)
        bad += bool(found)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
