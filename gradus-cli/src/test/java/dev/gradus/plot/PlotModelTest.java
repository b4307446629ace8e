package dev.gradus.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.layers.Concatenate;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Dropout;
import dev.gradus.layers.Input;
import dev.gradus.layers.KerasTensor;
import dev.gradus.models.Model;
import dev.gradus.models.Sequential;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plot_model's files (valid PNG and SVG naming every layer) and model_to_dot's text, exactly. */
class PlotModelTest {
    @TempDir
    Path dir;

    /** Two inputs, a branch and a merge: Keras's multi-input example in small. */
    private static Model branching() {
        KerasTensor a = Input.of("title", 4), b = Input.of("body", 3);
        Dense left = new Dense(2).activation("relu").name("left"), right = new Dense(2).name("right");
        KerasTensor merged = new Concatenate().name("merge").applySymbolic(List.of(left.apply(a), right.apply(b)));
        Model m = Model.of(List.of(a, b), List.of(new Dense(1).activation("sigmoid").name("score").apply(merged)));
        m.name("branching");
        return m;
    }

    @Test
    void modelToDotIsKerasGraphWithItsHtmlLabels() {
        Sequential s = new Sequential(List.of(new Dense(3).name("hidden"), new Dropout(0.5).name("drop")));
        s.buildFor(Dense.NONE, 4);
        String dot = PlotModel.modelToDot(s, new PlotOptions().showLayerNames(true).showShapes(true).showTrainable(true));
        assertThat(dot).isEqualTo("digraph G {\nrankdir=TB;\nconcentrate=True;\ndpi=200;\nsplines=ortho;\nnode [shape=record];\n"
                + "n0 [label=<<table border=\"0\" cellborder=\"1\" bgcolor=\"black\" cellpadding=\"10\"><tr><td colspan=\"3\" "
                + "bgcolor=\"black\"><font point-size=\"16\" color=\"white\"><b>hidden</b> (Dense)</font></td></tr><tr><td "
                + "bgcolor=\"white\"><font point-size=\"14\">Input shape: <b>(None, 4)</b></font></td><td bgcolor=\"white\"><font "
                + "point-size=\"14\">Output shape: <b>(None, 3)</b></font></td><td bgcolor=\"forestgreen\"><font point-size=\"14\" "
                + "color=\"white\"><b>Trainable</b></font></td></tr></table>>, fontname=Helvetica, border=0, margin=0];\n"
                + "n1 [label=<<table border=\"0\" cellborder=\"1\" bgcolor=\"black\" cellpadding=\"10\"><tr><td colspan=\"3\" "
                + "bgcolor=\"black\"><font point-size=\"16\" color=\"white\"><b>drop</b> (Dropout)</font></td></tr><tr><td "
                + "bgcolor=\"white\"><font point-size=\"14\">Input shape: <b>(None, 3)</b></font></td><td bgcolor=\"white\"><font "
                + "point-size=\"14\">Output shape: <b>(None, 3)</b></font></td></tr></table>>, fontname=Helvetica, border=0, margin=0];\n"
                + "n0 -> n1 [penwidth=2];\n}\n");
    }

    @Test
    void aBranchingGraphHasAnEdgePerCallInputAndPlantUmlBoxesPerLayer() {
        Model m = branching();
        String dot = PlotModel.modelToDot(m, new PlotOptions().rankdir("LR"));
        assertThat(dot).startsWith("digraph G {\nrankdir=LR;").contains("<b>Concatenate</b>");
        // title -> left, body -> right, left -> merge, right -> merge, merge -> score (ids follow the layer order)
        assertThat(dot.lines().filter(l -> l.contains(" -> ")).toList()).containsExactly("n0 -> n2 [penwidth=2];",
                "n1 -> n3 [penwidth=2];", "n2 -> n4 [penwidth=2];", "n3 -> n4 [penwidth=2];", "n4 -> n5 [penwidth=2];");
        String uml = PlotModel.plantUml(m, new PlotOptions().showLayerNames(true).showShapes(true).showLayerActivations(true));
        assertThat(uml).contains("!pragma layout smetana", "skinparam dpi 200",
                "rectangle \"<b>merge</b> (Concatenate)\\nInput shape: [(None, 2), (None, 2)] | Output shape: (None, 4)\" as n4",
                "rectangle \"<b>left</b> (Dense)\\nActivation: relu\\nInput shape: (None, 4) | Output shape: (None, 2)\" as n2",
                "rectangle \"<b>title</b> (InputLayer)\\nOutput shape: (None, 4)\" as n0", "n3 --> n4");
    }

    @Test
    void expandNestedDrawsAGroupAndReachesIntoIt() {
        KerasTensor in = Input.of(3);
        Sequential inner = new Sequential(List.of(new Dense(2).name("inner_a"), new Dense(2).name("inner_b")));
        inner.name("encoder");
        Model outer = Model.of(in, new Dense(1).name("head").apply(inner.apply(in)));
        String flat = PlotModel.modelToDot(outer);
        assertThat(flat).contains("<b>encoder</b> (Sequential)").doesNotContain("inner_a");
        String expanded = PlotModel.modelToDot(outer, new PlotOptions().showLayerNames(true).expandNested(true));
        assertThat(expanded).contains("subgraph cluster_encoder {\nstyle=dashed;\nlabel=\"encoder\";\nlabeljust=l;\n")
                .contains("<b>inner_a</b> (Dense)");
        // input -> inner_a (the group's first box), inner_a -> inner_b, inner_b -> head
        assertThat(expanded.lines().filter(l -> l.contains(" -> ")).toList()).containsExactly(
                "n1 -> n2 [penwidth=2];", "n0 -> n1 [penwidth=2];", "n2 -> n3 [penwidth=2];");
    }

    @Test
    void writesAValidPngAndAnSvgNamingEveryLayer() throws Exception {
        Model m = branching();
        Path png = dir.resolve("model.png"), svg = dir.resolve("model.svg"), dotFile = dir.resolve("model.dot");
        PlotOptions options = new PlotOptions().showLayerNames(true).showShapes(true).dpi(96);
        PlotModel.plotModel(m, png, options);
        PlotModel.plotModel(m, svg, options);
        PlotModel.plotModel(m, dotFile, options);
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isGreaterThan(200);
        assertThat(image.getHeight()).isGreaterThan(200);
        String text = Files.readString(svg, StandardCharsets.UTF_8);
        assertThat(text).startsWith("<svg").contains("</svg>");
        for (String name : List.of("title", "body", "left", "right", "merge", "score", "(None, 4)", "(None, 1)"))
            assertThat(text).as(name).contains(name);
        assertThat(Files.readString(dotFile)).isEqualTo(PlotModel.modelToDot(m, options));
        assertThatThrownBy(() -> PlotModel.plotModel(m, dir.resolve("model.pdf"))).hasMessageContaining(".png, .svg or .dot");
        assertThatThrownBy(() -> new PlotOptions().rankdir("BT")).hasMessageContaining("rankdir");
    }
}
