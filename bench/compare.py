"""Joins Kiln's W1/W2 records and the PyTorch anchor's record of the same session into one JSON line with the ratio.

Usage: python3 bench/compare.py KILN.jsonl TORCH.jsonl
       python3 bench/compare.py --w3 KILN_W3.jsonl TORCH_INFER.jsonl...   (Kiln's W3 records, the anchor's --infer records)
Kiln's s_per_epoch is pooled over its (alternating) sessions; PyTorch's is the anchor's all_epochs_train_s.
The environment variable KILN_ANCHOR_ENV (set by bench/run) names the settings the anchor ran with.
"""
import json
import os
import statistics
import sys

if sys.argv[1] == "--w3":
    # W3: Kiln's predict samples/s against the anchor's eager predict, its best thread count per measure.
    kilns = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
    kiln_w3 = kilns[-1]
    # Kiln ran before and after the anchor (alternating, as W1 and W2): per measure, the median of its sessions' medians.
    each = {k: [r["samples_per_s"][k]["median"] for r in kilns if k in r["samples_per_s"]] for k in kiln_w3["samples_per_s"]}
    kiln_median = {k: statistics.median(v) for k, v in each.items()}
    anchor = {}
    for path in sys.argv[3:]:
        for line in open(path):
            if line.strip():
                r = json.loads(line)
                for name, v in r.get("inference", {}).items():
                    if name.startswith("eager_b"):
                        key = ("mlp_" if r["workload"] == "mlp" else "cnn_") + name[len("eager_"):]
                        med = v["samples_per_s"]["median"]
                        if key not in anchor or med > anchor[key]["samples_per_s"]:
                            anchor[key] = {"samples_per_s": med, "threads": r.get("threads")}
    rec = {"workload": "W3", "backend": kiln_w3["backend"], "device": kiln_w3.get("device"),
           "samples_per_s": kiln_median, "samples_per_s_each_session": each,
           "pytorch_samples_per_s": anchor, "pytorch_env": "OMP_WAIT_POLICY=PASSIVE, 1 and 2 threads, the better of them",
           "ratio_vs_pytorch": {k: v / anchor[k]["samples_per_s"] for k, v in kiln_median.items() if k in anchor},
           "target_ratio": 1.0}
    print(json.dumps(rec))
    sys.exit(0)

kiln = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
torch = [json.loads(l) for l in open(sys.argv[2]) if l.strip()][-1]
kiln_medians = [r["s_per_epoch"]["median"] for r in kiln]
k = statistics.median(kiln_medians)
t = torch["all_epochs_train_s"]["median"]
last = kiln[-1]
rec = {
    "workload": last["workload"],
    "backend": last["backend"],
    "threads": last.get("threads"),
    "device": last.get("device"),
    "s_per_epoch": {"min": min(r["s_per_epoch"]["min"] for r in kiln), "median": k,
                    "max": max(r["s_per_epoch"]["max"] for r in kiln)},
    "ms_per_step": statistics.median(r["ms_per_step"] for r in kiln),
    "test_accuracy": statistics.median(r["test_accuracy"]["median"] for r in kiln),
    "peak_rss_mb": max(r["peak_rss_mb"] for r in kiln),
    "first_step_s": statistics.median(r["first_step_s"] for r in kiln if "first_step_s" in r)
    if any("first_step_s" in r for r in kiln) else None,
    "pytorch_s_per_epoch": torch["all_epochs_train_s"],
    "pytorch_ms_per_step": torch["all_epochs_ms_per_step"]["median"],
    "pytorch_test_accuracy": torch["test_acc"]["median"],
    "pytorch_threads": torch.get("threads"),
    "pytorch_env": os.environ.get("KILN_ANCHOR_ENV"),
    "ratio_vs_pytorch": k / t,
    # The targets: W1 at most 0.7x PyTorch's seconds per epoch, W2 at most 1.0x.
    "target_ratio": {"W1": 0.7, "W2": 1.0}.get(last["workload"]),
}
print(json.dumps(rec))
