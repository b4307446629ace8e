"""Small files in the formats of Keras's dataset downloads, for the loaders' tests (DatasetFormatsTest).

imdb.npz / reuters.npz: numpy object arrays of lists (pickled by np.savez: numpy 2's protocol and
names); reuters is also pickled at protocol 2 by hand-made bytes as Python 2 wrote them.
boston_housing.npz / california_housing.npz: float64 x (n, f) and y (n,).
cifar-10-python.tar.gz / cifar-100-python.tar.gz: tar members holding Python 2 cPickle protocol-2
batches (written opcode by opcode here, as cPickle wrote them: SHORT_BINSTRING keys, BINSTRING data).
Run with numpy: python3 keras-datasets-fixtures.py
"""
import io, struct, tarfile, numpy as np

def objects(seqs):
    a = np.empty(len(seqs), dtype=object)
    for i, s in enumerate(seqs):
        a[i] = list(s)
    return a

np.savez("imdb.npz",
         x_train=objects([[1, 2, 3], [4, 5], [6], [7, 8, 9, 10], [11, 2]]), y_train=np.array([0, 1, 0, 1, 1]),
         x_test=objects([[3, 3], [12], [5, 6, 7]]), y_test=np.array([1, 0, 1]))

# reuters.npz with its object array pickled at protocol 2 with numpy.core names, as an older numpy wrote it
def py2_array_of_lists(seqs):
    out = bytearray(b"\x80\x02cnumpy.core.multiarray\n_reconstruct\nq\x01cnumpy\nndarray\nq\x02K\x00\x85U\x01b\x87Rq\x03(K\x01")
    out += b"K" + bytes([len(seqs)]) + b"\x85cnumpy\ndtype\nq\x04U\x02O8K\x00K\x01\x87Rq\x05(K\x03U\x01|NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK?tb\x89]q\x06("
    for s in seqs:
        out += b"]("
        for w in s:
            out += b"M" + struct.pack("<H", w)
        out += b"e"
    out += b"etb."
    return bytes(out)

def npy_header(descr, shape):
    h = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (descr, "".join("%d," % d for d in shape))
    h = h + " " * ((64 - (10 + len(h) + 1) % 64) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h.encode("latin1")

import zipfile
reuters_x = [[1, 2], [3], [4, 5, 6], [7], [2, 2, 2, 2], [8, 9], [10], [11, 12, 13], [1], [5, 4]]
reuters_y = np.array([3, 4, 3, 1, 0, 3, 4, 2, 1, 3], dtype="<i8")
with zipfile.ZipFile("reuters.npz", "w") as z:
    z.writestr("x.npy", npy_header("|O", (len(reuters_x),)) + py2_array_of_lists(reuters_x))
    z.writestr("y.npy", npy_header("<i8", (10,)) + reuters_y.tobytes())

rng = np.random.RandomState(0)
np.savez("boston_housing.npz", x=np.arange(10 * 3, dtype=np.float64).reshape(10, 3), y=np.arange(10, dtype=np.float64) + 0.5)
np.savez("california_housing.npz", x=np.arange(12 * 2, dtype=np.float64).reshape(12, 2), y=np.arange(12, dtype=np.float64))

def py2_batch(label_key, labels, data):
    """cPickle protocol 2 of {'batch_label': ..., label_key: [..], 'data': uint8 array, 'filenames': [...]}."""
    n = data.shape[0]
    raw = data.astype(np.uint8).tobytes()
    out = bytearray(b"\x80\x02}q\x01(U\x0bbatch_labelq\x02U\x0ftesting batch 1q\x03")
    out += b"U" + bytes([len(label_key)]) + label_key.encode() + b"q\x04]q\x05("
    for l in labels:
        out += b"K" + bytes([l])
    out += b"eU\x04dataq\x06cnumpy.core.multiarray\n_reconstruct\nq\x07cnumpy\nndarray\nq\x08K\x00\x85U\x01b\x87Rq\t(K\x01"
    out += b"K" + bytes([n]) + b"M\x00\x0c\x86cnumpy\ndtype\nq\nU\x02u1K\x00K\x01\x87Rq\x0b(K\x03U\x01|NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb\x89"
    out += b"T" + struct.pack("<I", len(raw)) + raw + b"tbU\tfilenamesq\x0c]q\r(U\x05a.pngU\x05b.pnge" + b"u."
    return bytes(out)

def image(seed):
    return (np.arange(3072) * (seed + 1) % 256).astype(np.uint8)

def tar(name, members):
    with tarfile.open(name, "w:gz", format=tarfile.GNU_FORMAT) as t:
        for path, data in members:
            info = tarfile.TarInfo(path)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))

members = [("cifar-10-batches-py/batches.meta", b"ignored")]
for i in range(1, 6):
    members.append(("cifar-10-batches-py/data_batch_%d" % i,
                    py2_batch("labels", [i, (i + 1) % 10], np.stack([image(2 * i), image(2 * i + 1)]))))
members.append(("cifar-10-batches-py/test_batch", py2_batch("labels", [9], np.stack([image(99)]))))
tar("cifar-10-python.tar.gz", members)

def py2_batch100(fine, coarse, data):
    b = py2_batch("fine_labels", fine, data)
    # add coarse_labels before 'data' by building a second dict entry: simplest is a second SETITEMS pair
    extra = b"U\x0dcoarse_labels]" + b"(" + b"".join(b"K" + bytes([c]) for c in coarse) + b"e"
    i = b.index(b"U\x04data")
    return b[:i] + extra + b[i:]

tar("cifar-100-python.tar.gz", [("cifar-100-python/train", py2_batch100([5, 77, 3], [1, 19, 0], np.stack([image(1), image(2), image(3)]))),
                                 ("cifar-100-python/test", py2_batch100([42], [7], np.stack([image(4)])))])
print("written")
