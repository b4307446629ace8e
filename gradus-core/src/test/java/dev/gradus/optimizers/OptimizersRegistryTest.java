package dev.gradus.optimizers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.autodiff.Variable;
import dev.gradus.optimizers.schedules.CosineDecay;
import dev.gradus.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimizersRegistryTest {

    @Test
    void kerasStringsAndClassNamesCaseInsensitively() {
        Map<String, Class<?>> expected = new LinkedHashMap<>();
        expected.put("sgd", SGD.class);
        expected.put("rmsprop", RMSprop.class);
        expected.put("adagrad", Adagrad.class);
        expected.put("adadelta", Adadelta.class);
        expected.put("adam", Adam.class);
        expected.put("adamw", AdamW.class);
        expected.put("adamax", Adamax.class);
        expected.put("nadam", Nadam.class);
        expected.put("ftrl", Ftrl.class);
        expected.put("lion", Lion.class);
        expected.put("adafactor", Adafactor.class);
        expected.put("muon", Muon.class);
        expected.put("lamb", Lamb.class);
        expected.put("radam", RAdam.class);
        for (Map.Entry<String, Class<?>> e : expected.entrySet()) {
            assertThat(Optimizers.get(e.getKey())).isInstanceOf(e.getValue());
            assertThat(Optimizers.get(e.getValue().getSimpleName())).isInstanceOf(e.getValue());
        }
        assertThat(Optimizers.get("ADAM")).isInstanceOf(Adam.class);
        assertThat(Optimizers.get(Map.of("class_name", "rmsprop", "config", Map.of("rho", 0.8)))).isInstanceOf(RMSprop.class);
        Adam instance = new Adam();
        assertThat(Optimizers.get(instance)).isSameAs(instance);
    }

    @Test
    void kerasDefaultsAndConfigKeys() {
        Map<String, Object> adam = Optimizers.get("adam").getConfig();
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("name", "adam");
        expected.put("learning_rate", 0.001);
        expected.put("weight_decay", null);
        expected.put("clipnorm", null);
        expected.put("global_clipnorm", null);
        expected.put("clipvalue", null);
        expected.put("use_ema", false);
        expected.put("ema_momentum", 0.99);
        expected.put("ema_overwrite_frequency", null);
        expected.put("loss_scale_factor", null);
        expected.put("gradient_accumulation_steps", null);
        expected.put("beta_1", 0.9);
        expected.put("beta_2", 0.999);
        expected.put("epsilon", 1e-7);
        expected.put("amsgrad", false);
        assertThat(adam).containsExactlyEntriesOf(expected);

        assertThat(new SGD().getConfig()).containsEntry("name", "SGD").containsEntry("learning_rate", 0.01)
                .containsEntry("momentum", 0.0).containsEntry("nesterov", false);
        assertThat(new RMSprop().getConfig()).containsEntry("rho", 0.9).containsEntry("centered", false);
        assertThat(new AdamW().getConfig()).containsEntry("name", "adamw").containsEntry("weight_decay", 0.004);
        assertThat(new Adagrad().getConfig()).containsEntry("initial_accumulator_value", 0.1);
        assertThat(new Adadelta().getConfig()).containsEntry("rho", 0.95);
        assertThat(new Lion().getConfig()).containsEntry("beta_2", 0.99);
        assertThat(new Ftrl().getConfig()).containsEntry("learning_rate_power", -0.5);
        assertThat(new Adafactor().getConfig()).containsEntry("beta_2_decay", -0.8).containsEntry("epsilon_1", 1e-30)
                .containsEntry("relative_step", true);
        assertThat(new Muon().getConfig()).containsEntry("ns_steps", 5).containsEntry("adam_lr_ratio", 1.0)
                .containsEntry("weight_decay", 0.004).containsEntry("rms_rate", 0.2);
        assertThat(new LossScaleOptimizer(new SGD()).getConfig()).containsEntry("initial_scale", 32768.0)
                .containsEntry("dynamic_growth_steps", 2000);
    }

    @Test
    void fromConfigOfGetConfigGivesTheSameConfig() {
        List<Optimizer> all = List.of(
                new SGD(0.2).momentum(0.5).nesterov(true).clipnorm(2),
                new RMSprop(0.01).rho(0.8).momentum(0.3).centered(true).weightDecay(0.1),
                new Adagrad(0.3).initialAccumulatorValue(0.2).epsilon(1e-6).globalClipnorm(4),
                new Adadelta(0.4).rho(0.9).clipvalue(0.5),
                new Adam(0.02).beta1(0.8).amsgrad(true).useEma(true).emaMomentum(0.9).emaOverwriteFrequency(5),
                new AdamW(0.03).weightDecay(0.01).gradientAccumulationSteps(4),
                new Adamax().beta2(0.99).lossScaleFactor(128),
                new Nadam().epsilon(1e-5).name("my_nadam"),
                new Ftrl().l1RegularizationStrength(0.1).l2ShrinkageRegularizationStrength(0.2).beta(0.3),
                new Lion(3e-4).beta1(0.95),
                new Lamb().beta2(0.99),
                new Adafactor().relativeStep(false).clipThreshold(0.5),
                new Muon().excludeLayers(List.of("head.*")).rmsRate(null).adamWeightDecay(0.1),
                new RAdam().beta1(0.85),
                new SGD().learningRate(new CosineDecay(0.1, 100).warmup(0.5, 10)),
                new LossScaleOptimizer(new Adam(0.5).clipnorm(1)).initialScale(1024).dynamicGrowthSteps(10),
                new Lookahead(new RAdam(0.01)).k(6).alpha(0.6));
        for (Optimizer opt : all) {
            Map<String, Object> serialized = Optimizers.serialize(opt);
            Optimizer copy = Optimizers.get(serialized);
            assertThat(copy).isInstanceOf(opt.getClass()).isNotSameAs(opt);
            assertThat(copy.getConfig()).as(opt.getClass().getSimpleName()).isEqualTo(opt.getConfig());
        }
    }

    @Test
    void aNestedScheduleConfigAsLearningRate() {
        Map<String, Object> schedule = Map.of("class_name", "ExponentialDecay", "config",
                Map.of("initial_learning_rate", 1.0, "decay_steps", 1, "decay_rate", 0.5));
        Optimizer sgd = Optimizers.get(Map.of("class_name", "SGD", "config", Map.of("learning_rate", schedule)));
        Variable w = new Variable(Tensor.scalar(0), "w");
        for (int i = 0; i < 3; i++) sgd.applyGradients(List.of(Tensor.scalar(1)), List.of(w));
        assertThat(w.value().item()).isEqualTo(-1.75f); // 1 + 0.5 + 0.25
        @SuppressWarnings("unchecked")
        Map<String, Object> saved = (Map<String, Object>) sgd.getConfig().get("learning_rate");
        assertThat(saved).containsEntry("class_name", "ExponentialDecay").containsEntry("module", "keras.optimizers.schedules");
    }

    @Test
    void lossScaleOptimizerClearsTheInnerLossScaleFactor() {
        Map<String, Object> config = Map.of("class_name", "LossScaleOptimizer", "config", Map.of("inner_optimizer",
                Map.of("class_name", "SGD", "config", Map.of("learning_rate", 0.5, "loss_scale_factor", 100))));
        LossScaleOptimizer lso = (LossScaleOptimizer) Optimizers.get(config);
        assertThat(lso.innerOptimizer().getConfig().get("loss_scale_factor")).isNull();
    }

    static final class Halver extends FluentOptimizer<Halver> {
        Halver() {
            super("halver", 0.5);
        }

        @Override
        protected void buildSlots(List<Variable> variables) {}

        @Override
        protected void updateStep(int index, Tensor gradient, Variable variable, double learningRate) {
            variable.assign(variable.value().mul(learningRate));
        }

        static Halver fromConfig(Map<String, Object> config) {
            dev.gradus.util.Config.Reader r = dev.gradus.util.Config.read("Halver", config);
            Halver h = new Halver();
            readBase(r, h);
            r.done();
            return h;
        }
    }

    @Test
    void aUsersOptimizerRegistersAndRoundTrips() {
        Optimizers.register("Halver", Halver.class, Halver::fromConfig);
        Optimizer h = Optimizers.get(Optimizers.serialize(new Halver().clipnorm(3)));
        assertThat(h).isInstanceOf(Halver.class);
        assertThat(h.getConfig().get("clipnorm")).isEqualTo(3.0);
        Variable w = new Variable(Tensor.scalar(8), "w");
        h.applyGradients(List.of(Tensor.scalar(1)), List.of(w));
        assertThat(w.value().item()).isEqualTo(4f);
    }

    @Test
    void everyOptimizerDescendsAQuadraticBowl() {
        for (String name : List.of("sgd", "rmsprop", "adagrad", "adadelta", "adam", "adamw", "adamax", "nadam", "ftrl",
                "lion", "lamb", "adafactor", "muon", "radam")) {
            Optimizer opt = Optimizers.get(Map.of("class_name", name, "config", Map.of("learning_rate", 0.05)));
            Variable w = new Variable(Tensor.of(new float[][] {{1, -2}, {0.5f, 3}}), "w");
            double start = w.value().square().sum().item();
            for (int s = 0; s < 20; s++) opt.minimize(() -> w.value().square().sum(), w);
            assertThat((double) w.value().square().sum().item()).as(name).isLessThan(start);
        }
    }
}
