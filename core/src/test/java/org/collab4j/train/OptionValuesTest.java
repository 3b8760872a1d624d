package org.collab4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.collab4j.train.OptionSpec.Kind;
import org.collab4j.train.OptionSpec.Range;
import org.junit.jupiter.api.Test;

/** The option specs and their checking, on a made-up model "toy" with one option of every kind. */
class OptionValuesTest {
    static final List<OptionSpec> SPECS = List.of(
            OptionSpec.integer("hidden", 500, 1, "units"),
            OptionSpec.number("emb-drop", 0.0, Range.probability(), "dropout").alias("emb_drop"),
            OptionSpec.number("bias-lr", null, Range.atLeast(0), "bias rate (default: --lr)"),
            OptionSpec.bool("centre", true, "centre the output"),
            OptionSpec.choice("regularization", "collab4j", List.of("collab4j", "fastai"), "recipe"),
            OptionSpec.text("user-features", null, "a CSV file").alias("user_features"),
            OptionSpec.list("layers", Kind.INT, "100,50", Range.atLeast(1), "widths"),
            OptionSpec.list("dropout", Kind.DOUBLE, "0", Range.probability(), "dropouts"),
            OptionSpec.list("models", Kind.STRING, "a,b", null, "models"),
            OptionSpec.text("MODEL.KEY", null, "placeholder"));

    static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int j = 0; j < kv.length; j += 2) m.put(kv[j], kv[j + 1]);
        return m;
    }

    static OptionValues parse(String... kv) {
        return OptionValues.parse("toy", SPECS, map(kv));
    }

    @Test
    void defaultsAreTypedValues() {
        OptionValues v = parse();
        assertThat(v.getInt("hidden")).isEqualTo(500);
        assertThat(v.getDouble("emb-drop")).isEqualTo(0.0);
        assertThat(v.getBoolean("centre")).isTrue();
        assertThat(v.getString("regularization")).isEqualTo("collab4j");
        assertThat(v.getString("user-features")).isNull();
        assertThat(v.getInts("layers")).containsExactly(100, 50);
        assertThat(v.getDoubles("dropout")).containsExactly(0.0);
        assertThat(v.getStrings("models")).containsExactly("a", "b");
        assertThat(v.has("hidden")).isFalse();
        assertThat(v.getDouble("bias-lr", 0.007)).isEqualTo(0.007);
        assertThat(v.warnings()).isEmpty();
        assertThat(v.canonical()).isEmpty();
        // a derived default has no value of its own: asking without has() is a programming error
        assertThatThrownBy(() -> v.getDouble("bias-lr")).isInstanceOf(IllegalStateException.class).hasMessageContaining("has no fixed default");
        assertThatThrownBy(() -> v.getInt("nonsense")).isInstanceOf(IllegalStateException.class).hasMessageContaining("without declaring it");
        assertThatThrownBy(() -> v.getInt("centre")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void givenValuesAreParsedByKind() {
        OptionValues v = parse("hidden", " 12 ", "emb-drop", "0.25", "bias-lr", "0.01", "centre", "no", "regularization", "fastai",
                "user-features", "users.csv", "layers", "8, 4,2", "dropout", "0.1,0.2,0.3", "models", " x , y ");
        assertThat(v.getInt("hidden")).isEqualTo(12);
        assertThat(v.getDouble("emb-drop")).isEqualTo(0.25);
        assertThat(v.getFloat("emb-drop")).isEqualTo(0.25f);
        assertThat(v.getDouble("bias-lr", 7)).isEqualTo(0.01);
        assertThat(v.getBoolean("centre")).isFalse();
        assertThat(v.getString("regularization")).isEqualTo("fastai");
        assertThat(v.getString("user-features")).isEqualTo("users.csv");
        assertThat(v.getInts("layers")).containsExactly(8, 4, 2);
        assertThat(v.getFloats("dropout")).containsExactly(0.1f, 0.2f, 0.3f);
        assertThat(v.getStrings("models")).containsExactly("x", "y");
        assertThat(v.has("hidden")).isTrue();
        for (String t : List.of("true", "TRUE", "yes", "on", "1")) assertThat(parse("centre", t).getBoolean("centre")).as(t).isTrue();
        for (String t : List.of("false", "No", "off", "0")) assertThat(parse("centre", t).getBoolean("centre")).as(t).isFalse();
    }

    @Test
    void anUnknownKeyNamesTheModelAndListsItsKeys() {
        assertThatThrownBy(() -> parse("nonsense", "1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model toy has no option 'nonsense'; its options: hidden, emb-drop, bias-lr, centre, regularization, user-features, "
                        + "layers, dropout, models, MODEL.KEY");
        assertThatThrownBy(() -> OptionValues.parse("plain", List.of(), map("k", "1"))).hasMessage("model plain has no option 'k' (it takes none)");
        // a shared option given to --set is pointed at its flag
        assertThatThrownBy(() -> parse("factors", "3")).hasMessageEndingWith("; factors is shared by every model: give --factors");
        // the placeholder is shown, never matched
        assertThatThrownBy(() -> parse("MODEL.KEY", "3")).hasMessageStartingWith("model toy has no option 'MODEL.KEY';");
    }

    @Test
    void aNearMissSuggestsTheKey() {
        assertThatThrownBy(() -> parse("layerz", "5")).hasMessageStartingWith("model toy has no option 'layerz' (did you mean layers?); its options: hidden");
        assertThatThrownBy(() -> parse("hiden", "5")).hasMessageContaining("(did you mean hidden?)");
        assertThatThrownBy(() -> parse("biaslr", "5")).hasMessageContaining("(did you mean bias-lr?)");
        assertThatThrownBy(() -> parse("emb-dorp", "5")).hasMessageContaining("(did you mean emb-drop?)"); // two letters swapped: one edit
        // British and American spellings, either way round
        assertThatThrownBy(() -> parse("regularisation", "fastai")).hasMessageContaining("(did you mean regularization?)");
        assertThatThrownBy(() -> parse("center", "true")).hasMessageContaining("(did you mean centre?)");
        // nothing near: no suggestion; two letters away from a two-letter word is no near miss
        assertThatThrownBy(() -> parse("nonsense", "1")).message().doesNotContain("did you mean");
        assertThat(OptionValues.nearMisses("l2", List.of("k"))).isEmpty();
        // ties keep the declared order
        assertThat(OptionValues.nearMisses("reg", List.of("reg-u", "reg-i", "regularization"))).containsExactly("reg-u", "reg-i");
        assertThat(OptionValues.distance("emb-drop", "emb-dorp")).isEqualTo(1);
        assertThat(OptionValues.distance("layers", "layerz")).isEqualTo(1);
        assertThat(OptionValues.distance("", "abc")).isEqualTo(3);
    }

    @Test
    void anOlderSpellingIsAcceptedWithADeprecationNote() {
        OptionValues v = parse("emb_drop", "0.1", "hidden", "7", "user_features", "u.csv");
        assertThat(v.getDouble("emb-drop")).isEqualTo(0.1);
        assertThat(v.getString("user-features")).isEqualTo("u.csv");
        assertThat(v.warnings()).containsExactly("toy: --set emb_drop is deprecated; use --set emb-drop",
                "toy: --set user_features is deprecated; use --set user-features");
        assertThat(v.canonical()).containsExactly(Map.entry("emb-drop", "0.1"), Map.entry("hidden", "7"), Map.entry("user-features", "u.csv"));
        // the snake_case spelling of any kebab-case key is an older spelling too
        OptionValues snake = parse("bias_lr", "0.5");
        assertThat(snake.getDouble("bias-lr", 0)).isEqualTo(0.5);
        assertThat(snake.warnings()).containsExactly("toy: --set bias_lr is deprecated; use --set bias-lr");
        // both spellings at once are one option given twice
        assertThatThrownBy(() -> parse("emb-drop", "0.1", "emb_drop", "0.2")).hasMessage("toy: emb-drop and emb_drop are the same option; give one");
    }

    @Test
    void aBadValueNamesTheOptionWhatItExpectsAndWhatItGot() {
        assertThatThrownBy(() -> parse("hidden", "many")).hasMessage("toy: hidden must be a whole number >= 1, got 'many'");
        assertThatThrownBy(() -> parse("hidden", "0")).hasMessage("toy: hidden must be a whole number >= 1, got '0'");
        assertThatThrownBy(() -> parse("hidden", "2.5")).hasMessage("toy: hidden must be a whole number >= 1, got '2.5'");
        assertThatThrownBy(() -> parse("emb-drop", "1")).hasMessage("toy: emb-drop must be a number in [0, 1), got '1'");
        assertThatThrownBy(() -> parse("emb-drop", "NaN")).hasMessage("toy: emb-drop must be a number in [0, 1), got 'NaN'");
        assertThatThrownBy(() -> parse("bias-lr", "Infinity")).hasMessage("toy: bias-lr must be a number >= 0, got 'Infinity'");
        assertThatThrownBy(() -> parse("centre", "maybe")).hasMessage("toy: centre must be true or false, got 'maybe'");
        assertThatThrownBy(() -> parse("regularization", "keras")).hasMessage("toy: regularization must be collab4j or fastai, got 'keras'");
        assertThatThrownBy(() -> parse("layers", "10,0")).hasMessage("toy: layers must be whole numbers >= 1 separated by commas, got '10,0'");
        assertThatThrownBy(() -> parse("layers", "10,")).hasMessage("toy: layers must be whole numbers >= 1 separated by commas, got '10,'");
        assertThatThrownBy(() -> parse("dropout", "0.1,x")).hasMessage("toy: dropout must be numbers in [0, 1) separated by commas, got '0.1,x'");
        assertThatThrownBy(() -> parse("models", "a,,b")).hasMessage("toy: models must be names separated by commas, got 'a,,b'");
        // as the user spelled it
        assertThatThrownBy(() -> parse("emb_drop", "2")).hasMessage("toy: emb_drop must be a number in [0, 1), got '2'");
    }

    @Test
    void specsAreCheckedWhenDeclared() {
        assertThatThrownBy(() -> OptionSpec.integer("emb_drop", 1, 0, "x")).hasMessageContaining("kebab-case");
        assertThatThrownBy(() -> OptionSpec.integer("Hidden", 1, 0, "x")).hasMessageContaining("kebab-case");
        assertThatThrownBy(() -> OptionSpec.integer("k", 0, 1, "x")).hasMessage("--set k must be a whole number >= 1, got '0'");
        assertThatThrownBy(() -> OptionSpec.choice("adam", "sparse", List.of("dense", "lazy"), "x")).hasMessageContaining("dense or lazy");
        assertThatThrownBy(() -> OptionSpec.integer("k", 1, 0, " ")).hasMessageContaining("no description");
        assertThatThrownBy(() -> new OptionSpec("k", Kind.LIST, null, null, null, null, "x", null)).hasMessageContaining("type of its elements");
        assertThatThrownBy(() -> OptionValues.parse("toy", List.of(SPECS.get(0), SPECS.get(0)), Map.of())).hasMessageContaining("twice");
        assertThat(SPECS.get(9).isPlaceholder()).isTrue();
    }

    @Test
    void typesAreShownAsAReaderWritesThem() {
        assertThat(SPECS.get(0).type()).isEqualTo("int >= 1");
        assertThat(SPECS.get(1).type()).isEqualTo("number in [0, 1)");
        assertThat(SPECS.get(2).type()).isEqualTo("number >= 0");
        assertThat(SPECS.get(3).type()).isEqualTo("true|false");
        assertThat(SPECS.get(4).type()).isEqualTo("collab4j|fastai");
        assertThat(SPECS.get(5).type()).isEqualTo("text");
        assertThat(SPECS.get(6).type()).isEqualTo("int >= 1,...");
        assertThat(OptionSpec.number("alpha", 2.0, Range.above(0), "x").type()).isEqualTo("number > 0");
        assertThat(OptionSpec.number("alpha", 0.006, Range.above(0), "x").defaultValue()).isEqualTo("0.006");
        assertThat(OptionSpec.number("alpha", 400.0, Range.above(0), "x").defaultValue()).isEqualTo("400");
    }

    @Test
    void readingOneOptionOutsideAModelTakesEverySpelling() {
        assertThat(SPECS.get(5).textIn(map("user_features", "old.csv"))).isEqualTo("old.csv");
        assertThat(SPECS.get(5).textIn(map("user-features", "new.csv"))).isEqualTo("new.csv");
        assertThat(SPECS.get(5).textIn(map())).isNull();
        assertThat(Recipes.ADAM.valueIn(null, map())).isEqualTo("dense");
        assertThatThrownBy(() -> Recipes.ADAM.valueIn(null, map("adam", "sparse"))).hasMessage("--set adam must be dense or lazy, got 'sparse'");
    }
}
