"""Writes an N-row screening input CSV (id,name,kind) by cycling the yente synthetic negatives
(global and US) and the treated UN positives from the shared matching data.
Usage: python3 make_bulk_csv.py DATA/matching OUT.csv N"""
import csv, itertools, sys

src, out_path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
names = []
for f in ("yente_negatives_global.csv", "yente_negatives_us.csv", "yente_positives_un_treated.csv"):
    with open(f"{src}/{f}", encoding="utf-8") as fh:
        names.extend(r["full_name"] for r in csv.DictReader(fh))
with open(out_path, "w", newline="", encoding="utf-8") as out:
    w = csv.writer(out)
    w.writerow(["id", "name", "kind"])
    for i, name in zip(range(n), itertools.cycle(names)):
        w.writerow([i, name, "person"])
print(f"wrote {n} rows to {out_path} from {len(names)} distinct names")
