package dev.gradus.plot;

import dev.gradus.layers.InputLayer;
import dev.gradus.layers.Layer;
import dev.gradus.models.Model;
import dev.gradus.util.AtomicFiles;
import dev.gradus.util.Check;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sourceforge.plantuml.FileFormat;
import net.sourceforge.plantuml.FileFormatOption;
import net.sourceforge.plantuml.SourceStringReader;

/**
 * Keras's {@code keras.utils.plot_model} and {@code model_to_dot}: a picture of the model graph
 * (Sequential, functional with several inputs and branches, nested models as one box or expanded).
 * {@link #plotModel} writes PNG or SVG by the file's extension, laid out by PlantUML's Smetana (a
 * pure-Java port of Graphviz's {@code dot}, so nothing native is needed; Keras needs the Graphviz
 * program), or the DOT text itself for a {@code .dot} file. {@link #modelToDot} is that DOT text:
 * the graph Keras's {@code model_to_dot} builds, with its HTML-table node labels, which Graphviz
 * renders as Keras does.
 */
public final class PlotModel {
    private PlotModel() {}

    /** {@code plot_model(model, to_file)} with Keras's defaults (class names only, top to bottom, 200 dpi). */
    public static void plotModel(Model model, Path toFile) {
        plotModel(model, toFile, new PlotOptions());
    }

    /**
     * {@code plot_model(model, to_file, show_shapes, show_dtype, show_layer_names, rankdir, expand_nested,
     * dpi, show_layer_activations, show_trainable)}: {@code .png} (the default with no extension),
     * {@code .svg}, or {@code .dot} for the DOT source. The file is replaced atomically.
     */
    public static void plotModel(Model model, Path toFile, PlotOptions options) {
        Check.notNull("model", model);
        Check.notNull("to_file", toFile);
        Check.notNull("options", options);
        String name = toFile.getFileName() == null ? "" : toFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "png" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        byte[] bytes = switch (extension) {
            case "png" -> render(model, options, FileFormat.PNG);
            case "svg" -> render(model, options, FileFormat.SVG);
            case "dot" -> modelToDot(model, options).getBytes(StandardCharsets.UTF_8);
            default -> throw new IllegalArgumentException("plot_model: cannot write a '." + extension + "' file; to_file must end "
                    + "in .png, .svg or .dot. Received: to_file=" + toFile);
        };
        AtomicFiles.write(toFile, bytes);
    }

    /** Keras's {@code model_to_dot(model)} as DOT text (its defaults: layer names shown). */
    public static String modelToDot(Model model) {
        return modelToDot(model, new PlotOptions().showLayerNames(true));
    }

    /** Keras's {@code model_to_dot(model, ...)} as DOT text, as pydot writes it. */
    public static String modelToDot(Model model, PlotOptions options) {
        Check.notNull("model", model);
        StringBuilder sb = new StringBuilder("digraph G {\n");
        sb.append("rankdir=").append(options.rankdir).append(";\nconcentrate=True;\ndpi=").append(options.dpi)
                .append(";\nsplines=ortho;\nnode [shape=record];\n");
        write(ModelGraph.of(model, options.expandNested), new Syntax() {
            public void node(ModelGraph.Node n) {
                sb.append(n.id()).append(" [label=").append(htmlLabel(n, options)).append(", fontname=Helvetica, border=0, margin=0];\n");
            }

            public void open(ModelGraph.Cluster c) {
                sb.append("subgraph ").append(c.id()).append(" {\nstyle=dashed;\nlabel=").append(quote(c.model().name()))
                        .append(";\nlabeljust=l;\n");
            }

            public void close() {
                sb.append("}\n");
            }

            public void edge(ModelGraph.Edge e) {
                sb.append(e.from()).append(" -> ").append(e.to()).append(" [penwidth=2];\n");
            }
        });
        return sb.append("}\n").toString();
    }

    /** How one output format writes the graph's parts. */
    private interface Syntax {
        void node(ModelGraph.Node n);

        void open(ModelGraph.Cluster c);

        void close();

        void edge(ModelGraph.Edge e);
    }

    /** The boxes and groups in order, then the edges. */
    private static void write(ModelGraph g, Syntax syntax) {
        items(g.items, syntax);
        for (ModelGraph.Edge e : g.edges) syntax.edge(e);
    }

    private static void items(List<Object> items, Syntax syntax) {
        for (Object item : items) {
            if (item instanceof ModelGraph.Node n) {
                syntax.node(n);
            } else if (item instanceof ModelGraph.Cluster c) {
                syntax.open(c);
                items(c.items(), syntax);
                syntax.close();
            }
        }
    }

    /** Keras's make_layer_label: an HTML-like table (title row, activation row, shape/dtype/trainable cells). */
    private static String htmlLabel(ModelGraph.Node n, PlotOptions o) {
        Layer layer = n.layer();
        String cls = layer.getClass().getSimpleName();
        int colspan = Math.max(1, (o.showDtype ? 1 : 0) + (o.showTrainable ? 1 : 0) + (o.showShapes ? 2 : 0));
        StringBuilder t = new StringBuilder("<<table border=\"0\" cellborder=\"1\" bgcolor=\"black\" cellpadding=\"10\">");
        t.append("<tr><td colspan=\"").append(colspan).append("\" bgcolor=\"black\"><font point-size=\"16\" color=\"white\">")
                .append(o.showLayerNames ? "<b>" + html(layer.name()) + "</b> (" + cls + ")" : "<b>" + cls + "</b>").append("</font></td></tr>");
        String activation = activation(layer);
        if (o.showLayerActivations && activation != null) t.append("<tr><td bgcolor=\"white\" colspan=\"").append(colspan)
                .append("\"><font point-size=\"14\">Activation: <b>").append(html(activation)).append("</b></font></td></tr>");
        List<String> cols = new ArrayList<>();
        for (String[] cell : cells(n, o)) {
            if (cell[0].equals("trainable")) cols.add("<td bgcolor=\"" + (cell[1].equals("Trainable") ? "forestgreen" : "firebrick")
                    + "\"><font point-size=\"14\" color=\"white\"><b>" + cell[1] + "</b></font></td>");
            else cols.add("<td bgcolor=\"white\"><font point-size=\"14\">" + cell[0] + ": <b>" + html(cell[1]) + "</b></font></td>");
        }
        if (!cols.isEmpty()) t.append("<tr>").append(String.join("", cols)).append("</tr>");
        return t.append("</table>>").toString();
    }

    /** The label cells after the title: input and output shapes, dtype, trainable, as {@code [caption, value]}. */
    private static List<String[]> cells(ModelGraph.Node n, PlotOptions o) {
        List<String[]> out = new ArrayList<>();
        if (o.showShapes) {
            if (!(n.layer() instanceof InputLayer)) out.add(new String[] {"Input shape", shapes(n.inputShapes())});
            out.add(new String[] {"Output shape", n.outputShape() == null ? "?" : Layer.formatShape(n.outputShape())});
        }
        if (o.showDtype) out.add(new String[] {"Output dtype", "float32"});
        if (o.showTrainable && !n.layer().weights().isEmpty())
            out.add(new String[] {"trainable", n.layer().trainable() ? "Trainable" : "Non-trainable"});
        return out;
    }

    /** One shape as Python prints a tuple, several as a list of tuples. */
    private static String shapes(List<int[]> shapes) {
        if (shapes == null || shapes.isEmpty()) return "?";
        if (shapes.size() == 1) return Layer.formatShape(shapes.get(0));
        List<String> s = new ArrayList<>();
        for (int[] x : shapes) s.add(Layer.formatShape(x));
        return "[" + String.join(", ", s) + "]";
    }

    /** The activation's name for layers that have one (Keras's {@code hasattr(layer, "activation")}). */
    private static String activation(Layer layer) {
        Object a = layer.getConfig().get("activation");
        return a instanceof String s ? s : a == null ? null : String.valueOf(a);
    }

    // ------------------------------------------------------------------ PlantUML rendering

    /** The PlantUML source the picture is drawn from (Smetana layout; one rectangle per box, groups for nested models). */
    static String plantUml(Model model, PlotOptions o) {
        StringBuilder sb = new StringBuilder("@startuml\n!pragma layout smetana\n");
        sb.append("skinparam dpi ").append(o.dpi).append('\n');
        sb.append("skinparam shadowing false\nskinparam defaultFontName SansSerif\nskinparam rectangleBackgroundColor white\n");
        if (o.rankdir.equals("LR")) sb.append("left to right direction\n");
        write(ModelGraph.of(model, o.expandNested), new Syntax() {
            public void node(ModelGraph.Node n) {
                List<String> lines = new ArrayList<>();
                String cls = n.layer().getClass().getSimpleName();
                lines.add(o.showLayerNames ? "<b>" + uml(n.layer().name()) + "</b> (" + cls + ")" : "<b>" + cls + "</b>");
                String activation = activation(n.layer());
                if (o.showLayerActivations && activation != null) lines.add("Activation: " + uml(activation));
                List<String> cells = new ArrayList<>();
                for (String[] cell : cells(n, o)) cells.add(cell[0].equals("trainable") ? cell[1] : cell[0] + ": " + uml(cell[1]));
                if (!cells.isEmpty()) lines.add(String.join(" | ", cells));
                sb.append("rectangle \"").append(String.join("\\n", lines)).append("\" as ").append(n.id()).append('\n');
            }

            public void open(ModelGraph.Cluster c) {
                sb.append("rectangle \"").append(uml(c.model().name())).append("\" as ").append(c.id()).append(" #line.dashed {\n");
            }

            public void close() {
                sb.append("}\n");
            }

            public void edge(ModelGraph.Edge e) {
                sb.append(e.from()).append(" --> ").append(e.to()).append('\n');
            }
        });
        return sb.append("@enduml\n").toString();
    }

    private static byte[] render(Model model, PlotOptions o, FileFormat format) {
        String source = plantUml(model, o);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (OutputStream os = out) {
            new SourceStringReader(source).outputImage(os, new FileFormatOption(format));
        } catch (IOException e) {
            throw new UncheckedIOException("plot_model: rendering failed: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String uml(String s) {
        return s.replace("\"", "'").replace("\\", "\\\\").replace("<", "~<");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
