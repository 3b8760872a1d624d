package org.collab4j.server;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import org.collab4j.recommend.ScoredItem;

/** Reply records more than one route answers with. */
final class Replies {
    private Replies() {
    }

    /** One recommended item, as the CLI's {@code --json} names it. */
    record Scored(String item, String title, float score) {
        static List<Scored> of(List<ScoredItem> items) {
            return items.stream().map(s -> new Scored(s.item(), s.title(), s.score())).toList();
        }
    }

    /** Every error, whatever raised it: {@code {"error": message, "status": code, ...fields}}. */
    record Error(String error, int status, @JsonIgnore Map<String, Object> fields) {
        @JsonAnyGetter
        Map<String, Object> extra() {
            return fields;
        }
    }
}
