"""Plain rapidfuzz token_sort_ratio brute force, one thread, over the first N global negatives
against UN 2026-02-27 + OFAC SDN 2021-06-29 (the same names as ../../shared/bench/
rapidfuzz_baseline.py reads): the floor the matcher's speed is compared with.
Usage: python rapidfuzz_20k.py DATA_DIR [N] [RUNS]"""
import csv, sys, time, xml.etree.ElementTree as ET
from rapidfuzz import process, fuzz, utils

data = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
r = ET.parse(f"{data}/un/consolidated_2026-02-27.xml").getroot()
names = []
for tag, atag in (("INDIVIDUAL", "INDIVIDUAL_ALIAS"), ("ENTITY", "ENTITY_ALIAS")):
    for e in r.iter(tag):
        names.append(" ".join(" ".join((e.findtext(k) or "").split()) for k in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")).strip())
        for a in e.findall(atag):
            t = (a.findtext("ALIAS_NAME") or "").strip()
            if t:
                names.append(t)
rows = list(csv.reader(open(f"{data}/ofac/sdn_2021-06-29/sdn.csv", encoding="latin-1")))
alts = list(csv.reader(open(f"{data}/ofac/sdn_2021-06-29/alt.csv", encoding="latin-1")))
big = names + [r[1] for r in rows if len(r) > 1] + [a[3] for a in alts if len(a) > 3]
queries = [row["full_name"] for row in csv.DictReader(open(f"{data}/matching/yente_negatives_global.csv", encoding="utf-8"))][:n]
rates = []
for _ in range(runs):
    t = time.time()
    process.cdist(queries, big, scorer=fuzz.token_sort_ratio, processor=utils.default_process, workers=1, score_cutoff=80)
    rates.append(len(queries) / (time.time() - t))
print(f"rapidfuzz: {len(queries)} queries x {len(big)} names; runs {[round(x) for x in rates]} queries/s; median {sorted(rates)[len(rates)//2]:.0f}")
