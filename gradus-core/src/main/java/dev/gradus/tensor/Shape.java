package dev.gradus.tensor;

import java.util.Arrays;

/** An immutable tensor shape; prints as Keras and numpy do: {@code (2, 3)}, {@code (5,)}, {@code ()}. */
public final class Shape {
    private static final Shape SCALAR = new Shape(new int[0]);
    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        this.dims = dims;
        long s = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) throw new IllegalArgumentException(
                    "shape: dimension " + i + " must be >= 0, got " + dims[i] + " in " + format(dims));
            s *= dims[i];
            if (s > Integer.MAX_VALUE) throw new IllegalArgumentException(
                    "shape: " + format(dims) + " has more than " + Integer.MAX_VALUE + " elements");
        }
        this.size = (int) s;
    }

    public static Shape of(int... dims) {
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    public static Shape scalar() {
        return SCALAR;
    }

    public int rank() {
        return dims.length;
    }

    /** Number of elements (1 for a scalar). */
    public int size() {
        return size;
    }

    /** Dimension {@code axis}; negative axes count from the end. */
    public int get(int axis) {
        return dims[axis(axis, "axis")];
    }

    public int[] dims() {
        return dims.clone();
    }

    /** Normalises {@code axis} into {@code [0, rank)}; the error names {@code what}, the axis and this shape. */
    public int axis(int axis, String what) {
        int r = dims.length;
        if (axis < -r || axis >= r) throw new IllegalArgumentException(what + " " + axis + " is out of range for shape "
                + this + ", expected an axis in [" + -r + ", " + r + ")");
        return axis < 0 ? axis + r : axis;
    }

    public static int normalizeAxis(int axis, int rank, String what) {
        if (axis < -rank || axis >= rank) throw new IllegalArgumentException(
                what + ": expected an axis in [" + -rank + ", " + rank + ") for rank " + rank + ", got " + axis);
        return axis < 0 ? axis + rank : axis;
    }

    /**
     * {@code dims} viewed as {@code (outer, n, inner)}: the products of the axes before {@code first},
     * of {@code first..last} (1 when the range is empty) and of those after {@code last}.
     */
    public static int[] lines(int[] dims, int first, int last) {
        int[] l = {1, 1, 1};
        for (int i = 0; i < dims.length; i++) l[i < first ? 0 : i <= last ? 1 : 2] *= dims[i];
        return l;
    }

    /** Row-major strides in elements. */
    public int[] strides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /** numpy broadcasting of two shapes, or an exception naming {@code op} and both shapes. */
    public static Shape broadcast(String op, Shape a, Shape b) {
        if (a.equals(b)) return a;
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
            int db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
            if (da != db && da != 1 && db != 1) throw new IllegalArgumentException(
                    op + ": shapes " + a + " and " + b + " cannot be broadcast together");
            out[i] = da == 1 ? db : da;
        }
        return new Shape(out);
    }

    /** True when this shape can be broadcast to {@code target} (numpy rules, one direction). */
    public boolean broadcastsTo(Shape target) {
        if (rank() > target.rank()) return false;
        int off = target.rank() - rank();
        for (int i = 0; i < rank(); i++) if (dims[i] != 1 && dims[i] != target.dims[i + off]) return false;
        return true;
    }

    int[] unsafeDims() {
        return dims;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return format(dims);
    }

    public static String format(int... dims) {
        if (dims.length == 1) return "(" + dims[0] + ",)";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) sb.append(i == 0 ? "" : ", ").append(dims[i]);
        return sb.append(')').toString();
    }
}
