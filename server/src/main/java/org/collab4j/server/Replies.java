package org.collab4j.server;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.collab4j.recommend.FoldIn;
import org.collab4j.recommend.Recommendations;

/** Reply records more than one route answers with. */
final class Replies {
    private Replies() {
    }

    /**
     * One recommended item, as the CLI's {@code --json} names it: {@code score} orders the list (the
     * predicted rating, or the relevance score, a log-probability); {@code predicted_rating} is
     * added when the list is ranked by relevance.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Scored(String item, String title, float score, Float predictedRating) {
        static List<Scored> of(Recommendations.Answer a) {
            boolean relevance = a.rankedBy() == FoldIn.Ranking.RELEVANCE;
            return a.items().stream().map(s -> new Scored(s.item(), s.title(), s.score(), relevance ? s.predictedRating() : null)).toList();
        }
    }

    /** What orders a list, as the CLI's {@code --json} says it ({@code ranked_by}). */
    static String rankedBy(Recommendations.Answer a) {
        return a.rankedBy() == FoldIn.Ranking.RELEVANCE ? "relevance" : "rating";
    }

    /** Every error, whatever raised it: {@code {"error": message, "status": code, ...fields}}. */
    record Error(String error, int status, @JsonIgnore Map<String, Object> fields) {
        @JsonAnyGetter
        Map<String, Object> extra() {
            return fields;
        }
    }
}
