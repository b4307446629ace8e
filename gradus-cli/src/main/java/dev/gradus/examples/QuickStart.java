package dev.gradus.examples;

// README quick-start: kept in sync with README.md by QuickStartTest.
import dev.gradus.autodiff.GradientTape;
import dev.gradus.autodiff.Variable;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import java.util.List;

public class QuickStart {
    public static void main(String[] args) {
        Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}, {5, 6}});
        Tensor y = Tensor.of(new float[][] {{1}, {0}, {1}});
        Variable w = new Variable(Tensor.randomNormal(42, 2, 1), "w");
        Variable b = new Variable(Tensor.zeros(1), "b");
        for (int step = 0; step < 100; step++) {
            try (GradientTape tape = new GradientTape()) {
                Tensor logits = x.matmul(w.value()).add(b.value());
                Tensor loss = Ops.mean(Ops.square(Ops.sigmoid(logits).sub(y)));
                List<Tensor> grads = tape.gradient(loss, List.of(w, b));
                w.assignSub(grads.get(0).mul(0.5));
                b.assignSub(grads.get(1).mul(0.5));
                if (step % 25 == 0) System.out.println("step " + step + " loss " + loss.item());
            }
        }
        System.out.println("w = " + w.value() + ", b = " + b.value());
    }
}
