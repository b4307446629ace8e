package dev.gradus.optimizers;

import dev.gradus.autodiff.Variable;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keras's {@code OptimizerMap}: which optimizer of a {@link MultiOptimizer} updates which variable.
 * Each rule pairs an optimizer with a regular expression (matched at the start of the variable's
 * path, {@code dense/kernel}, or of its short name, {@code kernel}, as Python's {@code re.match}),
 * with variables, or with a test. A variable that two different optimizers claim is an error; one
 * that none claims goes to the default optimizer.
 */
public final class OptimizerMap {
    /** One rule's way of picking variables; its saved form is a regular expression. */
    private sealed interface Rule permits Regex, Variables, Test {
        boolean matches(Variable v);
    }

    private record Regex(Pattern pattern) implements Rule {
        public boolean matches(Variable v) {
            String path = v.name(), name = path.substring(path.lastIndexOf('/') + 1);
            return pattern.matcher(path).lookingAt() || pattern.matcher(name).lookingAt();
        }
    }

    private record Variables(Set<Variable> variables) implements Rule {
        public boolean matches(Variable v) {
            return variables.contains(v);
        }
    }

    private record Test(Predicate<Variable> test) implements Rule {
        public boolean matches(Variable v) {
            return test.test(v);
        }
    }

    private final List<Optimizer> optimizers = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();

    /** The variables whose path or short name starts with a match of {@code regex} (Keras's string identifier). */
    public OptimizerMap add(Optimizer optimizer, String regex) {
        Check.notNull("regex", regex);
        return add(optimizer, new Regex(Pattern.compile(regex)));
    }

    /** These variables (Keras's Variable or list of Variables identifier). */
    public OptimizerMap add(Optimizer optimizer, Variable... variables) {
        return add(optimizer, List.of(Check.notNull("variables", variables)));
    }

    public OptimizerMap add(Optimizer optimizer, Collection<Variable> variables) {
        Check.notNull("variables", variables);
        Set<Variable> set = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Variable v : variables) set.add(Check.notNull("variables entry", v));
        return add(optimizer, new Variables(set));
    }

    /** The variables a test accepts (Keras's callable identifier); such a map cannot be saved. */
    public OptimizerMap add(Optimizer optimizer, Predicate<Variable> test) {
        return add(optimizer, new Test(Check.notNull("test", test)));
    }

    private OptimizerMap add(Optimizer optimizer, Rule rule) {
        Check.notNull("optimizer", optimizer);
        if (optimizer instanceof MultiOptimizer) throw new IllegalArgumentException(
                "optimizer: a MultiOptimizer cannot be nested in an OptimizerMap");
        optimizers.add(optimizer);
        rules.add(rule);
        return this;
    }

    /** The optimizers of the rules, in order (one optimizer may appear in several rules). */
    public List<Optimizer> optimizers() {
        return Collections.unmodifiableList(optimizers);
    }

    /** The one optimizer whose rules claim {@code v}, or null when none does. */
    Optimizer optimizerFor(Variable v) {
        List<Optimizer> claims = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            Optimizer o = optimizers.get(i);
            if (rules.get(i).matches(v) && claims.stream().noneMatch(c -> c == o)) claims.add(o);
        }
        if (claims.size() > 1) throw new IllegalArgumentException("Multiple optimizers assigned to variable '" + v.name()
                + "': " + claims.stream().map(Optimizer::name).collect(Collectors.joining(", ")));
        return claims.isEmpty() ? null : claims.get(0);
    }

    /**
     * Keras's saved form: variables become anchored regular expressions of their paths. A test
     * (a Java lambda) has no saved form, so a map with one cannot be saved.
     */
    Map<String, Object> config() {
        List<Object> serialized = new ArrayList<>();
        for (Optimizer o : optimizers) serialized.add(Optimizers.serialize(o));
        List<Object> identifiers = new ArrayList<>();
        for (Rule r : rules) {
            if (r instanceof Regex x) identifiers.add(x.pattern().pattern());
            else if (r instanceof Variables vs) identifiers.add("^(" + vs.variables().stream()
                    .map(v -> Pattern.quote(v.name())).collect(Collectors.joining("|")) + ")$");
            else throw new IllegalStateException("OptimizerMap: a rule given as a Java test cannot be saved;"
                    + " give its variables or a regular expression instead");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class_name", "OptimizerMap");
        out.put("config", Config.of("optimizer", serialized, "variable_identifier", identifiers));
        return out;
    }

    /** The map a saved {@link #config()} describes; its identifiers must be regular expressions. */
    static OptimizerMap fromConfig(Map<String, Object> map) {
        Config.Reader outer = Config.read("OptimizerMap", map);
        String className = outer.getString("class_name", null);
        if (!"OptimizerMap".equals(className)) throw new IllegalArgumentException(
                "MultiOptimizer: obj_map must be an OptimizerMap config, got class_name " + className);
        Config.Reader r = Config.read("OptimizerMap", outer.getMap("config"));
        outer.ignore("module", "registered_name").done();
        List<?> opts = list(r, "optimizer"), ids = list(r, "variable_identifier");
        r.done();
        if (opts.size() != ids.size()) throw new IllegalArgumentException("OptimizerMap: " + opts.size()
                + " optimizers for " + ids.size() + " variable identifiers; expected one identifier per optimizer");
        OptimizerMap out = new OptimizerMap();
        for (int i = 0; i < opts.size(); i++) {
            if (!(ids.get(i) instanceof String regex)) throw new IllegalArgumentException("OptimizerMap: variable_identifier["
                    + i + "] must be a regular expression (a saved function cannot be rebuilt), got " + ids.get(i));
            out.add(Optimizers.get(opts.get(i)), regex);
        }
        return out;
    }

    private static List<?> list(Config.Reader r, String key) {
        Object v = r.get(key);
        if (!(v instanceof List<?> l)) throw new IllegalArgumentException("OptimizerMap: config key '" + key
                + "' must be a list, got " + v);
        return l;
    }
}
