"""One timed run of a Python gazetteer tagger, for bench/compare.

    compare_worker.py entityruler|spanruler|flashtext CORPUS.jsonl NAMES_DIR

Reads the texts, builds the tagger from the exported names (NAMES_DIR/patterns.jsonl for spaCy,
NAMES_DIR/keywords.txt for FlashText), tags every text on one thread and prints one JSON line:
build_s (names to ready tagger), tag_s (all texts), docs, bytes (UTF-8 text), matches, peak_kib.
"""

import json
import resource
import sys
import time


def read_texts(path):
    texts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                text = json.loads(line).get("text")
                if text:
                    texts.append(text)
    return texts


def spacy_tagger(kind, names_dir):
    import spacy

    with open(f"{names_dir}/patterns.jsonl", encoding="utf-8") as f:
        patterns = [json.loads(line) for line in f]
    nlp = spacy.blank("en")
    if kind == "entityruler":
        ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
        ruler.add_patterns(patterns)
        count = lambda doc: len(doc.ents)  # noqa: E731
    else:
        ruler = nlp.add_pipe("span_ruler", config={"phrase_matcher_attr": "LOWER"})
        ruler.add_patterns(patterns)
        count = lambda doc: len(doc.spans["ruler"])  # noqa: E731

    def tag(texts):
        return sum(count(doc) for doc in nlp.pipe(texts, batch_size=256))

    return tag


def flashtext_tagger(names_dir):
    from flashtext import KeywordProcessor

    kp = KeywordProcessor(case_sensitive=False)
    with open(f"{names_dir}/keywords.txt", encoding="utf-8") as f:
        for line in f:
            name, _, ident = line.rstrip("\n").partition("=>")
            if name:
                kp.add_keyword(name, ident)

    def tag(texts):
        return sum(len(kp.extract_keywords(t)) for t in texts)

    return tag


def main():
    kind, corpus, names_dir = sys.argv[1:4]
    texts = read_texts(corpus)
    t = time.perf_counter()
    tag = flashtext_tagger(names_dir) if kind == "flashtext" else spacy_tagger(kind, names_dir)
    build = time.perf_counter() - t
    t = time.perf_counter()
    matches = tag(texts)
    elapsed = time.perf_counter() - t
    print(
        json.dumps(
            {
                "tool": kind,
                "docs": len(texts),
                "bytes": sum(len(x.encode("utf-8")) for x in texts),
                "build_s": build,
                "tag_s": elapsed,
                "matches": matches,
                "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            }
        )
    )


if __name__ == "__main__":
    main()
