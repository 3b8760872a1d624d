package org.collab4j.algo.dotbias;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.collab4j.data.Dataset;
import org.collab4j.data.Split;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TinyData;
import org.collab4j.train.Algorithm;
import org.collab4j.train.Fixtures;
import org.collab4j.train.TrainConfig;
import org.junit.jupiter.api.Test;

/** dot-bias checks its own options on every path (Adam, plain SGD, with features), as every model does. */
class DotBiasOptionsTest {
    static final Dataset DATA = TinyData.dataset();
    static final Split ALL = Fixtures.all(DATA.ratings());
    static final String KEYS = "regularization, factor-l2, bias-l2, adam, init-std, bins, features, user-features, item-features";

    static TrainConfig config(String optimizer, String... kv) {
        TrainConfig c = new TrainConfig(3, 2, 0.01, 0.05, 4, optimizer, "constant", null, 1, 7, Map.of());
        for (int j = 0; j < kv.length; j += 2) c = c.withExtra(kv[j], kv[j + 1]);
        return c;
    }

    static FactorModel sgd(String... kv) {
        return (FactorModel) new DotBiasTrainer().train(DATA, ALL, config("sgd", kv), List.of()).model();
    }

    @Test
    void anUnknownKeyIsRefusedOnEveryPath() {
        String message = "model dot-bias has no option 'nonsense'; its options: " + KEYS;
        assertThatThrownBy(() -> new DotBiasTrainer().train(DATA, ALL, config("adam", "nonsense", "1"), List.of())).hasMessage(message);
        assertThatThrownBy(() -> new DotBiasTrainer().train(DATA, ALL, config("sgd", "nonsense", "1"), List.of())).hasMessage(message);
        assertThatThrownBy(() -> new DotBiasTrainer().train(DATA, ALL, config("adam", "features", "all", "nonsense", "1"), List.of()))
                .hasMessage(message);
        assertThatThrownBy(() -> new DotBiasTrainer().trainable(DATA, config("adam", "nonsense", "1"))).hasMessage(message);
        assertThatThrownBy(() -> new DotBiasAlgorithm().validate(config("adam", "nonsense", "1"))).hasMessage(message);
    }

    @Test
    void aNearMissIsSuggested() {
        assertThatThrownBy(() -> new DotBiasAlgorithm().validate(config("adam", "regularisation", "fastai")))
                .hasMessage("model dot-bias has no option 'regularisation' (did you mean regularization?); its options: " + KEYS);
        assertThatThrownBy(() -> new DotBiasAlgorithm().validate(config("adam", "bias-l3", "0.1"))).hasMessageContaining("(did you mean bias-l2?)");
        assertThatThrownBy(() -> new DotBiasAlgorithm().validate(config("adam", "item-feature", "x.csv")))
                .hasMessageContaining("(did you mean item-features?)");
    }

    @Test
    void theOlderSpellingsAreReadWithADeprecationNote() {
        Algorithm.Validated v = new DotBiasAlgorithm().validate(config("sgd", "bias_l2", "0.3", "init_std", "0.2", "user_features", "u.csv"));
        assertThat(v.warnings()).containsExactly("dot-bias: --set bias_l2 is deprecated; use --set bias-l2",
                "dot-bias: --set init_std is deprecated; use --set init-std", "dot-bias: --set user_features is deprecated; use --set user-features");
        assertThat(v.config().extra()).isEqualTo(Map.of("bias-l2", "0.3", "init-std", "0.2", "user-features", "u.csv"));
        // the trainer reads either spelling, to the same numbers; the values do change the model
        FactorModel old = sgd("bias_l2", "0.3", "init_std", "0.2"), current = sgd("bias-l2", "0.3", "init-std", "0.2"), plain = sgd();
        assertThat(old.userFactors()).containsExactly(current.userFactors());
        assertThat(old.itemBias()).containsExactly(current.itemBias());
        assertThat(plain.userFactors()).isNotEqualTo(current.userFactors());
        assertThat(DotBiasTrainer.options(config("adam", "factor_l2", "0.5")).factorL2()).isEqualTo(0.5f);
        assertThat(DotBiasTrainer.options(config("adam", "factor-l2", "0.5", "bias-l2", "0.25"))).isEqualTo(
                DotProductBias.Options.defaults().withFactorL2(0.5f).withBiasL2(0.25f));
        assertThat(DotBiasTrainer.options(config("adam", "regularization", "fastai"))).isEqualTo(DotProductBias.Options.fastaiExact());
    }

    @Test
    void aBadValueNamesTheOption() {
        assertThatThrownBy(() -> sgd("init-std", "-1")).hasMessage("dot-bias: init-std must be a number >= 0, got '-1'");
        assertThatThrownBy(() -> sgd("bins", "many")).hasMessage("dot-bias: bins must be a whole number >= 0, got 'many'");
        assertThatThrownBy(() -> sgd("bias_l2", "x")).hasMessage("dot-bias: bias_l2 must be a number >= 0, got 'x'");
        assertThatThrownBy(() -> DotBiasTrainer.options(config("adam", "regularization", "keras")))
                .hasMessage("dot-bias: regularization must be collab4j or fastai, got 'keras'");
        assertThatThrownBy(() -> new DotBiasAlgorithm().validate(config("adam", "adam", "sparse")))
                .hasMessage("dot-bias: adam must be dense or lazy, got 'sparse'");
    }
}
