package org.collab4j.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import org.collab4j.recommend.GenreStart;
import org.collab4j.recommend.UnknownGenreException;
import org.collab4j.data.UserInfo;

/**
 * The body of {@code POST /v1/users}, as sent; {@link #validate} checks it against the served
 * model and gives what is stored. Every field is optional to the parser; which are required
 * depends on the model (genres for a factor model, a demographic for one with user features).
 */
record NewUserRequest(@JsonDeserialize(using = Json.Id.class) String id, List<String> genres, String gender, Integer age,
                      String occupation, String zip) {
    static final Json.Shape SHAPE = new Json.Shape("the body must be a JSON object {\"id\": ID (optional), \"genres\": [NAME, ...],"
            + " \"gender\": ..., \"age\": ..., \"occupation\": ..., \"zip\": ...}", fields(), null);
    private static final Pattern DEMOGRAPHIC = Pattern.compile("[\\p{L}\\p{N} ._'/+\\-]{1,64}");
    private static final int MAX_GENRES = 64;

    private static Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("id", "a string id");
        f.put("genres", "an array of genre names, e.g. [\"Comedy\", \"Drama\"]");
        f.put("gender", "a short text");
        f.put("age", "a whole number of years from 1 to 120");
        f.put("occupation", "a short text");
        f.put("zip", "a short text");
        return f;
    }

    /** What a valid request states, in the model's spelling. */
    record Valid(String user, List<String> genres, String gender, int age, String occupation, String zip) {
    }

    /** Checks every field; {@code user} is null when the request gives no id (the server assigns one). */
    Valid validate(ServingModel m) {
        String user = id == null ? null : Requests.id(id, "user");
        boolean byFeatures = m.onboarding == null && m.side != null;
        List<String> names = byFeatures && genres == null ? List.of() : genreNames();
        String g = demographic("gender", gender), o = demographic("occupation", occupation), z = demographic("zip", zip);
        if (age != null && (age < 1 || age > 120))
            throw new ApiError(400, "\"age\" must be a whole number of years from 1 to 120, got " + age);
        int a = age == null ? 0 : age;
        if (byFeatures && g == null && a == 0 && o == null && z == null)
            throw new ApiError(400, "model '" + m.model.kind() + "' scores a new user from what they tell about themselves: give at least"
                    + " one of \"gender\", \"age\", \"occupation\", \"zip\" (it takes: " + userFeatures(m) + ")");
        List<String> known = names.isEmpty() ? List.of() : knownGenres(m, names);
        UserInfo ui = m.model.userInfo();
        if (ui != null) { // kept as stated without; used by a later model that has demographics
            checkKnown("gender", g, ui.genders());
            checkKnown("occupation", o, ui.occupations());
        }
        return new Valid(user, known, g, a, o, z);
    }

    private List<String> genreNames() {
        if (genres == null)
            throw new ApiError(400, "\"genres\" is missing: name at least one genre the user likes (GET /v1/onboarding lists them)");
        if (genres.isEmpty()) throw new ApiError(400, "\"genres\" is empty: name at least one genre (GET /v1/onboarding lists them)");
        if (genres.size() > MAX_GENRES) throw new ApiError(400, "too many genres: " + genres.size() + " (at most " + MAX_GENRES + ")");
        List<String> out = new ArrayList<>();
        for (int k = 0; k < genres.size(); k++) {
            String g = genres.get(k);
            if (g == null || g.isBlank() || g.length() > 64) throw new ApiError(400, "genre " + k + " must be a non-empty name of at most 64 characters");
            out.add(g.trim());
        }
        return out;
    }

    /**
     * The genres as the model spells them, each once ({@link GenreStart#names}: every genre some item
     * has, but the data set's placeholder {@code unknown}); 422 listing every unknown one with the known ones.
     */
    private static List<String> knownGenres(ServingModel m, List<String> names) {
        if (!GenreStart.hasGenres(m.model))
            throw new ApiError(422, "the model has no item genres to start from; onboard by rating items instead"
                    + " (GET /v1/onboarding suggests some)");
        try {
            return GenreStart.names(m.model, names);
        } catch (UnknownGenreException e) {
            throw new ApiError(422, "unknown genre" + (e.unknown().size() > 1 ? "s " : " ") + Requests.clip(String.join(", ", e.unknown()))
                    + "; the model knows: " + String.join(", ", e.known()) + "; nothing was stored",
                    Map.of("unknown_genres", e.unknown(), "genres", e.known()));
        }
    }

    private static String demographic(String field, String v) {
        if (v == null) return null;
        if (!DEMOGRAPHIC.matcher(v.trim()).matches())
            throw new ApiError(400, "\"" + field + "\" must be a short text (1 to 64 letters, digits, spaces or . _ ' / + -)");
        return v.trim();
    }

    /** When the model knows its users' demographics, a stated gender or occupation must be one of them (422 listing them). */
    private static void checkKnown(String field, String value, String[] known) {
        if (value == null || known == null) return;
        Set<String> values = new TreeSet<>();
        for (String k : known) {
            if (k == null || k.isEmpty()) continue;
            if (k.equalsIgnoreCase(value)) return;
            values.add(k);
        }
        if (values.isEmpty()) return;
        throw new ApiError(422, "unknown " + field + " '" + value + "'; the data set has: " + String.join(", ", values)
                + " (or leave it out); nothing was stored", Map.of(field + "s", List.copyOf(values)));
    }

    private static String userFeatures(ServingModel m) {
        List<String> names = new ArrayList<>();
        for (org.collab4j.features.Field f : m.side.features().fields())
            if (f.source() == org.collab4j.features.Field.Source.USER) names.add(f.name());
        return String.join(", ", names);
    }
}
