package dev.gradus.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradus.data.Npy;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code gradus inspect FILE}: what a model or array file holds, read as data only. No model is
 * built and nothing in the file is run, so it is safe on a file of unknown origin: a {@code .keras}
 * archive's members with their sizes, its metadata, the layers its config names and every weight
 * with its shape; a {@code .weights.h5} file's weights; a config JSON's layers; an NPY/NPZ file's
 * arrays.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"List what a model or array file holds, without building the model or running anything from it.",
                "FILE: a .keras archive (members, metadata, layers, weights with shapes), a .weights.h5 file (weights),",
                "a config .json (layers), an .npy or .npz file (arrays)."})
final class InspectCommand implements Callable<Integer> {
    private static final long MAX_MEMBER = Integer.MAX_VALUE - 64;

    @Spec
    CommandSpec spec;

    @ParentCommand
    GradusCommand root;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() throws IOException {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        String expected = "a .keras, .weights.h5, .json, .npy or .npz file";
        boolean known = name.endsWith(".keras") || name.endsWith(".h5") || name.endsWith(".json") || name.endsWith(".npy")
                || name.endsWith(".npz");
        if (!known) throw Usage.error(spec, "FILE", expected, Usage.quote(file));
        if (!Files.isRegularFile(file)) throw Usage.error(spec, "FILE", expected, "'" + file + "' (no such file)");
        PrintStream out = root.out;
        out.println(file + " (" + Files.size(file) + " bytes)");
        if (name.endsWith(".keras")) keras(out);
        else if (name.endsWith(".h5")) weights(out, Files.readAllBytes(file), "");
        else if (name.endsWith(".json")) config(out, Files.readString(file), "");
        else if (name.endsWith(".npy")) array(out, "", Npy.read(file));
        else for (Map.Entry<String, Tensor> e : Npy.readNpz(file).entrySet()) array(out, e.getKey(), e.getValue());
        out.flush();
        return 0;
    }

    private void keras(PrintStream out) throws IOException {
        byte[] config = null, metadata = null, weights = null;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            out.println("members:");
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                String member = e.getName();
                boolean expectedMember = member.equals("config.json") || member.equals("metadata.json")
                        || member.equals("model.weights.h5") || member.startsWith("assets/");
                out.printf(Locale.ROOT, "  %-24s %,12d bytes%s%n", member, e.getSize(),
                        expectedMember ? "" : "   (not a Keras 3 member: Gradus refuses to load this archive)");
                if (!expectedMember || e.getSize() > MAX_MEMBER) continue;
                try (InputStream in = zip.getInputStream(e)) {
                    byte[] bytes = in.readNBytes((int) MAX_MEMBER);
                    switch (member) {
                        case "config.json" -> config = bytes;
                        case "metadata.json" -> metadata = bytes;
                        case "model.weights.h5" -> weights = bytes;
                        default -> { }
                    }
                }
            }
        } catch (ZipException e) {
            throw new IllegalArgumentException("FILE: " + file + " is not a Keras 3 archive: not a readable zip file (" + e.getMessage() + ")", e);
        }
        if (metadata != null) {
            Map<?, ?> meta = new ObjectMapper().readValue(metadata, Map.class);
            out.println("metadata: keras_version " + meta.get("keras_version") + ", saved " + meta.get("date_saved"));
        }
        if (config != null) config(out, new String(config, java.nio.charset.StandardCharsets.UTF_8), "");
        if (weights != null) weights(out, weights, "");
    }

    private void config(PrintStream out, String json, String indent) throws IOException {
        Map<?, ?> root = new ObjectMapper().readValue(json, Map.class);
        Object cfg = root.get("config");
        Map<?, ?> c = cfg instanceof Map<?, ?> m ? m : Map.of();
        out.println(indent + "model: " + root.get("class_name") + " '" + c.get("name") + "'");
        if (c.get("layers") instanceof List<?> layers) {
            out.println(indent + "layers:");
            for (Object l : layers) if (l instanceof Map<?, ?> layer) {
                Object lc = layer.get("config");
                Object layerName = lc instanceof Map<?, ?> lm ? lm.get("name") : null;
                out.println(indent + "  " + layer.get("class_name") + " '" + layerName + "'");
            }
        }
        Object compile = root.get("compile_config");
        if (compile instanceof Map<?, ?> cc) {
            Object opt = cc.get("optimizer");
            Object optName = opt instanceof Map<?, ?> om ? om.get("class_name") : opt;
            out.println(indent + "compiled: optimizer " + optName + ", loss " + brief(cc.get("loss")) + ", metrics " + brief(cc.get("metrics")));
        } else out.println(indent + "compiled: no");
    }

    /** NumPy's name for the dataset's type: float32, int64, ... */
    private static String dtype(Dataset d) {
        int bits = d.getDataType().getSize() * 8;
        Class<?> t = d.getJavaType();
        if (t == float.class || t == Float.class || t == double.class || t == Double.class) return "float" + bits;
        if (t == long.class || t == Long.class || t == int.class || t == Integer.class || t == short.class || t == Short.class
                || t == byte.class || t == Byte.class) return "int" + bits;
        return t.getSimpleName() + " (" + bits / 8 + " bytes)";
    }

    /** Paths in natural order: {@code vars/2} before {@code vars/10}. */
    static int natural(String a, String b) {
        java.util.regex.Matcher x = RUN.matcher(a), y = RUN.matcher(b);
        while (x.find() && y.find()) {
            String p = x.group(), q = y.group();
            boolean digits = Character.isDigit(p.charAt(0)) && Character.isDigit(q.charAt(0));
            int c = digits ? new java.math.BigInteger(p).compareTo(new java.math.BigInteger(q)) : p.compareTo(q);
            if (c != 0) return c;
        }
        return Integer.compare(a.length(), b.length());
    }

    private static final java.util.regex.Pattern RUN = java.util.regex.Pattern.compile("\\d+|\\D+");

    private static String brief(Object o) {
        if (o instanceof Map<?, ?> m && m.containsKey("class_name")) return String.valueOf(m.get("class_name"));
        if (o instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object x : l) parts.add(brief(x));
            return parts.toString();
        }
        return String.valueOf(o);
    }

    private void weights(PrintStream out, byte[] bytes, String indent) {
        List<String> lines = new ArrayList<>();
        long[] count = new long[1];
        try (HdfFile h5 = HdfFile.fromBytes(bytes)) {
            walk(h5, "", lines, count);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("FILE: " + file + ": the weights are not a readable HDF5 file: " + e.getMessage(), e);
        }
        lines.sort(InspectCommand::natural);
        out.printf(Locale.ROOT, "%sweights: %d arrays, %,d values%n", indent, lines.size(), count[0]);
        for (String l : lines) out.println(indent + "  " + l);
    }

    private static void walk(Group g, String path, List<String> lines, long[] count) {
        for (Node child : g.getChildren().values()) {
            String p = path + "/" + child.getName();
            if (child instanceof Dataset d) {
                int[] dims = d.getDimensions();
                long n = 1;
                for (int x : dims) n *= x;
                count[0] += n;
                String type = dtype(d);
                lines.add(String.format(Locale.ROOT, "%-48s %-14s %s", p, Shape.format(dims), type));
            } else if (child instanceof Group sub) walk(sub, p, lines, count);
        }
    }

    private static void array(PrintStream out, String name, Tensor t) {
        out.println((name.isEmpty() ? "array" : name) + ": float32 " + t.shape());
    }
}
