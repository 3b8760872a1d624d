package org.collab4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.collab4j.model.SideInfoModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.FoldIn;
import org.collab4j.recommend.NewUserFeatures;
import org.collab4j.recommend.Recommendations;

/** How {@code recommend} prints a list: a table for people, or one JSON object. */
final class RecommendationOutput {
    private RecommendationOutput() {
    }

    /**
     * The --json object. {@code score} is the ranking score (the predicted rating, or the relevance
     * score, a log-probability); {@code predicted_rating} is added when they differ. A user
     * described by demographics also gets the {@code features} scored, and {@code ignored}.
     */
    record Json(String user, @JsonProperty("ranked_by") String rankedBy,
                @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> features, List<String> notes,
                @JsonInclude(JsonInclude.Include.NON_NULL) List<String> ignored, List<Item> items) {
    }

    record Item(String item, String title, float score,
                @JsonProperty("predicted_rating") @JsonInclude(JsonInclude.Include.NON_NULL) Float predictedRating) {
    }

    static void print(Console console, TrainedModel model, Recommendations.Answer a) {
        boolean relevance = a.rankedBy() == FoldIn.Ranking.RELEVANCE;
        boolean implicit = model.model() instanceof org.collab4j.model.TopNModel; // ranked by the model's own score, which has no scale
        boolean described = !a.features().isEmpty();
        for (String field : a.ignored()) warn(console, "--" + field + " is not used: " + (described
                ? "model '" + model.kind() + "' takes the user features " + userFeatures(model) : "a start from genres does not use it"));
        for (String note : a.notes()) warn(console, "note: " + note);
        if (console.json) {
            List<Item> items = new ArrayList<>();
            for (Recommendations.Item s : a.items())
                items.add(new Item(s.item(), s.title(), s.score(), relevance ? s.predictedRating() : null));
            console.emit(new Json(a.user(), implicit ? "score" : relevance ? "relevance" : "rating", described ? a.features() : null, a.notes(),
                    described || !a.ignored().isEmpty() ? a.ignored() : null, items));
            return;
        }
        console.println("top " + a.items().size() + " for " + (a.newUser() ? "a " : "user ") + a.user()
                + (relevance ? " (by relevance; predicted rating shown)" : implicit ? " (by the model's score; items the user has are left out)" : "")
                + ":");
        int rank = 1, width = 8;
        for (Recommendations.Item s : a.items()) width = Math.max(width, s.item().length());
        for (Recommendations.Item s : a.items())
            console.printf("%3d. %6.3f  %s", rank++, s.predictedRating(), itemColumn(s.item(), s.title(), width));
    }

    /** The id, padded to {@code width}, and the title when the model has one (else the id once). */
    static String itemColumn(String id, String title, int width) {
        if (title == null || title.equals(id)) return id;
        return id + " ".repeat(Math.max(1, width - id.length() + 1)) + title;
    }

    /** A note on stderr, whatever the output format (not under --quiet). */
    static void warn(Console console, String line) {
        if (console.quiet) return;
        console.err.println(line);
        console.err.flush();
    }

    private static String userFeatures(TrainedModel model) {
        SideInfoModel sim = NewUserFeatures.model(model);
        return sim == null ? "" : NewUserFeatures.userFeatureNames(sim);
    }
}
