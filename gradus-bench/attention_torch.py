# Baseline for AttentionBench: keras.layers.MultiHeadAttention(num_heads=2, key_dim=32) self-attention
# over (32, 200, 32), written with torch ops because torch.nn.MultiheadAttention(32, 2) would give
# heads of 32 / 2 = 16: query/key/value projections 32 -> 2 x 32 with biases, softmax(q k^T / sqrt(32)) v
# per head, output projection 2 x 32 -> 32. Inference (no_grad) and one forward + backward pass
# (gradients for the eight weights and the input); median of 15 timed calls after 5 warm-up calls,
# at 1 and 2 threads.
import torch

from torch_timing import median_ms

torch.manual_seed(0)
batch, steps, dim, heads, key_dim = 32, 200, 32, 2, 32
x = torch.randn(batch, steps, dim, requires_grad=True)
query = torch.nn.Linear(dim, heads * key_dim)
key = torch.nn.Linear(dim, heads * key_dim)
value = torch.nn.Linear(dim, heads * key_dim)
output = torch.nn.Linear(heads * key_dim, dim)
params = [p for m in (query, key, value, output) for p in m.parameters()]


def attention(x):
    def split(t):  # (batch, steps, heads * key_dim) -> (batch, heads, steps, key_dim)
        return t.view(batch, steps, heads, key_dim).transpose(1, 2)

    q, k, v = split(query(x)), split(key(x)), split(value(x))
    weights = torch.softmax(torch.matmul(q, k.transpose(-1, -2)) / key_dim ** 0.5, dim=-1)
    heads_out = torch.matmul(weights, v).transpose(1, 2).reshape(batch, steps, heads * key_dim)
    return output(heads_out)


for threads in (1, 2):
    torch.set_num_threads(threads)

    def infer():
        with torch.no_grad():
            return attention(x)

    def train():
        return torch.autograd.grad(attention(x).sum(), params + [x])

    for name, fn in (("inference", infer), ("training pass", train)):
        print(f"torch {torch.__version__} threads={threads} {name}: {median_ms(fn):.1f} ms")
