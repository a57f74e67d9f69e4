#!/usr/bin/env python3
"""Where a livingner run's time goes, from a Java Flight Recording (docs/bench.md, "Profile").

Usage: bin/jfr-profile.py RECORDING.jfr

Counts the recording's samples of the pipeline's own threads (main, livingner-worker-N, livingner-labeller):
jdk.ExecutionSample (running Java) and jdk.NativeMethodSample (inside native code, e.g. PyTorch; both every 20 ms
with JFR's default settings), and puts each sample in the first stage that one of its frames belongs to, innermost
frame first. Samples of threads waiting (park, wait, sleep, queue take) are counted as waiting, not as work.
PyTorch's own intra-op threads are not Java threads and are not sampled: "forward pass" is the time the calling
thread spends inside it.
"""
import re
import subprocess
import sys
from collections import Counter

STAGES = [
    ("waiting", r"Unsafe\.park|Object\.wait|Thread\.sleep|LockSupport\.park|BlockingQueue\.take"),
    ("forward pass", r"ai\.djl\.pytorch|ai\.djl\.ndarray|org\.livingner\.bert\.(Bert(?!Tokenizer)|Ops\.|WindowedTagger\.probabilities)"),
    ("tokenization", r"ai\.djl\.huggingface|org\.livingner\.bert\.BertTokenizer|WindowedTagger\.pieces|LivingNerAnnotator\.(sentenceWords|ownWords)"),
    ("packing, decoding, mentions", r"org\.livingner\.bert\.(ContextPacker|BioDecoder|WindowedTagger|DocumentBatcher|TokenClassifier)|CasMentions|LivingNerAnnotator|SentenceWindows"),
    ("segmentation", r"SentenceSegmenterIfMissing|BreakIteratorSegmenter|dkpro\.core\.tokit|java\.text\.|sun\.text\.|jdk\.internal\.icu"),
    ("refinement", r"org\.livingner\.uima\.refine|org\.apache\.uima\.ruta|org\.antlr"),
    ("journal", r"RunJournal"),
    ("writers", r"org\.livingner\.uima\.io\.\w*Writer|AnnotateCommand\$|LivingNerTsv"),
    ("reading", r"org\.livingner\.uima\.io\.|ClinicalTextGenerator|de\.tudarmstadt\.ukp\.dkpro\.core\.io|org\.dkpro\.core\.io"),
    ("CAS building, UIMA framework", r"org\.apache\.uima"),
]
THREADS = re.compile(r'^"(main|livingner-worker-\d+|livingner-labeller)"')


def events(path):
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample,jdk.NativeMethodSample",
                           "--stack-depth", "200", path], capture_output=True, text=True, check=True).stdout
    for block in text.split("\njdk.")[1:]:
        thread = re.search(r"sampledThread = (\"[^\"]*\")", block)
        if not thread or not THREADS.match(thread.group(1)):
            continue
        frames = re.findall(r"^\s+([\w.$<>]+\.[\w$<>]+)\(", block, re.M)
        yield frames


def main():
    counts = Counter()
    for frames in events(sys.argv[1]):
        stage = "other (JVM, JDK, picocli)"
        for frame in frames:
            hit = next((name for name, pattern in STAGES if re.search(pattern, frame)), None)
            if hit:
                stage = hit
                break
        counts[stage] += 1
    busy = sum(n for s, n in counts.items() if s != "waiting")
    print("| stage | samples | share of work |")
    print("|---|---:|---:|")
    for stage, n in counts.most_common():
        if stage != "waiting":
            print(f"| {stage} | {n} | {100.0 * n / busy:.1f} % |")
    print(f"| (waiting: park, wait, sleep) | {counts['waiting']} | |")


if __name__ == "__main__":
    main()
