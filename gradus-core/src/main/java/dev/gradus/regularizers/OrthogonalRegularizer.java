package dev.gradus.regularizers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Pushes the rows (or columns) of a rank-2 weight towards orthogonality: {@code factor * 0.5 *
 * sum(|off-diagonal of N N^T|) / pairs}, where N has the L2-normalised rows (columns) and pairs =
 * n(n-1)/2. Defaults: factor 0.01, mode "rows".
 */
public final class OrthogonalRegularizer extends BaseRegularizer {
    private float factor = 0.01f;
    private String mode = "rows";

    public OrthogonalRegularizer factor(double factor) {
        this.factor = factor("factor", factor);
        return this;
    }

    public OrthogonalRegularizer mode(String mode) {
        this.mode = Check.oneOf("mode", mode, "rows", "columns");
        return this;
    }

    @Override
    protected Tensor penalty(Tensor x) {
        Check.argument(x.rank() == 2, "Inputs to OrthogonalRegularizer must have rank 2, got shape " + x.shape());
        boolean rows = mode.equals("rows");
        Tensor n = Ops.l2Normalize(x, rows ? 1 : 0);
        Tensor product = rows ? Ops.matmul(n, Ops.transpose(n)) : Ops.matmul(Ops.transpose(n), n);
        int size = x.dim(rows ? 0 : 1);
        Tensor offDiagonal = Ops.mul(product, Ops.sub(Tensor.ones(size, size), Tensor.eye(size)));
        double pairs = size * (size - 1.0) / 2.0;
        return Ops.div(Ops.mul(Ops.sum(Ops.abs(offDiagonal)), factor * 0.5), pairs);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.of("factor", Config.clean(factor), "mode", mode);
    }

    static OrthogonalRegularizer fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("OrthogonalRegularizer", config);
        OrthogonalRegularizer out = new OrthogonalRegularizer().factor(r.getDouble("factor", 0.01)).mode(r.getString("mode", "rows"));
        r.done();
        return out;
    }
}
