"""Joins Kiln's W1/W2 records and the PyTorch anchor's record of the same session into one JSON line with the ratio.

Usage: python3 bench/compare.py KILN.jsonl TORCH.jsonl
Kiln's s_per_epoch is pooled over its (alternating) sessions; PyTorch's is the anchor's all_epochs_train_s.
The environment variable KILN_ANCHOR_ENV (set by bench/run) names the settings the anchor ran with.
"""
import json
import os
import statistics
import sys

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
