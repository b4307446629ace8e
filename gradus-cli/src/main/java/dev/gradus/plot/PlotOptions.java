package dev.gradus.plot;

import dev.gradus.util.Check;
import java.util.Locale;

/**
 * The arguments of Keras's {@code plot_model} and {@code model_to_dot}, with {@code plot_model}'s
 * defaults: no shapes, no dtypes, no layer names (Keras 3's {@code show_layer_names=False}; its
 * {@code model_to_dot} defaults to True, which {@link PlotModel#modelToDot(dev.gradus.models.Model)}
 * follows), top-to-bottom, nested models as one box, 200 dpi, no activations, no trainable marks.
 */
public final class PlotOptions {
    boolean showShapes;
    boolean showDtype;
    boolean showLayerNames;
    String rankdir = "TB";
    boolean expandNested;
    int dpi = 200;
    boolean showLayerActivations;
    boolean showTrainable;

    public PlotOptions() {}

    /** Each layer's input and output shapes. */
    public PlotOptions showShapes(boolean showShapes) {
        this.showShapes = showShapes;
        return this;
    }

    /** Each layer's output dtype (always float32 in Gradus). */
    public PlotOptions showDtype(boolean showDtype) {
        this.showDtype = showDtype;
        return this;
    }

    /** "name (Class)" instead of the class name alone. */
    public PlotOptions showLayerNames(boolean showLayerNames) {
        this.showLayerNames = showLayerNames;
        return this;
    }

    /** "TB" (top to bottom, the default) or "LR" (left to right). */
    public PlotOptions rankdir(String rankdir) {
        this.rankdir = Check.oneOf("rankdir", Check.notNull("rankdir", rankdir).toUpperCase(Locale.ROOT), "TB", "LR");
        return this;
    }

    /** Draws nested Sequential and functional models as dashed groups of their layers. */
    public PlotOptions expandNested(boolean expandNested) {
        this.expandNested = expandNested;
        return this;
    }

    /** The image resolution in dots per inch (PNG). */
    public PlotOptions dpi(int dpi) {
        this.dpi = Check.atLeast("dpi", dpi, 1);
        return this;
    }

    /** Layers with an activation show it. */
    public PlotOptions showLayerActivations(boolean showLayerActivations) {
        this.showLayerActivations = showLayerActivations;
        return this;
    }

    /** Layers with weights show whether they are trainable. */
    public PlotOptions showTrainable(boolean showTrainable) {
        this.showTrainable = showTrainable;
        return this;
    }
}
