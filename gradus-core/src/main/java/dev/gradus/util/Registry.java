package dev.gradus.util;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Identifier resolution for one family (losses, metrics, optimizers, ...), as Keras's
 * {@code get}/{@code deserialize}: a string names a registered factory (called with an empty
 * config), a map {@code {"class_name", "config"}} calls the factory with its config, and an
 * instance of the family's type is returned as it is. Only registered factories ever run, so
 * loading a config never builds a class that a file names.
 *
 * <p>Names are exact (Keras is case-sensitive; an alias such as {@code "MSE"} is registered as
 * its own name). Built-in names cannot be shadowed; a user's name may be registered again
 * (tests and notebooks re-run their registration).
 */
public final class Registry<T> {
    private final String family;
    private final Class<T> type;
    private final Map<String, Function<Map<String, Object>, ? extends T>> factories = new LinkedHashMap<>();
    private final Set<String> builtins = new TreeSet<>();
    private final Map<Class<?>, String> registeredClasses = new ConcurrentHashMap<>();

    /** How this family builds a caller's subclass that has no static fromConfig of its own, or null. */
    private volatile java.util.function.BiFunction<Class<?>, Map<String, Object>, ? extends T> subclasses;

    /** How this family builds a class from its declared arguments ({@link KerasArgs}), or null. */
    private volatile Function<KerasArgs<? extends T>, Function<Map<String, Object>, ? extends T>> declared;

    public Registry(String family, Class<T> type) {
        this.family = Check.notNull("family", family);
        this.type = Check.notNull("type", type);
    }

    /**
     * How the family builds a custom-object class that inherits its static {@code fromConfig} (Java's
     * static methods cannot build the subclass, as Keras's {@code cls.from_config} does): the factory
     * returns the instance, or null when it does not know the class.
     */
    public Registry<T> subclassesBy(java.util.function.BiFunction<Class<?>, Map<String, Object>, ? extends T> factory) {
        this.subclasses = Check.notNull("factory", factory);
        return this;
    }

    /**
     * How the family turns a class's declared arguments into a factory (its base keys read after the
     * class's own): a custom object given as a class with a {@link KerasArgs} declaration and no static
     * {@code fromConfig} is built this way.
     */
    public Registry<T> declaredBy(Function<KerasArgs<? extends T>, Function<Map<String, Object>, ? extends T>> factory) {
        this.declared = Check.notNull("factory", factory);
        return this;
    }

    /** Registers a built-in under its class name and any aliases (function names, short names). */
    public synchronized Registry<T> builtin(String name, Function<Map<String, Object>, ? extends T> factory, String... aliases) {
        Check.notNull("factory", factory);
        for (String n : names(name, aliases)) {
            if (factories.containsKey(n)) throw new IllegalStateException(family + " registry: '" + n + "' registered twice");
            factories.put(n, factory);
            builtins.add(n);
        }
        return this;
    }

    /** Registers a user's class, so that {@code get(name)} and its config round-trip build it. */
    public synchronized void register(String name, Function<Map<String, Object>, ? extends T> factory) {
        Check.notNull("factory", factory);
        Check.argument(name != null && !name.isBlank(), family + " registry: name must be a non-empty string, got " + name);
        if (builtins.contains(name)) throw new IllegalArgumentException(
                family + " registry: '" + name + "' is a built-in " + family + " name; register under another name");
        factories.put(name, factory);
    }

    /**
     * Registers a user's class as {@link #register(String, Function)} does, and remembers its name so
     * that {@link #serialize} can write it.
     */
    public void register(String name, Class<? extends T> type, Function<Map<String, Object>, ? extends T> factory) {
        Check.notNull("type", type);
        register(name, factory);
        registeredClasses.put(type, name);
    }

    /** The name a user's class was registered under, or null for a built-in or unregistered class. */
    public String registeredName(Class<?> type) {
        return registeredClasses.get(type);
    }

    /**
     * Records that objects of {@code type} serialize under {@code name}, unless the class already has a
     * name: for a family that learns a user's class only when the user's factory first runs.
     */
    public void rememberName(Class<?> type, String name) {
        registeredClasses.putIfAbsent(type, name);
    }

    /**
     * Keras's serialized form {@code {"class_name", "config"}}, with "registered_name" for a user's class
     * registered under another name. Only the built-ins (classes in the package of {@code facade}, the
     * family's public entry point such as {@code Constraints}) and registered classes can be serialized.
     */
    public Map<String, Object> serialize(T object, Class<?> facade, Function<? super T, Map<String, Object>> config) {
        Check.notNull(family, object);
        Class<?> cls = object.getClass();
        String registered = registeredClasses.get(cls);
        if (registered == null && (cls.isSynthetic() || cls.isAnonymousClass() || !cls.getName().startsWith(facade.getPackageName() + ".")))
            throw new IllegalArgumentException("Cannot serialize " + family + " " + object
                    + ": register its class first with " + facade.getSimpleName() + ".register(name, type, factory)");
        String simple = cls.getSimpleName();
        Map<String, Object> out = Config.serialized(simple, config.apply(object));
        if (registered != null && !registered.equals(simple)) out.put("registered_name", registered);
        return out;
    }

    // ------------------------------------------------------------------ custom objects (a load's own)

    /** The caller's custom objects for the load running on this thread (Keras's {@code custom_objects}). */
    private static final ThreadLocal<Map<String, ?>> CUSTOM = new ThreadLocal<>();

    /**
     * Runs {@code body} (a load) with {@code customObjects} resolved before the registered names, as
     * Keras's {@code custom_objects} / {@code custom_object_scope}. A value is a class that declares
     * its arguments ({@link KerasArgs}) or has a public static {@code fromConfig(Map)} (used by the
     * family the class belongs to), or a factory
     * {@code Function<Map<String, Object>, ?>}. Only what the caller passes is built: a file still
     * cannot name a class of its own choosing.
     */
    public static <R> R withCustomObjects(Map<String, ?> customObjects, java.util.function.Supplier<R> body) {
        Check.notNull("custom_objects", customObjects);
        for (Map.Entry<String, ?> e : customObjects.entrySet()) {
            Check.notNull("custom_objects key", e.getKey());
            Object v = e.getValue();
            if (!(v instanceof Class<?> || v instanceof Function<?, ?>)) throw new IllegalArgumentException("custom_objects['"
                    + e.getKey() + "']: expected a class with a static fromConfig(Map) or a Function<Map<String, Object>, ?>, got "
                    + (v == null ? "null" : v.getClass().getName()));
        }
        Map<String, ?> outer = CUSTOM.get();
        CUSTOM.set(customObjects);
        try {
            return body.get();
        } finally {
            if (outer == null) CUSTOM.remove();
            else CUSTOM.set(outer);
        }
    }

    /** The caller's custom object for {@code name} that can make this family's objects, or null. */
    private Object customFor(String name) {
        Map<String, ?> custom = CUSTOM.get();
        Object v = custom == null ? null : custom.get(name);
        if (v instanceof Class<?> c && !type.isAssignableFrom(c)) return null; // another family's class
        return v;
    }

    @SuppressWarnings("unchecked")
    private T createCustom(String name, Object custom, Map<String, Object> config) {
        Object made;
        KerasArgs<? extends T> args = custom instanceof Class<?> c ? declaredArgs(c) : null;
        if (args != null) {
            made = declared.apply(args).apply(config);
        } else if (custom instanceof Class<?> c && subclasses != null && !declaresFromConfig(c)
                && (made = subclasses.apply(c, config)) != null) {
            // built by the family for a subclass without a fromConfig of its own
        } else if (custom instanceof Class<?> c) {
            java.lang.reflect.Method from;
            try {
                from = c.getMethod("fromConfig", Map.class);
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException("custom_objects['" + name + "']: class " + c.getName()
                        + " has no public static fromConfig(Map) to build it from its config");
            }
            if (!java.lang.reflect.Modifier.isStatic(from.getModifiers())) throw new IllegalArgumentException(
                    "custom_objects['" + name + "']: " + c.getName() + ".fromConfig(Map) must be static");
            try {
                made = from.invoke(null, config);
            } catch (java.lang.reflect.InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) throw r;
                throw new IllegalArgumentException("custom_objects['" + name + "']: " + c.getName() + ".fromConfig failed: " + cause, cause);
            } catch (IllegalAccessException e) {
                throw new IllegalArgumentException("custom_objects['" + name + "']: " + c.getName()
                        + ".fromConfig(Map) is not accessible: make the class and the method public", e);
            }
        } else {
            made = ((Function<Map<String, Object>, ?>) custom).apply(config);
        }
        if (!type.isInstance(made)) throw new IllegalArgumentException("custom_objects['" + name + "'] made "
                + (made == null ? "null" : "a " + made.getClass().getName()) + " where the file needs a " + family);
        return (T) made;
    }

    private static boolean declaresFromConfig(Class<?> c) {
        try {
            return c.getMethod("fromConfig", Map.class).getDeclaringClass() == c;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** The class's own buildable declaration when this family builds declared classes, else null. */
    @SuppressWarnings("unchecked")
    private KerasArgs<? extends T> declaredArgs(Class<?> c) {
        if (declared == null || !type.isAssignableFrom(c)) return null;
        KerasArgs<?> args = KerasArgs.declaredFor(c);
        return args == null ? null : (KerasArgs<? extends T>) args;
    }

    public synchronized boolean contains(String name) {
        if (customFor(name) != null) return true;
        return factories.containsKey(name);
    }

    /** Every registered name, sorted. */
    public synchronized Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(factories.keySet()));
    }

    /** Resolves a string, a Keras config map or an instance. */
    @SuppressWarnings("unchecked")
    public T get(Object identifier) {
        if (identifier == null) throw new IllegalArgumentException(family + " identifier must not be null");
        if (type.isInstance(identifier)) return (T) identifier;
        if (identifier instanceof String name) return create(name, Map.of());
        if (identifier instanceof Map<?, ?> map) return fromSerialized((Map<String, Object>) map);
        throw new IllegalArgumentException("Could not interpret " + family + " identifier: expected a string, a config map "
                + "{\"class_name\", \"config\"} or a " + type.getSimpleName() + ", got " + identifier.getClass().getName());
    }

    /** Builds the object registered under {@code name} from its config. */
    public T create(String name, Map<String, Object> config) {
        Object custom = customFor(name);
        if (custom != null) return createCustom(name, custom, config == null ? Map.of() : config);
        Function<Map<String, Object>, ? extends T> factory;
        synchronized (this) {
            factory = factories.get(name);
        }
        if (factory == null) throw unknown(name);
        T made = factory.apply(config == null ? Map.of() : config);
        if (made == null) throw new IllegalStateException(family + " factory for '" + name + "' returned null");
        return made;
    }

    private T fromSerialized(Map<String, Object> map) {
        Object className = map.get("class_name");
        if (!(className instanceof String)) throw new IllegalArgumentException(
                "Could not interpret " + family + " config: expected a \"class_name\" string, got keys " + map.keySet());
        // Keras 3 writes "registered_name" ("package>Name") for custom objects; prefer it when known.
        Object registered = map.get("registered_name");
        String name = registered instanceof String r && contains(r) ? r : (String) className;
        Object config = map.get("config");
        if (config != null && !(config instanceof Map)) throw new IllegalArgumentException(
                family + " config for '" + name + "': \"config\" must be a map, got " + config.getClass().getSimpleName());
        @SuppressWarnings("unchecked") Map<String, Object> cfg = (Map<String, Object>) config;
        return create(name, cfg);
    }

    private IllegalArgumentException unknown(String name) {
        List<String> near = Naming.closest(name, names(), 3);
        return new IllegalArgumentException("Unknown " + family + ": '" + name + "'. Closest known names: "
                + near.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "))
                + ". A custom " + family + " must be registered first.");
    }

    private static List<String> names(String name, String... aliases) {
        List<String> all = new java.util.ArrayList<>();
        all.add(name);
        all.addAll(List.of(aliases));
        return all;
    }
}
