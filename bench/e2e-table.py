"""Prints bench/e2e's table from its results file: one row per figure, Gradus beside PyTorch, the ratio and the
issue's target. Lines: "gradus WORKLOAD LABEL JDK {json}" and "pytorch VERSION {json}" (gradus-peers/run)."""
import json
import os
import sys

W1_GFLOP, W2_GFLOP = 192.6, 855.4  # training FLOP per epoch (shared/bench)
gemm = float(os.environ.get("GEMM_GFLOPS", "0"))  # the GEMM rate reached on this host, for the floor column

gradus, torch = {}, {}
for line in open(sys.argv[1]):
    line = line.strip()
    if not line:
        continue
    if line.startswith("gradus "):
        _, w, label, ver, js = line.split(" ", 4)
        d = json.loads(js)
        gradus.setdefault((w, d["threads"]), []).append((label.replace("_", " "), ver, d))
    elif line.startswith("pytorch "):
        _, ver, js = line.split(" ", 2)
        d = json.loads(js)
        torch[(d["workload"], d["threads"])] = (ver, d)


def fmt(x, unit=""):
    if x is None:
        return "-"
    if abs(x) >= 1000:
        return f"{x:,.0f}{unit}"
    return f"{x:.3g}{unit}" if abs(x) < 10 else f"{x:.1f}{unit}"


def acc(d):
    a = d.get("test_acc") or []
    return f"{100 * a[-1]:.2f}%" if a else "-"


rows = []
TARGETS = {"w4": "≤ 0.7", "w5": "≤ 0.7", "w1": "≤ 2x floor", "w2": "≤ 2x floor"}
NAMES = {"w1": "W1 MNIST MLP, s/epoch", "w2": "W2 mnist_convnet, s/epoch", "w3": "W3 tiny MLP, steps/s",
         "w4": "W4 Embedding + BiLSTM(64), s/epoch", "w5": "W5 transformer classifier, s/epoch"}
for (w, t), runs in sorted(gradus.items()):
    peer = torch.get(("w1" if w == "memory" else w, t))
    pd = peer[1] if peer and "failed" not in peer[1] else None
    for label, ver, d in runs:
        who = f"{label}, JDK {ver}"
        if "failed" in d:
            rows.append(f"| {w} | {t} | {who} | FAILED: {d['failed']} | | | | | |")
            continue
        if w == "memory":
            g, p = d["peak_rss_mb"], pd["peak_rss_mb"] if pd else None
            ratio = g / p if p else None
            rows.append(f"| W1 peak RSS MB ({label}) | {t} | {g} | {p or '-'} | {fmt(ratio)} | ≤ 500 MB and ≤ 0.6 | "
                        f"{'met' if g <= 500 and (ratio or 0) <= 0.6 and ratio else 'not met'} | {acc(d)} / {acc(pd) if pd else '-'} | |")
            continue
        if w == "w6":
            for model in ("mlp", "convnet"):
                for key, name, target, better in (("p50_us_", "p50 latency µs", 0.5, "low"), ("p99_us_", "p99 latency µs", 0.5, "low"),
                                                  ("throughput_", "throughput images/s", 1.5, "high")):
                    g = d.get(key + model)
                    p = pd.get(key + model) if pd else None
                    ratio = g / p if g and p else None
                    met = None if ratio is None else (ratio <= target if better == "low" else ratio >= target)
                    rows.append(f"| W6 {model} {name} | {t} | {fmt(g)} | {fmt(p)} | {fmt(ratio)} | "
                                f"{'≤' if better == 'low' else '≥'} {target} | {'-' if met is None else 'met' if met else 'not met'} | | |")
            continue
        if w == "w3":
            g, p = d.get("steps_per_s"), pd.get("steps_per_s") if pd else None
            rows.append(f"| {NAMES[w]} ({who}) | {t} | {fmt(g)} | {fmt(p)} | {fmt(g / p if g and p else None)} | | | | |")
            continue
        g, gb = d["median_s"], d.get("best_s")
        p, pb = (pd["median_s"], pd.get("best_s")) if pd else (None, None)
        ratio = g / p if p else None
        if w in ("w1", "w2") and gemm:
            floor = (W1_GFLOP if w == "w1" else W2_GFLOP) / gemm
            target = f"≤ 2x floor ({floor:.2f} s at {gemm:.0f} GFLOP/s)"
            met = "met" if g <= 2 * floor else f"not met ({g / floor:.2f}x floor)"
        elif w in ("w4", "w5"):
            target = "≤ 0.7, accuracy within 0.5 points"
            met = "-" if ratio is None else ("time met" if ratio <= 0.7 else "time not met")
            if pd and d.get("test_acc") and pd.get("test_acc"):
                # one draw of the initial weights: its accuracy moves by a point or more with the seed (README)
                gap = 100 * abs(d["test_acc"][-1] - pd["test_acc"][-1])
                met += f"; accuracy gap {gap:.2f} points in this run"
        else:
            target, met = "", ""
        rows.append(f"| {NAMES.get(w, w)} ({who}) | {t} | {fmt(g)} (best {fmt(gb)}) | "
                    f"{fmt(p)} (best {fmt(pb)}) | {fmt(ratio)} (best {fmt(gb / pb if gb and pb else None)}) | {target} | {met} | "
                    f"{acc(d)} / {acc(pd) if pd else '-'} | {d['peak_rss_mb']} / {pd['peak_rss_mb'] if pd else '-'} |")

torch_ver = next(iter(torch.values()))[0] if torch else "-"
print(f"| figure | threads | Gradus | PyTorch {torch_ver} (DJL) | ratio Gradus / PyTorch | target | | accuracy Gradus / PyTorch | peak RSS MB Gradus / PyTorch |")
print("|---|---|---|---|---|---|---|---|---|")
for r in rows:
    print(r)

# Each Gradus training run's epochs beside the CPU its JVM's JIT compilers took in them (Report.jitCpuNanos): on a
# host with no core to spare, the compiles still running after the warm-up epoch come out of the timed ones.
notes = []
for (w, t), runs in sorted(gradus.items()):
    for label, ver, d in runs:
        if w in ("w6", "memory") or "failed" in d or not d.get("jit_cpu_seconds"):
            continue
        secs = " / ".join(f"{s:.2f}" for s in d["seconds"])
        jit = " / ".join(f"{s:.2f}" for s in d["jit_cpu_seconds"])
        notes.append(f"- {NAMES.get(w, w)}, {t} thread(s), {label}: epochs {secs} s; JIT compiler CPU {jit} s")
if notes:
    print()
    print("JIT compile CPU per epoch (Gradus; the first epoch is the warm-up):")
    print()
    for n in notes:
        print(n)
