package dev.gradus.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.layers.KerasTensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {
    static Sequential mnistMlp() {
        Sequential m = new Sequential(List.of(Input.of(784),
                new Dense(512).activation("relu").name("dense"),
                new Dense(512).activation("relu").name("dense_1"),
                new Dense(10).activation("softmax").name("dense_2")));
        m.name("sequential");
        return m;
    }

    @Test
    void mnistMlpSummaryMatchesKeras() {
        String expected = String.join("\n",
                "Model: \"sequential\"",
                "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓",
                "┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃",
                "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩",
                "│ dense (Dense)                        │ (None, 512)                 │         401,920 │",
                "├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤",
                "│ dense_1 (Dense)                      │ (None, 512)                 │         262,656 │",
                "├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤",
                "│ dense_2 (Dense)                      │ (None, 10)                  │           5,130 │",
                "└──────────────────────────────────────┴─────────────────────────────┴─────────────────┘",
                " Total params: 669,706 (2.55 MB)",
                " Trainable params: 669,706 (2.55 MB)",
                " Non-trainable params: 0 (0.00 B)",
                "");
        Sequential m = mnistMlp();
        assertThat(m.summary()).isEqualTo(expected);
        assertThat(m.countParams()).isEqualTo(669_706);
    }

    @Test
    void mnistConvnetSummaryMatchesKeras() {
        Sequential m = new Sequential(List.of(Input.of(28, 28, 1),
                new dev.gradus.layers.Conv2D(32, 3, 3).activation("relu").name("conv2d"),
                new dev.gradus.layers.MaxPooling2D(2, 2).name("max_pooling2d"),
                new dev.gradus.layers.Conv2D(64, 3, 3).activation("relu").name("conv2d_1"),
                new dev.gradus.layers.MaxPooling2D(2, 2).name("max_pooling2d_1"),
                new dev.gradus.layers.Flatten().name("flatten"),
                new dev.gradus.layers.Dropout(0.5).name("dropout"),
                new Dense(10).activation("softmax").name("dense")));
        m.name("sequential");
        String sep = "├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤";
        String expected = String.join("\n",
                "Model: \"sequential\"",
                "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓",
                "┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃",
                "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩",
                "│ conv2d (Conv2D)                      │ (None, 26, 26, 32)          │             320 │", sep,
                "│ max_pooling2d (MaxPooling2D)         │ (None, 13, 13, 32)          │               0 │", sep,
                "│ conv2d_1 (Conv2D)                    │ (None, 11, 11, 64)          │          18,496 │", sep,
                "│ max_pooling2d_1 (MaxPooling2D)       │ (None, 5, 5, 64)            │               0 │", sep,
                "│ flatten (Flatten)                    │ (None, 1600)                │               0 │", sep,
                "│ dropout (Dropout)                    │ (None, 1600)                │               0 │", sep,
                "│ dense (Dense)                        │ (None, 10)                  │          16,010 │",
                "└──────────────────────────────────────┴─────────────────────────────┴─────────────────┘",
                " Total params: 34,826 (136.04 KB)",
                " Trainable params: 34,826 (136.04 KB)",
                " Non-trainable params: 0 (0.00 B)",
                "");
        assertThat(m.summary()).isEqualTo(expected);
    }

    @Test
    void compiledAndBuiltOptimizerAddsItsParameters() {
        Sequential m = new Sequential(List.of(Input.of(3), new Dense(2).name("d")));
        m.compile("adam", "mse");
        m.trainOnBatch(dev.gradus.tensor.Tensor.ones(2, 3), dev.gradus.tensor.Tensor.ones(2, 2));
        // Adam: iteration + learning rate + two slots per weight (8 + 8)
        assertThat(m.summary()).contains(" Optimizer params: 18 (72.00 B)\n").contains(" Total params: 26 (104.00 B)\n");
    }

    @Test
    void unbuiltLayersShowQuestionMarks() {
        Sequential m = new Sequential(new Dense(4).name("lazy"));
        assertThat(m.summary()).contains("│ lazy (Dense)                         │ ?                           │     0 (unbuilt) │");
    }

    @Test
    void functionalGraphWithABranchShowsConnections() {
        KerasTensor in = Input.of("in", 4);
        Dense a = new Dense(4).name("a");
        Dense b = new Dense(2).name("b");
        KerasTensor h = a.apply(in);
        Model m = Model.of(List.of(in), List.of(b.apply(h), a.apply(h)));
        m.name("branchy");
        String s = m.summary();
        assertThat(s).startsWith("Model: \"branchy\"\n┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳");
        assertThat(s).contains("┃ Layer (type)                  ┃ Output Shape              ┃         Param # ┃ Connected to               ┃");
        assertThat(s).contains("│ in (InputLayer)               │ (None, 4)                 │               0 │ -                          │");
        assertThat(s).contains("│ a (Dense)                     │ (None, 4)                 │              20 │ in[0][0], a[0][0]          │");
        assertThat(s).contains(" Total params: 30 (120.00 B)");
    }

    @Test
    void longNamesWrapAsRichDoes() {
        Sequential m = new Sequential(List.of(Input.of(784), new Dense(512).name("a_very_long_layer_name_that_overflows_the_column")));
        assertThat(m.summary()).contains(
                "│ a_very_long_layer_name_that_overflo… │ (None, 512)                 │         401,920 │\n"
                        + "│ (Dense)                              │                             │                 │\n");
    }

    @Test
    void readableSizes() {
        assertThat(Summary.readableSize(0)).isEqualTo("0.00 B");
        assertThat(Summary.readableSize(2_678_824)).isEqualTo("2.55 MB");
        assertThat(Summary.readableSize(139_304)).isEqualTo("136.04 KB");
    }
}
