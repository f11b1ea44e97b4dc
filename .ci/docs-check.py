#!/usr/bin/env python3
"""Checks the facade's rendered docs (target/doc/telnyx_sdk, built as docs.rs builds them).

Usage: docs-check.py [DOC_DIR] [--report]

Fails (exit 1) when
- the front page (the crate root, i.e. the README) has no compiled Rust example;
- any page shows a badge for an internal feature (a feature users never turn on);
- a resource handle page has no example.
With --report it also prints the figures issue 27 asks for: front-page code blocks, pages
with internal badges, handle pages with an example, and undocumented public methods by
module (inherent methods only; trait impls are documented by their trait).
"""

import os
import re
import sys
from collections import Counter

# features that exist for the crate's own wiring, not for users
INTERNAL_FEATURES = ["http-client"]

args = [a for a in sys.argv[1:] if not a.startswith("--")]
report = "--report" in sys.argv[1:]
root = args[0] if args else os.path.join(
    os.environ.get("CARGO_TARGET_DIR", "target"), "doc", "telnyx_sdk"
)
if not os.path.isfile(os.path.join(root, "index.html")):
    sys.exit(f"docs-check: no {root}/index.html (build the docs first)")

failures = []


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def main_content(html):
    """The page's own content, without the sidebar."""
    i = html.find('<section id="main-content"')
    return html[i:] if i >= 0 else html


def examples(html):
    """(all code blocks, compiled Rust examples) in a page's content."""
    blocks = re.findall(r'<pre class="([^"]*)"', main_content(html))
    rust = [c for c in blocks if "rust-example-rendered" in c]
    compiled = [c for c in rust if "ignore" not in c.split()]
    return len(blocks), len(compiled)


# 1. the front page
front = read(os.path.join(root, "index.html"))
front_blocks, front_compiled = examples(front)
if front_compiled == 0:
    failures.append("the front page (index.html) has no compiled Rust example")

# 2. internal feature badges, on every page of the crate
badge = re.compile(r'<div class="stab portability">(.*?)</div>', re.S)
badge_pages = Counter()
for dirpath, _, files in os.walk(root):
    for name in files:
        if not name.endswith(".html"):
            continue
        path = os.path.join(dirpath, name)
        for b in badge.findall(read(path)):
            for feature in INTERNAL_FEATURES:
                if f"<code>{feature}</code>" in b:
                    badge_pages[os.path.relpath(path, root)] += 1
if badge_pages:
    worst = ", ".join(sorted(badge_pages)[:5])
    failures.append(
        f"{len(badge_pages)} pages show an internal feature badge "
        f"({sum(badge_pages.values())} badges), e.g. {worst}"
    )

# 3. resource handles (the structs under `resources` other than `*Params`)
handles = []
res = os.path.join(root, "resources")
for dirpath, _, files in os.walk(res):
    for name in files:
        if name.startswith("struct.") and not name.endswith("Params.html"):
            handles.append(os.path.join(dirpath, name))
handle_examples = 0
for path in handles:
    html = main_content(read(path))
    # the type's own doc: up to the first implementation block
    top = html.split('id="implementations"', 1)[0]
    if "rust-example-rendered" in top:
        handle_examples += 1
    else:
        failures.append(f"handle page without an example: {os.path.relpath(path, root)}")

if report:
    print(f"front page: {front_blocks} code blocks, {front_compiled} compiled Rust examples")
    print(
        f"internal feature badges: {sum(badge_pages.values())} on {len(badge_pages)} pages"
    )
    print(f"handle pages with an example: {handle_examples} of {len(handles)}")
    # undocumented inherent methods, by module
    undocumented = Counter()
    total = Counter()
    for dirpath, _, files in os.walk(root):
        module = os.path.relpath(dirpath, root).replace(os.sep, "::")
        module = "telnyx_sdk" if module == "." else "telnyx_sdk::" + module
        for name in files:
            if not re.match(r"(struct|enum|type|trait|union)\..*\.html$", name):
                continue
            html = main_content(read(os.path.join(dirpath, name)))
            # inherent methods: between the implementations heading and the trait impls
            m = re.search(r'id="implementations-list">(.*?)(<h2 id="|$)',
                          html, re.S)
            if not m:
                continue
            part = m.group(1)
            for sm in re.finditer(r'<section id="method\.[^"]+"', part):
                total[module] += 1
                before = part[max(0, sm.start() - 30):sm.start()]
                if "<summary>" not in before:
                    undocumented[module] += 1
    print("undocumented public methods by module (undocumented / inherent methods):")
    for module in sorted(total):
        if undocumented[module]:
            print(f"  {module}: {undocumented[module]} / {total[module]}")
    print(f"  all: {sum(undocumented.values())} / {sum(total.values())}")

if failures:
    for f in failures:
        print(f"docs-check: {f}", file=sys.stderr)
    sys.exit(1)
print("docs-check: ok")
