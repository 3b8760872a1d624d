package org.collab4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.collab4j.data.Dataset;
import org.collab4j.data.Split;
import org.collab4j.model.BinaryIn;
import org.collab4j.model.BinaryOut;
import org.collab4j.model.ModelCodec;
import org.collab4j.model.RatingModel;
import org.junit.jupiter.api.Test;

/** The registry of algorithms found through the services file, and what it checks. */
class AlgorithmsTest {
    @Test
    void everyModelIsInstalledInHelpOrder() {
        assertThat(Algorithms.names()).containsExactly("dot-bias", "baseline", "als", "svdpp", "bpmf", "item-knn", "nn", "autoencoder", "blend",
                "popularity", "ease", "ials", "bpr");
        for (Algorithm a : Algorithms.all()) {
            assertThat(a.trainer().name()).isEqualTo(a.name());
            assertThat(a.description()).isNotBlank();
            assertThat(Algorithms.get(a.name())).isSameAs(a);
        }
        assertThat(Algorithms.get("als").defaults().factors()).isEqualTo(20);
        assertThat(Algorithms.get("dot-bias").defaults()).isEqualTo(TrainConfig.defaults());
    }

    @Test
    void anUnknownModelListsTheKnownOnes() {
        assertThatThrownBy(() -> Algorithms.get("dotbias")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown model 'dotbias' (did you mean dot-bias?); known models: dot-bias, baseline, als, svdpp, bpmf, item-knn, nn, "
                        + "autoencoder, blend, popularity, ease, ials, bpr");
        assertThatThrownBy(() -> Algorithms.get("svm")).message().doesNotContain("did you mean").contains("known models: dot-bias");
    }

    @Test
    void theCodecsAreEachModelFamilysOnce() {
        List<String> names = new ArrayList<>();
        for (ModelCodec c : Algorithms.codecs()) names.add(c.name());
        // the file names of the model families (stored in every model file): unchanged
        assertThat(names).containsExactly("factor", "feature-dot-bias", "svdpp", "bpmf", "item-knn", "item-knn-implicit", "embedding-nn",
                "autoencoder", "blend", "popularity", "ease", "ials", "bpr");
    }

    @Test
    void everyOptionHasAUniqueKeyAndAValidDefault() {
        for (Algorithm a : Algorithms.all()) {
            Set<String> keys = new HashSet<>();
            for (OptionSpec s : a.options()) {
                assertThat(keys.add(s.key())).as(a.name() + " " + s.key()).isTrue();
                for (String alias : s.aliases()) assertThat(keys.add(alias)).as(a.name() + " " + alias).isTrue();
            }
            // no options given: the configuration passes as it is, with no notes
            Algorithm.Validated v = a.validate(a.defaults());
            assertThat(v.warnings()).isEmpty();
            assertThat(v.config().extra()).isEmpty();
        }
    }

    @Test
    void everyModelRefusesAnUnknownKeyWithItsOptions() {
        for (Algorithm a : Algorithms.all()) {
            assertThatThrownBy(() -> a.validate(a.defaults().withExtra("nonsense", "1"))).as(a.name())
                    .isInstanceOf(IllegalArgumentException.class).message()
                    .matches(m -> m.startsWith("model " + a.name() + " has no option 'nonsense'; its options: ")
                            || a.options().isEmpty() && m.equals("model " + a.name() + " has no option 'nonsense' (it takes none)"));
        }
    }

    /** A trainer named {@code name}: only its name is used. */
    static ModelTrainer trainer(String name) {
        return new ModelTrainer() {
            public String name() {
                return name;
            }

            public TrainResult train(Dataset data, Split split, TrainConfig config, List<Callback> callbacks) {
                throw new UnsupportedOperationException();
            }
        };
    }

    static ModelCodec codec(String name) {
        return new ModelCodec() {
            public String name() {
                return name;
            }

            public boolean handles(RatingModel model) {
                return false;
            }

            public void write(RatingModel model, BinaryOut out) {
            }

            public RatingModel read(BinaryIn in) throws IOException {
                throw new IOException("not used");
            }
        };
    }

    static Algorithm algorithm(String name, ModelTrainer trainer, List<ModelCodec> codecs) {
        return new Algorithm() {
            public String name() {
                return name;
            }

            public String description() {
                return "a test algorithm";
            }

            public List<OptionSpec> options() {
                return List.of();
            }

            public ModelTrainer trainer() {
                return trainer;
            }

            public List<ModelCodec> codecs() {
                return codecs;
            }
        };
    }

    @Test
    void aBrokenInstallationIsRefusedWithTheClassesToBlame() {
        Algorithm a = algorithm("toy", trainer("toy"), List.of()), b = algorithm("toy", trainer("toy"), List.of());
        assertThatThrownBy(() -> Algorithms.check(List.of(a, b))).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("two algorithms are named 'toy'");
        assertThatThrownBy(() -> Algorithms.check(List.of(algorithm("toy", trainer("other"), List.of()))))
                .hasMessageContaining("is named 'toy' but its trainer 'other'");
        ModelCodec one = codec("same"), two = new ModelCodec() { // another class, the same name
            public String name() {
                return "same";
            }

            public boolean handles(RatingModel model) {
                return false;
            }

            public void write(RatingModel model, BinaryOut out) {
            }

            public RatingModel read(BinaryIn in) throws IOException {
                throw new IOException("not used");
            }
        };
        // one codec class under two algorithms is one codec; two classes under one name would make files ambiguous
        assertThat(Algorithms.codecs(List.of(algorithm("x", trainer("x"), List.of(one)), algorithm("y", trainer("y"), List.of(one))))).hasSize(1);
        assertThatThrownBy(() -> Algorithms.codecs(List.of(algorithm("x", trainer("x"), List.of(one)), algorithm("y", trainer("y"), List.of(two)))))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("two model-file codecs are named 'same'");
    }

    @Test
    void validatingPutsOlderSpellingsUnderTheCurrentKeys() {
        Algorithm.Validated v = Algorithms.get("nn").validate(TrainConfig.defaults().withExtras(Map.of("emb_drop", "0.1", "layers", "8")));
        assertThat(v.config().extra()).isEqualTo(Map.of("emb-drop", "0.1", "layers", "8"));
        assertThat(v.warnings()).containsExactly("nn: --set emb_drop is deprecated; use --set emb-drop");
    }
}
