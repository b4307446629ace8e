package dev.gradus.data;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader for the Python pickles inside Keras's dataset files (CIFAR's batches, the object arrays of
 * {@code imdb.npz} and {@code reuters.npz}), as data only: it builds numbers, strings, bytes, lists,
 * tuples and dicts, and NumPy arrays, and nothing else. Pickle is a small stack machine whose
 * {@code GLOBAL} + {@code REDUCE} opcodes call any Python function by name; here the only names
 * accepted are NumPy's array reconstruction ({@code numpy.core.multiarray._reconstruct},
 * {@code numpy.ndarray}, {@code numpy.dtype}) and {@code _codecs.encode} (how Python 3 pickles
 * bytes at protocol 2), each interpreted as a data constructor in Java. Any other name, and every
 * opcode that builds objects of arbitrary classes ({@code INST}, {@code OBJ}, {@code NEWOBJ},
 * extension codes, persistent ids), is refused. Nothing from the file is ever executed.
 */
final class Pickle {
    /** A Python tuple. */
    record Tuple(List<Object> items) {}

    /** A NumPy dtype: its kind and size ({@code "u1"}, {@code "i8"}, {@code "O8"}) and byte order ({@code '<'}, {@code '>'}, {@code '|'}). */
    static final class Dtype {
        final String name;
        char order = '|';

        Dtype(String name) {
            this.name = name;
        }
    }

    /** A NumPy array: its shape and dtype, and its data as raw bytes (numeric) or a list (object arrays). */
    static final class NdArray {
        int[] shape = {0};
        Dtype dtype;
        boolean fortran;
        Object data;

        /** The values as longs (integer dtypes). */
        long[] longs(String what) throws IOException {
            int n = 1;
            for (int d : shape) n = Math.multiplyExact(n, d);
            if (data instanceof List<?> l) {
                long[] out = new long[l.size()];
                for (int i = 0; i < out.length; i++) out[i] = Pickle.asLong(l.get(i), what);
                return out;
            }
            if (!(data instanceof byte[] b) || dtype == null) throw new IOException(what + ": an array without data");
            String kind = dtype.name;
            int width = kind.length() > 1 ? Integer.parseInt(kind.substring(1)) : 1;
            if (b.length != (long) n * width) throw new IOException(what + ": array of shape " + java.util.Arrays.toString(shape)
                    + " and dtype " + kind + " holds " + b.length + " bytes");
            ByteBuffer buf = ByteBuffer.wrap(b).order(dtype.order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = switch (kind) {
                    case "u1", "b1" -> b[i] & 0xFF;
                    case "i1" -> b[i];
                    case "i2" -> buf.getShort(i * 2);
                    case "u2" -> buf.getShort(i * 2) & 0xFFFF;
                    case "i4" -> buf.getInt(i * 4);
                    case "u4" -> buf.getInt(i * 4) & 0xFFFFFFFFL;
                    case "i8", "u8" -> buf.getLong(i * 8);
                    default -> throw new IOException(what + ": dtype " + kind + " is not an integer dtype");
                };
            }
            return out;
        }
    }

    private static final Object MARK = new Object();
    private static final String[] RECONSTRUCT = {"numpy.core.multiarray", "numpy._core.multiarray"};

    private final byte[] in;
    private final String source;
    private int pos;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private Pickle(byte[] in, int offset, String source) {
        this.in = in;
        this.pos = offset;
        this.source = source;
    }

    /** The object pickled in {@code bytes} from {@code offset}; {@code source} names the file in errors. */
    static Object load(byte[] bytes, int offset, String source) throws IOException {
        try {
            return new Pickle(bytes, offset, source).run();
        } catch (IndexOutOfBoundsException | ClassCastException | ArithmeticException | NumberFormatException e) {
            throw new IOException(source + ": malformed pickle (" + e + ")", e);
        }
    }

    private Object run() throws IOException {
        while (true) {
            int op = u8();
            switch (op) {
                case 0x80 -> u8(); // PROTO
                case 0x95 -> fixed(8); // FRAME: a length hint
                case '.' -> { // STOP
                    if (stack.size() != 1) throw bad("the stack holds " + stack.size() + " objects at STOP");
                    return stack.get(0);
                }
                case '(' -> { // MARK
                    marks.add(stack.size());
                    stack.add(MARK);
                }
                case '0' -> pop();
                case '1' -> popMark();
                case '2' -> push(peek());
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) ByteBuffer.wrap(fixed(4)).order(ByteOrder.LITTLE_ENDIAN).getInt());
                case 'K' -> push((long) u8());
                case 'M' -> push((long) (u8() | u8() << 8));
                case 0x8a -> push(longBytes(fixed(u8()))); // LONG1
                case 0x8b -> push(longBytes(fixed(length(4)))); // LONG4
                case 'I' -> { // INT (text): also Python 2's bools 00 / 01
                    String s = line();
                    push(s.equals("00") ? (Object) Boolean.FALSE : s.equals("01") ? (Object) Boolean.TRUE : Long.parseLong(s.trim()));
                }
                case 'L' -> { // LONG (text)
                    String s = line();
                    push(narrow(new BigInteger(s.endsWith("L") ? s.substring(0, s.length() - 1) : s)));
                }
                case 'G' -> push(ByteBuffer.wrap(fixed(8)).order(ByteOrder.BIG_ENDIAN).getDouble());
                case 'U' -> push(fixed(u8())); // SHORT_BINSTRING: Python 2 str, read as bytes (encoding="bytes")
                case 'T' -> push(fixed(length(4))); // BINSTRING
                case 'C' -> push(fixed(u8())); // SHORT_BINBYTES
                case 'B' -> push(fixed(length(4))); // BINBYTES
                case 0x8e -> push(fixed(length(8))); // BINBYTES8
                case 'X' -> push(new String(fixed(length(4)), StandardCharsets.UTF_8)); // BINUNICODE
                case 0x8c -> push(new String(fixed(u8()), StandardCharsets.UTF_8)); // SHORT_BINUNICODE
                case 0x8d -> push(new String(fixed(length(8)), StandardCharsets.UTF_8)); // BINUNICODE8
                case ']' -> push(new ArrayList<>());
                case 'l' -> push(new ArrayList<>(popMark()));
                case 'a' -> { // APPEND
                    Object v = pop();
                    list(peek()).add(v);
                }
                case 'e' -> { // APPENDS
                    List<Object> items = popMark();
                    list(peek()).addAll(items);
                }
                case ')' -> push(new Tuple(List.of()));
                case 't' -> push(new Tuple(popMark()));
                case 0x85 -> push(tuple(1));
                case 0x86 -> push(tuple(2));
                case 0x87 -> push(tuple(3));
                case '}' -> push(new LinkedHashMap<>());
                case 'd' -> push(dict(popMark()));
                case 's' -> { // SETITEM
                    Object v = pop(), k = pop();
                    map(peek()).put(key(k), v);
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popMark();
                    Map<Object, Object> m = map(peek());
                    for (int i = 0; i + 1 < items.size(); i += 2) m.put(key(items.get(i)), items.get(i + 1));
                }
                case 'q' -> memo.put((long) u8(), peek()); // BINPUT
                case 'r' -> memo.put(length(4) & 0xFFFFFFFFL, peek()); // LONG_BINPUT
                case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
                case 'p' -> memo.put(Long.parseLong(line().trim()), peek()); // PUT
                case 'h' -> push(memo((long) u8()));
                case 'j' -> push(memo(length(4) & 0xFFFFFFFFL));
                case 'g' -> push(memo(Long.parseLong(line().trim())));
                case 'c' -> push(global(line(), line())); // GLOBAL
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop(), module = pop();
                    push(global((String) module, (String) name));
                }
                case 'R' -> { // REDUCE
                    Object args = pop(), callable = pop();
                    push(reduce((String) callable, (Tuple) args));
                }
                case 'b' -> { // BUILD
                    Object state = pop();
                    build(peek(), state);
                }
                default -> throw bad(String.format("opcode 0x%02x is not one a dataset file uses (classes, persistent ids and "
                        + "extension codes are refused: unpickling them would run code)", op));
            }
        }
    }

    // ------------------------------------------------------------------ the NumPy names, as data

    private String global(String module, String name) throws IOException {
        String full = module + "." + name;
        for (String m : RECONSTRUCT) if (full.equals(m + "._reconstruct")) return "_reconstruct";
        if (full.equals("numpy.ndarray")) return "ndarray";
        if (full.equals("numpy.dtype")) return "dtype";
        if (full.equals("_codecs.encode")) return "encode";
        throw bad("refusing the Python name '" + full + "': only NumPy arrays and plain data are read from a dataset file");
    }

    private Object reduce(String callable, Tuple args) throws IOException {
        List<Object> a = args.items();
        switch (callable) {
            case "_reconstruct" -> {
                if (a.isEmpty() || !"ndarray".equals(a.get(0))) throw bad("_reconstruct of something other than numpy.ndarray");
                return new NdArray();
            }
            case "dtype" -> {
                Object n = a.isEmpty() ? null : a.get(0);
                String name = n instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1) : (String) n;
                return new Dtype(name);
            }
            case "encode" -> { // _codecs.encode(text, "latin1"): Python 3's bytes at protocol 2
                if (a.size() != 2 || !(a.get(0) instanceof String s) || !"latin1".equals(a.get(1)))
                    throw bad("_codecs.encode with arguments other than (str, 'latin1')");
                return s.getBytes(StandardCharsets.ISO_8859_1);
            }
            default -> throw bad("cannot call '" + callable + "'");
        }
    }

    private void build(Object target, Object state) throws IOException {
        List<Object> s = ((Tuple) state).items();
        if (target instanceof Dtype d) {
            // (version, byte order, subarray, names, fields, elsize, alignment, flags)
            if (s.size() > 1 && s.get(1) != null) d.order = str(s.get(1)).charAt(0);
        } else if (target instanceof NdArray a) {
            // (version, shape, dtype, is_fortran, data)
            if (s.size() != 5) throw bad("an ndarray state of " + s.size() + " items (expected 5)");
            List<Object> shape = ((Tuple) s.get(1)).items();
            a.shape = new int[shape.size()];
            for (int i = 0; i < a.shape.length; i++) a.shape[i] = Math.toIntExact(asLong(shape.get(i), source));
            a.dtype = (Dtype) s.get(2);
            a.fortran = Boolean.TRUE.equals(s.get(3));
            Object data = s.get(4);
            a.data = data instanceof String text ? text.getBytes(StandardCharsets.ISO_8859_1) : data;
        } else {
            throw bad("BUILD on a " + (target == null ? "None" : target.getClass().getSimpleName()));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String str(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1) : (String) o;
    }

    /** Dict keys: Python 2 byte strings read as text (Keras decodes CIFAR's keys the same way). */
    private static Object key(Object k) {
        return k instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : k;
    }

    static long asLong(Object o, String what) throws IOException {
        if (o instanceof Long l) return l;
        if (o instanceof Boolean b) return b ? 1 : 0;
        throw new IOException(what + ": expected an integer, got " + (o == null ? "None" : o.getClass().getSimpleName()));
    }

    private static Object narrow(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private static Object longBytes(byte[] littleEndian) {
        if (littleEndian.length == 0) return 0L;
        byte[] big = new byte[littleEndian.length];
        for (int i = 0; i < big.length; i++) big[i] = littleEndian[littleEndian.length - 1 - i];
        return narrow(new BigInteger(big));
    }

    private Tuple tuple(int n) throws IOException {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) items[i] = pop();
        return new Tuple(java.util.Arrays.asList(items));
    }

    private Map<Object, Object> dict(List<Object> items) {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < items.size(); i += 2) m.put(key(items.get(i)), items.get(i + 1));
        return m;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) throws IOException {
        if (o instanceof List<?> l) return (List<Object>) l;
        throw bad("APPEND to a " + (o == null ? "None" : o.getClass().getSimpleName()));
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> map(Object o) throws IOException {
        if (o instanceof Map<?, ?> m) return (Map<Object, Object>) m;
        throw bad("SETITEM on a " + (o == null ? "None" : o.getClass().getSimpleName()));
    }

    private Object memo(long key) throws IOException {
        if (!memo.containsKey(key)) throw bad("memo key " + key + " was never stored");
        return memo.get(key);
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() throws IOException {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) throw bad("pop from an empty stack");
        return stack.remove(stack.size() - 1);
    }

    private Object peek() throws IOException {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) throw bad("the stack is empty");
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() throws IOException {
        if (marks.isEmpty()) throw bad("no MARK on the stack");
        int at = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(at + 1, stack.size()));
        stack.subList(at, stack.size()).clear();
        return items;
    }

    private int u8() throws IOException {
        if (pos >= in.length) throw bad("the data ends before STOP");
        return in[pos++] & 0xFF;
    }

    private int length(int bytes) throws IOException {
        long v = 0;
        for (int i = 0; i < bytes; i++) v |= (long) u8() << (8 * i);
        if (v < 0 || v > in.length - pos) throw bad("a length of " + v + " bytes runs past the end of the data");
        return (int) v;
    }

    private byte[] fixed(int n) throws IOException {
        if (n > in.length - pos) throw bad("the data ends inside a value");
        byte[] out = java.util.Arrays.copyOfRange(in, pos, pos + n);
        pos += n;
        return out;
    }

    private String line() throws IOException {
        int start = pos;
        while (pos < in.length && in[pos] != '\n') pos++;
        if (pos >= in.length) throw bad("the data ends inside a text line");
        return new String(in, start, pos++ - start, StandardCharsets.UTF_8);
    }

    private IOException bad(String why) {
        return new IOException(source + ": " + why + " (at byte " + pos + ")");
    }
}
