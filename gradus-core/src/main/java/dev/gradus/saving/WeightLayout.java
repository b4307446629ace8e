package dev.gradus.saving;

import dev.gradus.autodiff.Variable;
import dev.gradus.layers.Layer;
import dev.gradus.models.Model;
import dev.gradus.optimizers.Optimizer;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keras's weights layout: each layer's own variables in {@code <path>/vars/0, 1, ...}; the layers of
 * a model under {@code <path>/layers/<snake_case class name>[_k]}, counted per class in the model's
 * layer order (a Sequential lists no InputLayer, a functional model does); a nested model repeats the
 * pattern under its group; the model's own (empty) {@code vars}; the optimizer's variables in
 * {@code optimizer/vars}, the iteration count as an int64 scalar.
 *
 * <p>Reading also accepts tf.keras 2.13/2.15 files: their {@code _layer_checkpoint_dependencies}
 * groups (and, after {@link H5}, their backslash names) are matched as the k-th group of a class to
 * the k-th layer of that class, which their counters with gaps ({@code dense}, {@code dense_2}, ...)
 * still allow. Every value is checked against its variable before any variable changes.
 */
final class WeightLayout {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WeightLayout.class);
    /** A group name: the class's snake_case name and Keras's optional counter ({@code dense}, {@code dense_4}). */
    private static final Pattern SUFFIX = Pattern.compile("(.*?)(?:_(\\d+))?");

    private WeightLayout() {}

    // ------------------------------------------------------------------ saving

    static H5Group save(Model model) {
        H5Group root = new H5Group();
        saveLayer(model, root, new IdentityHashMap<>());
        if (model.compileOptions() != null) {
            Optimizer opt = model.optimizer();
            H5Group vars = root.group("optimizer").group("vars");
            vars.nameAttribute(opt.name());
            List<Tensor> values = opt.getWeights();
            for (int i = 0; i < values.size(); i++)
                vars.put(String.valueOf(i), i == 0 ? (Object) (long) Math.round(values.get(0).toFloatArray()[0]) : values.get(i));
        }
        return root;
    }

    private static void saveLayer(Layer layer, H5Group group, Map<Layer, Boolean> seen) {
        if (seen.put(layer, Boolean.TRUE) != null) return;
        H5Group vars = group.group("vars");
        vars.nameAttribute(layer.name());
        List<Variable> own = layer.ownWeights();
        for (int i = 0; i < own.size(); i++) vars.put(String.valueOf(i), own.get(i).value());
        for (Map.Entry<String, Layer> n : layer.namedSublayers().entrySet()) saveLayer(n.getValue(), group.group(n.getKey()), seen);
        for (Map.Entry<String, Map<String, Layer>> c : children(layer).entrySet()) {
            H5Group container = group.group(c.getKey());
            for (Map.Entry<String, Layer> child : c.getValue().entrySet()) saveLayer(child.getValue(), container.group(child.getKey()), seen);
        }
    }

    /**
     * The saved sublayers by container: a model's layers under "layers", named as Keras names them
     * ({@link Model#layersForSaving}). Sublayers Keras keeps in an attribute (LSTM's {@code cell})
     * come from {@link Layer#namedSublayers} and are saved right under the layer's group.
     */
    private static Map<String, Map<String, Layer>> children(Layer layer) {
        Map<String, Map<String, Layer>> out = new LinkedHashMap<>();
        if (layer instanceof Model m) out.put("layers", m.layersForSaving());
        return out;
    }

    // ------------------------------------------------------------------ loading

    /** Assigns the weights in {@code root} to {@code model}; with {@code optimizer}, also the optimizer's state. */
    static void load(Model model, H5Group root, boolean optimizer, String what) {
        List<Variable> vars = new ArrayList<>();
        List<Tensor> values = new ArrayList<>();
        collect(model, root, "", vars, values, what, new IdentityHashMap<>());
        for (int i = 0; i < vars.size(); i++) vars.get(i).assign(values.get(i));
        if (optimizer && model.compileOptions() != null) loadOptimizer(model, root.find("optimizer/vars"), what);
    }

    private static void collect(Layer layer, H5Group group, String path, List<Variable> vars, List<Tensor> values, String what,
                                Map<Layer, Boolean> seen) {
        if (seen.put(layer, Boolean.TRUE) != null) return;
        List<Variable> own = layer.ownWeights();
        H5Group varsGroup = group == null ? null : group.find("vars");
        List<Object> stored = varsGroup == null ? List.of() : varsGroup.vars();
        if (stored.size() != own.size()) throw new IllegalArgumentException(what + ": layer '" + layer.name() + "' ("
                + layer.getClass().getSimpleName() + ") expected " + own.size() + " variables, but the file has "
                + stored.size() + " at " + (path.isEmpty() ? "/" : path) + "/vars");
        for (int i = 0; i < own.size(); i++) {
            Variable v = own.get(i);
            Tensor t = asTensor(stored.get(i));
            if (!t.shape().equals(v.shape())) throw new IllegalArgumentException(what + ": weight " + i + " ('" + v.name()
                    + "') of layer '" + layer.name() + "' has shape " + v.shape() + ", but the file's " + path + "/vars/" + i
                    + " has shape " + t.shape());
            vars.add(v);
            values.add(t);
        }
        for (Map.Entry<String, Layer> n : layer.namedSublayers().entrySet())
            collect(n.getValue(), group == null ? null : group.find(n.getKey()), path + "/" + n.getKey(), vars, values, what, seen);
        for (Map.Entry<String, Map<String, Layer>> c : children(layer).entrySet()) {
            H5Group container = group == null ? null : group.find(c.getKey());
            if (container == null && group != null && c.getKey().equals("layers")) container = group.find("_layer_checkpoint_dependencies");
            Map<String, List<String>> byClass = container == null ? Map.of() : groupsByClass(container);
            Map<String, Integer> used = new HashMap<>();
            for (Map.Entry<String, Layer> child : c.getValue().entrySet()) {
                // the k-th group of a class in counter order: Keras 3's exact name, and tf.keras 2's counters with gaps
                String name = child.getKey();
                String base = baseName(name);
                int k = used.merge(base, 0, (a, b) -> a + 1);
                List<String> names = byClass.getOrDefault(base, List.of());
                if (k < names.size()) name = names.get(k);
                collect(child.getValue(), container == null ? null : container.find(name), path + "/" + c.getKey() + "/" + name,
                        vars, values, what, seen);
            }
        }
    }

    private static String baseName(String groupName) {
        Matcher m = SUFFIX.matcher(groupName);
        return m.matches() && m.group(2) != null ? m.group(1) : groupName;
    }

    /** The container's groups by class name, each list in counter order ({@code dense}, {@code dense_1}, {@code dense_4}). */
    private static Map<String, List<String>> groupsByClass(H5Group container) {
        Map<String, List<String>> out = new HashMap<>();
        for (String name : container.groups().keySet()) out.computeIfAbsent(baseName(name), k -> new ArrayList<>()).add(name);
        for (List<String> names : out.values()) names.sort((a, b) -> Long.compare(counter(a), counter(b)));
        return out;
    }

    private static long counter(String name) {
        Matcher m = SUFFIX.matcher(name);
        return m.matches() && m.group(2) != null && m.group(2).length() < 18 ? Long.parseLong(m.group(2)) : 0;
    }

    private static Tensor asTensor(Object stored) {
        return stored instanceof Tensor t ? t : Tensor.scalar((Long) stored);
    }

    /**
     * Keras's {@code Optimizer.load_own_variables}: the optimizer is built for the model's trainable
     * variables, then takes the stored values; a file with another number of variables (an optimizer
     * saved before it was built) is skipped with a warning, as Keras does. A tf.keras 2.x file, which
     * has no learning-rate variable, keeps the configured rate.
     */
    private static void loadOptimizer(Model model, H5Group group, String what) {
        Optimizer opt = model.optimizer();
        opt.build(model.trainableVariables());
        List<Variable> expected = opt.variables();
        List<Object> stored = group == null ? List.of() : group.vars();
        List<Tensor> values = new ArrayList<>();
        for (Object o : stored) values.add(asTensor(o));
        if (values.size() == expected.size() - 1 && expected.size() >= 2 && expected.get(1).shape().rank() == 0
                && expected.get(1).name().endsWith("learning_rate"))
            values.add(1, expected.get(1).value());
        if (values.size() != expected.size()) {
            LOG.warn(what + ": skipping variable loading for optimizer '" + opt.name()
                    + "', because it has " + expected.size() + " variables whereas the saved optimizer has " + values.size() + " variables.");
            return;
        }
        for (int i = 0; i < values.size(); i++) if (!values.get(i).shape().equals(expected.get(i).shape()))
            throw new IllegalArgumentException(what + ": optimizer variable " + i + " ('" + expected.get(i).name() + "') has shape "
                    + expected.get(i).shape() + ", but the file's optimizer/vars/" + i + " has shape " + values.get(i).shape());
        opt.setWeights(values);
    }
}
