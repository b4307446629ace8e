# The timing protocol of the by-hand PyTorch cross-checks (attention_torch.py, lstm_torch.py): a few
# warm-up calls, then the median of the timed calls, in milliseconds. Imported from beside them.
import statistics
import time


def median_ms(fn, warmup=5, calls=15):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(calls):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)
