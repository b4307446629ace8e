package dev.gradus.ops;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.RecurrentKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Whole-sequence recurrent ops: an LSTM or a GRU over every time step as one op, recorded on a tape as one
 * node with one hand-written gradient (backpropagation through time, {@link RecurrentKernels}). The
 * recurrent layers run a cell's step as about fifteen ops per time step; a 200-step sequence then
 * recorded thousands of nodes per training pass, each with its own small buffers. The layers use
 * this op where its semantics are theirs (Keras's tanh / sigmoid activations, no dropout in the
 * call), so it computes exactly what their step loop does, within float rounding.
 *
 * <p>Under an outer tape (gradients of gradients) the gradient is instead taken through the same
 * recurrence written with differentiable ops, recomputed from the op's inputs, so that the outer tape
 * sees how it depends on them.
 */
public final class RecurrentOps {
    private RecurrentOps() {}

    /**
     * How a sequence is run, as Keras's RNN arguments.
     *
     * @param mask              {@code (batch, timesteps)}: a step is taken where it is not 0; a masked
     *                          step keeps the states and repeats the previous output; null: every step
     * @param goBackwards       process the sequence from its last step (outputs in processing order)
     * @param returnSequences   output every step's {@code (batch, timesteps, units)}, else the last one's {@code (batch, units)}
     * @param zeroOutputForMask a masked step outputs zeros instead of repeating the previous output
     */
    public record Options(Tensor mask, boolean goBackwards, boolean returnSequences, boolean zeroOutputForMask) {}

    /**
     * Keras's LSTM with tanh and sigmoid activations over {@code inputs (batch, timesteps, features)}
     * from states {@code h0}, {@code c0 (batch, units)}: per step {@code z = x·kernel + h·recurrentKernel
     * + bias} in blocks i, f, g, o, {@code c' = σ(z_f)·c + σ(z_i)·tanh(z_g)}, {@code h' = σ(z_o)·tanh(c')}.
     * Differentiable in the inputs, the three weights and both initial states.
     *
     * @param kernel          {@code (features, 4·units)}
     * @param recurrentKernel {@code (units, 4·units)}
     * @param bias            {@code (4·units)}, or null for none
     * @return {@code [output, h, c]}
     */
    public static List<Tensor> lstm(Tensor inputs, Tensor kernel, Tensor recurrentKernel, Tensor bias, Tensor h0, Tensor c0,
                                    Options options) {
        String op = "lstm";
        int[] d = sizes(op, inputs, kernel, recurrentKernel, 4);
        int batch = d[0], steps = d[1], features = d[2], units = d[3];
        if (bias != null) shape(op, "bias", bias, Shape.of(4 * units));
        shape(op, "h0", h0, Shape.of(batch, units));
        shape(op, "c0", c0, Shape.of(batch, units));
        RecurrentKernels.Run run = run(op, options, batch, steps, features, units);
        boolean record = Record.on();
        RecurrentKernels.Lstm fwd = RecurrentKernels.lstmForward(run, inputs.unsafeBuffer(), kernel.unsafeBuffer(),
                recurrentKernel.unsafeBuffer(), bias == null ? null : bias.unsafeBuffer(), h0.unsafeBuffer(), c0.unsafeBuffer(), record);
        Tensor out = Tensor.wrap(fwd.output, options.returnSequences() ? Shape.of(batch, steps, units) : Shape.of(batch, units));
        Tensor h = Tensor.wrap(fwd.h, Shape.of(batch, units)), c = Tensor.wrap(fwd.c, Shape.of(batch, units));
        if (record) {
            Tensor[] in = {inputs, kernel, recurrentKernel, bias, h0, c0};
            GradientTape.record(in, new Tensor[] {out, h, c}, (gs, need) -> {
                if (GradientTape.isRecording())
                    return byTape(in, need, gs, xs -> lstmByOps(xs[0], xs[1], xs[2], xs[3], xs[4], xs[5], options));
                RecurrentKernels.LstmGrads g = RecurrentKernels.lstmBackward(run, fwd, inputs.unsafeBuffer(), kernel.unsafeBuffer(),
                        recurrentKernel.unsafeBuffer(), gs[0].unsafeBuffer(), gs[1].unsafeBuffer(), gs[2].unsafeBuffer(), need);
                return new Tensor[] {wrap(g.x, inputs), wrap(g.kernel, kernel), wrap(g.recurrent, recurrentKernel), wrap(g.bias, bias),
                        wrap(g.h0, h0), wrap(g.c0, c0)};
            });
        }
        return List.of(out, h, c);
    }

    /** The LSTM recurrence as differentiable ops, step by step, as Keras's LSTMCell under its RNN loop. */
    private static Tensor[] lstmByOps(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias, Tensor h, Tensor c, Options o) {
        int batch = x.dim(0), steps = x.dim(1), features = x.dim(2);
        Tensor valid = o.mask() == null ? null : Ops.notEqual(o.mask(), 0);
        List<Tensor> outputs = new ArrayList<>(steps);
        for (int k = 0; k < steps; k++) {
            int t = o.goBackwards() ? steps - 1 - k : k;
            Tensor xt = Ops.reshape(Ops.slice(x, 1, t, t + 1), batch, features);
            Tensor z = Ops.add(Ops.matmul(xt, kernel), Ops.matmul(h, recurrentKernel));
            if (bias != null) z = Ops.add(z, bias);
            List<Tensor> g = Ops.split(z, 4, 1);
            Tensor cNew = Ops.add(Ops.mul(Ops.sigmoid(g.get(1)), c), Ops.mul(Ops.sigmoid(g.get(0)), Ops.tanh(g.get(2))));
            Tensor hNew = Ops.mul(Ops.sigmoid(g.get(3)), Ops.tanh(cNew));
            Tensor out = hNew;
            if (valid != null) {
                Tensor keep = Ops.slice(valid, 1, t, t + 1);
                out = o.zeroOutputForMask() ? Ops.where(keep, hNew, 0) : Ops.where(keep, hNew, h);
                hNew = Ops.where(keep, hNew, h);
                cNew = Ops.where(keep, cNew, c);
            }
            h = hNew;
            c = cNew;
            outputs.add(out);
        }
        return new Tensor[] {o.returnSequences() ? Ops.stack(outputs, 1) : outputs.get(steps - 1), h, c};
    }

    /**
     * Keras's GRU with tanh and sigmoid activations over {@code inputs (batch, timesteps, features)}
     * from state {@code h0 (batch, units)}, gates z, r, h: {@code z = σ(x W_z + b_z + h U_z + b'_z)},
     * likewise r, {@code hh = tanh(x W_h + b_h + r·(h U_h + b'_h))} with {@code resetAfter} (Keras's
     * default) or {@code tanh(x W_h + b_h + (r·h) U_h)} without, {@code h' = z·h + (1 − z)·hh}.
     * Differentiable in the inputs, the three weights and the initial state.
     *
     * @param kernel          {@code (features, 3·units)}
     * @param recurrentKernel {@code (units, 3·units)}
     * @param bias            {@code (2, 3·units)} (input row, recurrent row) with {@code resetAfter},
     *                        else {@code (3·units)}; or null for none
     * @return {@code [output, h]}
     */
    public static List<Tensor> gru(Tensor inputs, Tensor kernel, Tensor recurrentKernel, Tensor bias, boolean resetAfter, Tensor h0,
                                   Options options) {
        String op = "gru";
        int[] d = sizes(op, inputs, kernel, recurrentKernel, 3);
        int batch = d[0], steps = d[1], features = d[2], units = d[3];
        if (bias != null) shape(op, "bias", bias, resetAfter ? Shape.of(2, 3 * units) : Shape.of(3 * units));
        shape(op, "h0", h0, Shape.of(batch, units));
        RecurrentKernels.Run run = run(op, options, batch, steps, features, units);
        boolean record = Record.on();
        RecurrentKernels.Gru fwd = RecurrentKernels.gruForward(run, inputs.unsafeBuffer(), kernel.unsafeBuffer(),
                recurrentKernel.unsafeBuffer(), bias == null ? null : bias.unsafeBuffer(), resetAfter, h0.unsafeBuffer(), record);
        Tensor out = Tensor.wrap(fwd.output, options.returnSequences() ? Shape.of(batch, steps, units) : Shape.of(batch, units));
        Tensor h = Tensor.wrap(fwd.h, Shape.of(batch, units));
        if (record) {
            Tensor[] in = {inputs, kernel, recurrentKernel, bias, h0};
            GradientTape.record(in, new Tensor[] {out, h}, (gs, need) -> {
                if (GradientTape.isRecording())
                    return byTape(in, need, gs, xs -> gruByOps(xs[0], xs[1], xs[2], xs[3], resetAfter, xs[4], options));
                RecurrentKernels.GruGrads g = RecurrentKernels.gruBackward(run, fwd, inputs.unsafeBuffer(), kernel.unsafeBuffer(),
                        recurrentKernel.unsafeBuffer(), resetAfter, gs[0].unsafeBuffer(), gs[1].unsafeBuffer(), need);
                return new Tensor[] {wrap(g.x, inputs), wrap(g.kernel, kernel), wrap(g.recurrent, recurrentKernel), wrap(g.bias, bias),
                        wrap(g.h0, h0)};
            });
        }
        return List.of(out, h);
    }

    /** The GRU recurrence as differentiable ops, step by step, as Keras's GRUCell under its RNN loop. */
    private static Tensor[] gruByOps(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias, boolean resetAfter, Tensor h,
                                     Options o) {
        int batch = x.dim(0), steps = x.dim(1), features = x.dim(2), units = h.dim(1);
        Tensor valid = o.mask() == null ? null : Ops.notEqual(o.mask(), 0);
        Tensor inputBias = null, recurrentBias = null;
        if (bias != null && resetAfter) {
            inputBias = Ops.reshape(Ops.slice(bias, 0, 0, 1), 3 * units);
            recurrentBias = Ops.reshape(Ops.slice(bias, 0, 1, 2), 3 * units);
        } else if (bias != null) {
            inputBias = bias;
        }
        List<Tensor> outputs = new ArrayList<>(steps);
        for (int k = 0; k < steps; k++) {
            int t = o.goBackwards() ? steps - 1 - k : k;
            Tensor xs = Ops.matmul(Ops.reshape(Ops.slice(x, 1, t, t + 1), batch, features), kernel);
            if (inputBias != null) xs = Ops.add(xs, inputBias);
            Tensor inner = Ops.matmul(h, resetAfter ? recurrentKernel : Ops.slice(recurrentKernel, 1, 0, 2 * units));
            if (recurrentBias != null) inner = Ops.add(inner, recurrentBias);
            Tensor z = Ops.sigmoid(Ops.add(Ops.slice(xs, 1, 0, units), Ops.slice(inner, 1, 0, units)));
            Tensor r = Ops.sigmoid(Ops.add(Ops.slice(xs, 1, units, 2 * units), Ops.slice(inner, 1, units, 2 * units)));
            Tensor candidate = resetAfter ? Ops.mul(r, Ops.slice(inner, 1, 2 * units, 3 * units))
                    : Ops.matmul(Ops.mul(r, h), Ops.slice(recurrentKernel, 1, 2 * units, 3 * units));
            Tensor hh = Ops.tanh(Ops.add(Ops.slice(xs, 1, 2 * units, 3 * units), candidate));
            Tensor hNew = Ops.add(Ops.mul(z, h), Ops.mul(Ops.sub(Tensor.scalar(1), z), hh));
            Tensor out = hNew;
            if (valid != null) {
                Tensor keep = Ops.slice(valid, 1, t, t + 1);
                out = o.zeroOutputForMask() ? Ops.where(keep, hNew, 0) : Ops.where(keep, hNew, h);
                hNew = Ops.where(keep, hNew, h);
            }
            h = hNew;
            outputs.add(out);
        }
        return new Tensor[] {o.returnSequences() ? Ops.stack(outputs, 1) : outputs.get(steps - 1), h};
    }

    /**
     * The gradients of {@code f}'s outputs against {@code outGrads} with respect to the needed inputs,
     * through a tape of its own over {@code f} written with differentiable ops: the enclosing tapes
     * record both the recomputation and its gradient. Each input slot is watched through an alias of
     * its own, so a tensor given in two slots (zeros as both initial states) gets each slot's gradient.
     */
    private static Tensor[] byTape(Tensor[] inputs, boolean[] need, Tensor[] outGrads, Function<Tensor[], Tensor[]> f) {
        Tensor[] result = new Tensor[inputs.length];
        try (GradientTape tape = new GradientTape()) {
            Tensor[] aliases = new Tensor[inputs.length];
            List<Tensor> sources = new ArrayList<>();
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i] == null) continue;
                aliases[i] = ShapeOps.reshape(inputs[i], inputs[i].shape());
                if (need[i]) {
                    tape.watch(aliases[i]);
                    sources.add(aliases[i]);
                }
            }
            Tensor[] outs = f.apply(aliases);
            Tensor loss = Ops.sum(Ops.mul(outs[0], outGrads[0]));
            for (int k = 1; k < outs.length; k++) loss = Ops.add(loss, Ops.sum(Ops.mul(outs[k], outGrads[k])));
            List<Tensor> grads = tape.gradient(loss, sources);
            for (int i = 0, s = 0; i < inputs.length; i++) if (inputs[i] != null && need[i]) result[i] = grads.get(s++);
        }
        return result;
    }

    /** Checks the inputs and weights of a {@code gates}-block recurrence: {@code [batch, steps, features, units]}. */
    private static int[] sizes(String op, Tensor inputs, Tensor kernel, Tensor recurrentKernel, int gates) {
        MathOps.check(op, "inputs", inputs);
        MathOps.check(op, "kernel", kernel);
        MathOps.check(op, "recurrentKernel", recurrentKernel);
        if (inputs.rank() != 3 || inputs.dim(0) < 1 || inputs.dim(1) < 1 || inputs.dim(2) < 1) throw new IllegalArgumentException(
                op + ": inputs must have shape (batch, timesteps, features), none of them 0, got " + inputs.shape());
        if (recurrentKernel.rank() != 2 || recurrentKernel.dim(0) < 1 || recurrentKernel.dim(1) != gates * recurrentKernel.dim(0))
            throw new IllegalArgumentException(op + ": recurrentKernel must have shape (units, " + gates + "·units), got "
                    + recurrentKernel.shape());
        int units = recurrentKernel.dim(0);
        shape(op, "kernel", kernel, Shape.of(inputs.dim(2), gates * units));
        return new int[] {inputs.dim(0), inputs.dim(1), inputs.dim(2), units};
    }

    private static void shape(String op, String name, Tensor t, Shape expected) {
        MathOps.check(op, name, t);
        if (!t.shape().equals(expected)) throw new IllegalArgumentException(op + ": " + name + " must have shape " + expected
                + ", got " + t.shape());
    }

    private static RecurrentKernels.Run run(String op, Options o, int batch, int steps, int features, int units) {
        if (o == null) throw new IllegalArgumentException(op + ": options: expected RecurrentOps.Options, got null");
        float[] mask = null;
        if (o.mask() != null) {
            shape(op, "mask", o.mask(), Shape.of(batch, steps));
            mask = o.mask().unsafeBuffer();
        }
        return new RecurrentKernels.Run(batch, steps, features, units, mask, o.goBackwards(), o.returnSequences(),
                o.zeroOutputForMask());
    }

    private static Tensor wrap(float[] data, Tensor like) {
        return data == null ? null : Tensor.wrap(data, like.shape());
    }
}
