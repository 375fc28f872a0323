"""Joins Kiln's W1 records and the PyTorch anchor's record of the same session into one JSON line with the ratio.

Usage: python3 bench/compare.py KILN.jsonl TORCH.jsonl
Kiln's s_per_epoch is pooled over its (alternating) sessions; PyTorch's is the anchor's all_epochs_train_s.
"""
import json
import statistics
import sys

kiln = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
torch = [json.loads(l) for l in open(sys.argv[2]) if l.strip()][-1]
kiln_medians = [r["s_per_epoch"]["median"] for r in kiln]
k = statistics.median(kiln_medians)
t = torch["all_epochs_train_s"]["median"]
print(json.dumps({
    "workload": "W1",
    "backend": kiln[-1]["backend"],
    "s_per_epoch": {"min": min(r["s_per_epoch"]["min"] for r in kiln), "median": k,
                    "max": max(r["s_per_epoch"]["max"] for r in kiln)},
    "ms_per_step": statistics.median(r["ms_per_step"] for r in kiln),
    "test_accuracy": statistics.median(r["test_accuracy"]["median"] for r in kiln),
    "peak_rss_mb": max(r["peak_rss_mb"] for r in kiln),
    "pytorch_s_per_epoch": torch["all_epochs_train_s"],
    "pytorch_test_accuracy": torch["test_acc"]["median"],
    "ratio_vs_pytorch": k / t,
    "target_ratio": 0.7,
}))
