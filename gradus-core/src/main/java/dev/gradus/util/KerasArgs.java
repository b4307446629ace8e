package dev.gradus.util;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/**
 * The Keras arguments of one class, declared once: each argument's Keras key, its type, and the
 * getter and setter that hold it (the setter is where its check lives, the field initialiser is its
 * default). {@code getConfig} and {@code fromConfig} are derived from the declaration, so a built-in
 * loss, metric or optimizer writes neither by hand and a new argument is one line:
 *
 * <pre>{@code
 * static final KerasArgs<Huber> ARGS = KerasArgs.of(Huber.class, Huber::new)
 *         .real("delta", Huber::delta, Huber::delta);
 * }</pre>
 *
 * <p>A class inherits its superclasses' declarations: {@link #configOf} writes the arguments of every
 * declared class from the top of the hierarchy down, and {@link #read} sets them all, so the
 * crossentropies declare {@code from_logits} once in their common base. A key that is absent from a
 * config leaves the constructor's default; a key that is present with Keras's {@code None} sets null
 * only where the argument is declared nullable ({@code ...OrNull}, {@code string}).
 */
public final class KerasArgs<T> {
    private static final Map<Class<?>, KerasArgs<?>> DECLARED = new ConcurrentHashMap<>();

    /** One argument: how it is read from a config, written to one, and set on an instance. */
    private record Arg<T>(String key, boolean nullable, BiFunction<Config.Reader, String, Object> read,
                          Function<? super T, Object> write, BiConsumer<? super T, Object> set) {}

    private final Class<T> type;
    private final Function<Config.Reader, ? extends T> create;
    private final List<Arg<T>> args = new ArrayList<>();
    private final List<String> aliases = new ArrayList<>();

    private KerasArgs(Class<T> type, Function<Config.Reader, ? extends T> create) {
        this.type = Check.notNull("type", type);
        this.create = create;
        if (DECLARED.putIfAbsent(type, this) != null) {
            throw new IllegalStateException(type.getName() + " declares its Keras arguments twice");
        }
    }

    /** The arguments of a class built with its no-argument constructor, then its setters. */
    public static <T> KerasArgs<T> of(Class<T> type, Supplier<? extends T> create) {
        Check.notNull("create", create);
        return new KerasArgs<>(type, r -> create.get());
    }

    /**
     * The arguments of a class whose constructor takes some of them (Keras's required arguments,
     * such as {@code MeanIoU(num_classes)}): {@code create} reads those from the config, and they are
     * declared with {@link #constructorArg} so that they are written back.
     */
    public static <T> KerasArgs<T> constructed(Class<T> type, Function<Config.Reader, ? extends T> create) {
        return new KerasArgs<>(type, Check.notNull("create", create));
    }

    /** Arguments shared by the subclasses of an abstract class; it is never built from a config itself. */
    public static <T> KerasArgs<T> shared(Class<T> type) {
        return new KerasArgs<>(type, null);
    }

    // ------------------------------------------------------------------ declaring

    /** A number ({@code float} in Keras). */
    public KerasArgs<T> real(String key, ToDoubleFunction<? super T> get, BiConsumer<? super T, Double> set) {
        return add(key, false, (r, k) -> r.getDouble(k, 0), t -> get.applyAsDouble(t), set);
    }

    /** A number that may be Keras's {@code None} (null). */
    public KerasArgs<T> realOrNull(String key, Function<? super T, Double> get, BiConsumer<? super T, Double> set) {
        return add(key, true, Config.Reader::getDoubleOrNull, get, set);
    }

    /** A whole number. */
    public KerasArgs<T> integer(String key, ToIntFunction<? super T> get, BiConsumer<? super T, Integer> set) {
        return add(key, false, (r, k) -> r.getInt(k, 0), t -> get.applyAsInt(t), set);
    }

    /** A whole number that may be Keras's {@code None} (null). */
    public KerasArgs<T> integerOrNull(String key, Function<? super T, Integer> get, BiConsumer<? super T, Integer> set) {
        return add(key, true, Config.Reader::getIntOrNull, get, set);
    }

    /** True or false. */
    public KerasArgs<T> bool(String key, Predicate<? super T> get, BiConsumer<? super T, Boolean> set) {
        return add(key, false, (r, k) -> r.getBoolean(k, false), t -> get.test(t), set);
    }

    /** A string, which may be Keras's {@code None} (null). */
    public KerasArgs<T> string(String key, Function<? super T, String> get, BiConsumer<? super T, String> set) {
        return add(key, true, (r, k) -> r.getString(k, null), get, set);
    }

    /** A list of numbers (a single number in a config is read as a list of one). */
    public KerasArgs<T> reals(String key, Function<? super T, List<Double>> get, BiConsumer<? super T, List<Double>> set) {
        return add(key, true, Config.Reader::getDoubles, get, set);
    }

    /** A list of whole numbers held as {@code int[]} (Keras's axis tuples); null is Keras's {@code None}. */
    public KerasArgs<T> ints(String key, Function<? super T, int[]> get, BiConsumer<? super T, int[]> set) {
        return add(key, true, (r, k) -> {
            List<Integer> v = r.getInts(k);
            return v == null ? null : v.stream().mapToInt(Integer::intValue).toArray();
        }, t -> {
            int[] v = get.apply(t);
            return v == null ? null : java.util.Arrays.stream(v).boxed().toList();
        }, set);
    }

    /**
     * Any other value: {@code read} takes it from a config (the reader and the key), {@code write}
     * gives the config's form (a config map for a schedule, a string for an enum).
     */
    public <V> KerasArgs<T> value(String key, BiFunction<Config.Reader, String, V> read, Function<? super T, ?> write,
                                  BiConsumer<? super T, V> set) {
        return add(key, true, read, write, set);
    }

    /** An argument the constructor reads (see {@link #constructed}): written to configs, never set afterwards. */
    public KerasArgs<T> constructorArg(String key, Function<? super T, ?> get) {
        return add(key, true, null, get, null);
    }

    /** Other names the registry knows the class by (Keras's {@code "mse"} for {@code MeanSquaredError}). */
    public KerasArgs<T> aliases(String... names) {
        aliases.addAll(List.of(names));
        return this;
    }

    @SuppressWarnings("unchecked")
    private <V> KerasArgs<T> add(String key, boolean nullable, BiFunction<Config.Reader, String, ? extends V> read,
                                 Function<? super T, ?> write, BiConsumer<? super T, V> set) {
        Check.notNull("key", key);
        for (Arg<T> a : args) {
            if (a.key().equals(key)) throw new IllegalStateException(type.getName() + " declares '" + key + "' twice");
        }
        args.add(new Arg<>(key, nullable, (BiFunction<Config.Reader, String, Object>) read,
                (Function<? super T, Object>) write, (BiConsumer<? super T, Object>) set));
        return this;
    }

    // ------------------------------------------------------------------ using

    /** The declared class. */
    public Class<T> type() {
        return type;
    }

    /** Keras's class name, the class's simple name. */
    public String className() {
        return type.getSimpleName();
    }

    public List<String> aliases() {
        return Collections.unmodifiableList(aliases);
    }

    /**
     * A new instance from a config: the constructor (with what it reads), then every declared
     * argument of the class and its superclasses that the config holds. The reader keeps track of the
     * keys read, so the family's base can read its own and reject the rest.
     */
    public T read(Config.Reader r) {
        if (create == null) {
            throw new IllegalStateException(type.getName() + " is abstract: only its subclasses are built from configs");
        }
        T instance = create.apply(r);
        for (KerasArgs<?> declared : chain(instance.getClass())) declared.readInto(instance, r);
        return instance;
    }

    private void readInto(Object instance, Config.Reader r) {
        T t = type.cast(instance);
        for (Arg<T> a : args) {
            if (a.set() == null) {
                r.ignore(a.key());
                continue;
            }
            if (a.nullable() ? !r.contains(a.key()) : !r.has(a.key())) {
                r.ignore(a.key());
                continue;
            }
            a.set().accept(t, a.read().apply(r, a.key()));
        }
    }

    /**
     * The declared arguments of {@code instance}'s class and its superclasses, in declaration order
     * from the top of the hierarchy down: the part of {@code getConfig} a class no longer writes.
     * Empty for a class nothing declares (a user's subclass writes its own {@code getConfig}).
     */
    public static Map<String, Object> configOf(Object instance) {
        Map<String, Object> config = new LinkedHashMap<>();
        for (KerasArgs<?> declared : chain(instance.getClass())) declared.writeInto(instance, config);
        return config;
    }

    private void writeInto(Object instance, Map<String, Object> config) {
        T t = type.cast(instance);
        for (Arg<T> a : args) config.put(a.key(), a.write().apply(t));
    }

    /** The class's own declaration when it can be built from a config (not a shared one), else null. */
    public static KerasArgs<?> declaredFor(Class<?> type) {
        Check.notNull("type", type);
        try {
            // a class passed by the caller (never one named by a file) declares its arguments in its
            // static initialiser, which may not have run yet
            Class.forName(type.getName(), true, type.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        KerasArgs<?> args = DECLARED.get(type);
        return args == null || args.create == null ? null : args;
    }

    /** The declarations along a class's hierarchy, the topmost first. */
    private static List<KerasArgs<?>> chain(Class<?> leaf) {
        List<KerasArgs<?>> out = new ArrayList<>();
        for (Class<?> c = leaf; c != null && c != Object.class; c = c.getSuperclass()) {
            KerasArgs<?> declared = DECLARED.get(c);
            if (declared != null) out.add(0, declared);
        }
        return out;
    }

    @Override
    public String toString() {
        List<String> keys = new ArrayList<>();
        for (Arg<T> a : args) keys.add(a.key());
        return "KerasArgs(" + className() + ", " + keys + ")";
    }
}
