# Baseline for RecurrentBench: torch.nn.LSTM / GRU over (64, 200, 128) inputs, inference and one
# forward + backward pass (gradients of the weights of the sum of the last outputs), median of 15
# timed calls after 5 warm-up calls, at 1 and 2 threads:
#   lstm            LSTM(128 -> 128), the imdb_embedding_lstm layer
#   w4 lstm         LSTM(128 -> 64), one direction of W4's recurrent layer
#   w4 bidirectional  LSTM(128 -> 64, bidirectional=True), W4's Bidirectional(LSTM(64)); Keras's output
#                   is the final h of each direction (h_n), not output[:, -1]
#   gru             GRU(128 -> 64)
#
# --flush-denormal runs with torch.set_flush_denormal(True) (the processor's flush-to-zero mode): the
# gradients of a 200-step backward fade into subnormal floats, which PyTorch's CPU kernels otherwise
# multiply on the processor's slow path; Gradus's recurrent backward flushes them (design notes).
import sys

import torch

from torch_timing import median_ms

flush = "--flush-denormal" in sys.argv[1:]
if flush and not torch.set_flush_denormal(True):
    sys.exit("torch.set_flush_denormal(True): not supported on this processor")
torch.manual_seed(0)
x = torch.randn(64, 200, 128)
layers = {
    "lstm": torch.nn.LSTM(128, 128, batch_first=True),
    "w4 lstm": torch.nn.LSTM(128, 64, batch_first=True),
    "w4 bidirectional": torch.nn.LSTM(128, 64, batch_first=True, bidirectional=True),
    "gru": torch.nn.GRU(128, 64, batch_first=True),
}


def last(layer, out):
    h_n = out[1][0] if isinstance(out[1], tuple) else out[1]
    return h_n if layer.bidirectional else out[0][:, -1]


for threads in (1, 2):
    torch.set_num_threads(threads)
    for label, layer in layers.items():

        def infer():
            with torch.no_grad():
                return last(layer, layer(x))

        def train():
            layer.zero_grad()
            last(layer, layer(x)).sum().backward()

        for name, fn in (("inference", infer), ("training pass", train)):
            if label == "w4 bidirectional" and name == "inference":
                continue
            mode = " flush_denormal" if flush else ""
            print(f"torch {torch.__version__}{mode} threads={threads} {label} {name}: {median_ms(fn):.1f} ms", flush=True)
