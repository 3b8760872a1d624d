package org.collab4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.collab4j.interpret.RankedItem;

/** The --json object of {@code collab4j interpret}. */
record InterpretJson(String model, @JsonProperty("top_bias") List<Bias> topBias, @JsonProperty("bottom_bias") List<Bias> bottomBias,
                     @JsonProperty("top_user_bias") List<UserBias> topUserBias,
                     @JsonProperty("bottom_user_bias") List<UserBias> bottomUserBias, int top, List<Component> components,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String plot) {
    record Bias(String item, String title, double bias, int ratings) {
    }

    record UserBias(String user, double bias, int ratings) {
    }

    record Value(String item, String title, double value, int ratings) {
    }

    record Component(int component, @JsonProperty("variance_share") double varianceShare, List<Value> positive, List<Value> negative) {
    }

    static InterpretJson of(String model, List<RankedItem> topBias, List<RankedItem> bottomBias, List<RankedItem> topUsers,
                            List<RankedItem> bottomUsers, int top, List<org.collab4j.interpret.Component> components, Path plot) {
        List<Component> cs = new ArrayList<>();
        for (org.collab4j.interpret.Component c : components)
            cs.add(new Component(c.index() + 1, c.varianceShare(), values(c.positive()), values(c.negative())));
        return new InterpretJson(model, biases(topBias), biases(bottomBias), users(topUsers), users(bottomUsers), top, cs,
                plot == null ? null : plot.toString());
    }

    private static List<Bias> biases(List<RankedItem> list) {
        return list.stream().map(r -> new Bias(r.id(), r.title(), r.value(), r.ratings())).toList();
    }

    private static List<UserBias> users(List<RankedItem> list) {
        return list.stream().map(r -> new UserBias(r.id(), r.value(), r.ratings())).toList();
    }

    private static List<Value> values(List<RankedItem> list) {
        return list.stream().map(r -> new Value(r.id(), r.title(), r.value(), r.ratings())).toList();
    }
}
