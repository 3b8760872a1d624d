package org.collab4j.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.http.Context;
import org.collab4j.features.Field;
import org.collab4j.recommend.NewUserFeatures;
import org.collab4j.recommend.Onboarding;

/**
 * {@code GET /v1/onboarding}: what to ask a new user. For a factor model, items to ask about
 * and the genres they may pick from instead; for a model with user features, those of them a
 * new user can state ({@code POST /v1/users}), each with its kind and training range or
 * vocabulary, so a client can build a form ({@code items} and {@code genres} are then empty:
 * this model neither folds ratings in nor starts from genres).
 */
final class OnboardingRoutes {
    /** The user features a new user can state, as the MovieLens user table names them. */
    static final Set<String> STATED_FEATURES = Set.of("gender", "age", "occupation", "zip");

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Questions(List<Candidate> items, List<String> genres, List<UserFeature> userFeatures, long seed, long modelVersion) {
    }

    record Candidate(String item, String title) {
    }

    /** A user feature {@code POST /v1/users} takes: its name and kind, with range and mean or values. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UserFeature(String name, String kind, Double min, Double max, Double mean, List<String> values, String note) {
    }

    private final ServerState state;

    OnboardingRoutes(ServerState state) {
        this.state = state;
    }

    void questions(Context ctx) {
        ServingModel m = state.model();
        int n = Requests.n(ctx, 10, Onboarding.CANDIDATES);
        long seed = Requests.seed(ctx);
        if (m.onboarding == null && m.side == null)
            throw new ApiError(501, "model '" + m.model.kind() + "' has neither latent factors to choose questions with nor user"
                    + " features to ask about; search items with GET /v1/items?q=... and rate them instead");
        List<Candidate> items = new ArrayList<>();
        List<String> genres = new ArrayList<>();
        if (m.onboarding != null) {
            for (int i : m.onboarding.propose(n, seed)) items.add(new Candidate(m.model.itemIds().id(i), m.model.title(i)));
            genres.addAll(m.genres);
        }
        Requests.send(ctx, 200, new Questions(items, genres, m.side != null ? userFeatures(m) : null, seed, m.version));
    }

    private static List<UserFeature> userFeatures(ServingModel m) {
        List<UserFeature> out = new ArrayList<>();
        for (NewUserFeatures.Question q : m.questions) {
            String name = q.name().toLowerCase(Locale.ROOT); // the field of POST /v1/users that states it
            if (!STATED_FEATURES.contains(name)) continue; // another column of a --user-features file: no field states it
            boolean number = q.kind() == Field.Kind.NUMBER;
            String note = name.equals("zip") ? "the model knows a zip code's region, its first two characters; a full zip code may be stated" : null;
            out.add(new UserFeature(name, q.kind().name().toLowerCase(Locale.ROOT), number ? q.min() : null, number ? q.max() : null,
                    number ? q.mean() : null, number ? null : List.copyOf(q.categories()), note));
        }
        return out;
    }
}
