"""Writes N watch subjects (id,name,kind,aliases,birth_date,nationality,documents) for the
continuous-screening bench: mostly names that are not listed (yente's synthetic negatives from
../shared/data/matching, recombined so that rows differ), and one row in LISTED_EVERY a listed
name of the UN list with a spelling perturbation (the subjects that should raise alerts).
Deterministic (seeded).
Usage: python3 make_subjects.py DATA OUT.csv N [LISTED_EVERY=50]"""
import csv, random, sys, xml.etree.ElementTree as ET

data, out_path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
listed_every = int(sys.argv[4]) if len(sys.argv) > 4 else 50
rng = random.Random(11)

negatives = []
for f in ("yente_negatives_global.csv", "yente_negatives_us.csv"):
    with open(f"{data}/matching/{f}", encoding="utf-8") as fh:
        negatives.extend(r["full_name"] for r in csv.DictReader(fh) if r["full_name"].strip())
tokens = [t for name in negatives for t in name.split()]

listed = []
root = ET.parse(f"{data}/un/consolidated_2025-08-02.xml").getroot()
for ind in root.iter("INDIVIDUAL"):
    parts = [ind.findtext(k) or "" for k in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    name = " ".join(p.strip() for p in parts if p and p.strip())
    if name:
        listed.append(name)
    for a in ind.iter("INDIVIDUAL_ALIAS"):
        alias = (a.findtext("ALIAS_NAME") or "").strip()
        if alias:
            listed.append(alias)

def perturb(name):
    s = list(name)
    k = rng.randrange(4)
    if k == 0 and len(s) > 4:
        del s[rng.randrange(len(s))]
    elif k == 1:
        s.insert(rng.randrange(len(s) + 1), rng.choice("aeiouy"))
    elif k == 2:
        words = name.split()
        rng.shuffle(words)
        return " ".join(words)
    return "".join(s)

with open(out_path, "w", newline="", encoding="utf-8") as out:
    w = csv.writer(out)
    w.writerow(["id", "name", "kind", "aliases", "birth_date", "nationality", "documents"])
    for i in range(n):
        if i % listed_every == 0:
            name = perturb(rng.choice(listed))
        else:
            base = rng.choice(negatives).split()
            base[rng.randrange(len(base))] = rng.choice(tokens)
            name = " ".join(base)
        born = str(rng.randrange(1940, 2005)) if rng.random() < 0.5 else ""
        w.writerow([f"s{i:08d}", name, "person", "", born, "", ""])
print(f"wrote {n} subjects to {out_path} ({len(negatives)} negatives, {len(listed)} listed names)", file=sys.stderr)
