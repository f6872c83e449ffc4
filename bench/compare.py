"""The driver behind bench/compare: interleaved runs of every tagger on one corpus.

Each round runs every tool once, in a rotated order, each in its own process (so that peak
memory is its own); figures are medians over the rounds, and each ratio is taken within a
round (same machine state) before its median is taken.
"""

import argparse
import datetime
import json
import math
import os
import platform
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "out")

# (name shown, how to run it); {corpus}, {names} and {bin} are filled in.
TOOLS = [
    ("newsgraph tag", ["{bin}/tagbench", "tag", "{corpus}"]),
    ("newsgraph extract", ["{bin}/tagbench", "extract", "{corpus}"]),
    ("bare aho-corasick", ["{bin}/tagbench", "ac", "{corpus}", "--names", "{names}/names.txt"]),
    ("spaCy EntityRuler", [sys.executable, f"{HERE}/compare_worker.py", "entityruler", "{corpus}", "{names}"]),
    ("spaCy SpanRuler", [sys.executable, f"{HERE}/compare_worker.py", "spanruler", "{corpus}", "{names}"]),
    ("FlashText", [sys.executable, f"{HERE}/compare_worker.py", "flashtext", "{corpus}", "{names}"]),
]
BASE = "newsgraph tag"


def run(cmd):
    env = dict(os.environ, RUST_BACKTRACE="0")
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{p.stderr}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def versions(bin_dir):
    import flashtext  # noqa: F401
    import spacy

    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    try:
        from importlib.metadata import version

        flash = version("flashtext")
    except Exception:  # noqa: BLE001
        flash = "?"
    return {
        "rustc": rustc,
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "flashtext": flash,
        "cores": os.cpu_count(),
        "date": datetime.date.today().isoformat(),
    }


def repeated(corpus, min_mb):
    """The corpus, or a copy of it repeated whole until it has `min_mb` MB of text."""
    with open(corpus, "rb") as f:
        lines = [line if line.endswith(b"\n") else line + b"\n" for line in f if line.strip()]
    size = sum(len(json.loads(line)["text"].encode("utf-8")) for line in lines)
    times = max(1, math.ceil(min_mb * 1e6 / max(size, 1)))
    if times == 1:
        return corpus
    stem = os.path.splitext(os.path.basename(corpus))[0]
    out = os.path.join(OUT, f"{stem}-x{times}.jsonl")
    with open(out, "wb") as f:
        for _ in range(times):
            f.writelines(lines)
    print(f"{stem}: {size / 1e6:.2f} MB, repeated {times} times", file=sys.stderr)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bin", required=True, help="directory of the release binaries")
    ap.add_argument("--docs", type=int, default=5000, help="generated documents (default 5000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--corpus", help="a JSON Lines corpus to use instead of a generated one")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument(
        "--min-mb",
        type=float,
        default=5.0,
        help="repeat a smaller corpus (whole, in order) until it has this many MB, so that each "
        "timed run lasts long enough to measure (default 5)",
    )
    ap.add_argument("--only", help="comma-separated tool names to run (default all)")
    args = ap.parse_args()

    os.makedirs(OUT, exist_ok=True)
    names = os.path.join(OUT, "names")
    subprocess.run([f"{args.bin}/export-names", names], check=True)
    if args.corpus:
        corpus = os.path.abspath(args.corpus)
    else:
        corpus = os.path.join(OUT, f"corpus-{args.docs}-seed{args.seed}.jsonl")
        if not os.path.exists(corpus):
            subprocess.run(
                [f"{args.bin}/gen-corpus", "--docs", str(args.docs), "--seed", str(args.seed), "--out", corpus],
                check=True,
            )
    corpus = repeated(corpus, args.min_mb)
    tools = TOOLS
    if args.only:
        wanted = {w.strip() for w in args.only.split(",")}
        tools = [t for t in TOOLS if t[0] in wanted or t[0] == BASE]
    fill = {"bin": args.bin, "corpus": corpus, "names": names}

    results = {name: [] for name, _ in tools}
    for r in range(args.rounds):
        order = tools[r % len(tools):] + tools[: r % len(tools)]
        for name, cmd in order:
            res = run([c.format(**fill) for c in cmd])
            results[name].append(res)
            print(
                f"round {r + 1}/{args.rounds} {name:20s} {res['bytes'] / res['tag_s'] / 1e6:8.2f} MB/s",
                file=sys.stderr,
            )

    meta = versions(args.bin)
    first = results[BASE][0]
    print(
        f"\ncorpus: {os.path.basename(corpus)}: {first['docs']} documents, {first['bytes'] / 1e6:.2f} MB; "
        f"{args.rounds} interleaved rounds, medians; {meta['rustc']}, Python {meta['python']}, "
        f"spaCy {meta['spacy']}, FlashText {meta['flashtext']}, {meta['cores']} cores, {meta['date']}\n"
    )
    header = f"| {'tool':20s} | {'MB/s':>8s} | {'docs/s':>9s} | {'build s':>8s} | {'peak MiB':>8s} | {'matches':>8s} | {'newsgraph tag ×':>15s} |"
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    summary = {"meta": meta, "corpus": corpus, "rounds": args.rounds, "tools": {}}
    for name, _ in tools:
        runs = results[name]
        mbs = statistics.median(x["bytes"] / x["tag_s"] / 1e6 for x in runs)
        dps = statistics.median(x["docs"] / x["tag_s"] for x in runs)
        build = statistics.median(x["build_s"] for x in runs)
        peak = statistics.median(x["peak_kib"] for x in runs) / 1024
        # newsgraph tag's speed over this tool's, within each round.
        ratio = statistics.median(
            (b["bytes"] / b["tag_s"]) / (x["bytes"] / x["tag_s"]) for b, x in zip(results[BASE], runs)
        )
        summary["tools"][name] = {
            "mb_s": mbs,
            "docs_s": dps,
            "build_s": build,
            "peak_mib": peak,
            "matches": runs[0]["matches"],
            "newsgraph_tag_over_this": ratio,
            "runs": runs,
        }
        print(
            f"| {name:20s} | {mbs:8.2f} | {dps:9.0f} | {build:8.3f} | {peak:8.1f} | {runs[0]['matches']:8d} | {ratio:15.2f} |"
        )
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    with open(os.path.join(OUT, f"compare-{stamp}.json"), "w") as f:
        json.dump(summary, f, indent=1)
    print(f"\n(newsgraph tag × = newsgraph tag's MB/s divided by the tool's; below 1 means slower.)")


if __name__ == "__main__":
    main()
