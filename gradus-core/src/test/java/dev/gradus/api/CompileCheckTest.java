package dev.gradus.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only a compiler can show: the README's inline snippets compile as written, and the wrong kind
 * of argument (swapped optimizer and loss objects, a bare Object as an activation) does not.
 * Each snippet is compiled by javac, here, against the library on the test class path.
 */
class CompileCheckTest {
    @TempDir
    Path dir;

    private static final String IMPORTS = String.join("\n",
            "import dev.gradus.*;", "import dev.gradus.callbacks.*;", "import dev.gradus.layers.*;",
            "import dev.gradus.losses.*;", "import dev.gradus.metrics.Metrics;", "import dev.gradus.models.*;",
            "import dev.gradus.ops.Ops;", "import dev.gradus.optimizers.*;", "import dev.gradus.tensor.*;",
            "import dev.gradus.training.*;", "import java.nio.file.Path;", "import java.util.*;");

    /** The errors of compiling {@code body} as a method of a class with a few variables a snippet may use. */
    private List<String> compile(String body) throws IOException {
        String source = IMPORTS + "\nclass Snippet {\n"
                + "  public static class MyLayer extends Dense { public MyLayer() { super(1); } }\n"
                + "  void run(Path path, Map<String, Object> logs, Sequential model) throws Exception {\n"
                + body + "\n  }\n}\n";
        Path file = dir.resolve("Snippet.java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK's compiler (tests run on a JDK)").isNotNull();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> options = List.of("-classpath", classPath, "-d", dir.toString(), "-proc:none",
                    "--add-modules", "jdk.incubator.vector");
            javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(file.toFile())).call();
        }
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) errors.add(d.getMessage(Locale.ROOT));
        }
        return errors;
    }

    @Test
    void theReadmesInlineSnippetsCompileAsWritten() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        // each snippet as the README prints it in backticks; true where it is a statement (void)
        Object[][] snippets = {
            {"new Dense(8).activation(x -> Ops.multiply(x, 2))", false},
            {"Models.load(path, Map.of(\"MyLayer\", MyLayer.class))", false},
            {"Logs.of(logs).getDouble(\"val_loss\")", false},
            {"Ops.equal(x, 1)", false},
            {"Gradus.clearSession()", true},
            {"layer.build(null, 784)", true},
        };
        StringBuilder body = new StringBuilder();
        for (Object[] s : snippets) {
            String snippet = (String) s[0];
            assertThat(readme).as("the README shows `" + snippet + "`").contains("`" + snippet + "`");
            // one block per snippet, with the variables the README's sentence has in mind
            String locals = snippet.contains("x ->") ? "" : "Tensor x = Tensor.zeros(2); Dense layer = new Dense(3); ";
            body.append("    { ").append(locals).append((Boolean) s[1] ? snippet + ";" : "Object v = " + snippet + ";").append(" }\n");
        }
        assertThat(compile(body.toString())).isEmpty();
    }

    @Test
    void theWrongKindOfArgumentIsACompileError() throws IOException {
        assertThat(compile("model.compile(new MeanSquaredError(), new Adam());")).isNotEmpty()
                .anySatisfy(e -> assertThat(e).contains("compile"));
        assertThat(compile("new Dense(2).activation(new Object());")).isNotEmpty();
        assertThat(compile("Losses.get(new Object());")).as("Losses.get(Object) is Keras's any-identifier form").isEmpty();
        assertThat(compile("model.compile(new Adam(), new MeanSquaredError(), List.of(\"mae\"));")).isEmpty();
    }
}
