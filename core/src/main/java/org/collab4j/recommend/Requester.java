package org.collab4j.recommend;

import java.util.Arrays;
import java.util.List;

/**
 * Who is asking for recommendations; {@link Recommendations#recommend} answers each kind the same
 * way wherever the question comes from (the command line, the server, a program).
 *
 * <ul>
 * <li>{@link Known}: a user of the model, by id: scored by the model.</li>
 * <li>{@link Rated}: a user with ratings the model was not trained on, folded in ({@link FoldIn});
 * when the id is a user of the model, their training ratings are folded in too.</li>
 * <li>{@link Genres}: a new user who states the genres they like (and, optionally, demographics
 * that narrow whom they start from): {@link GenreStart}.</li>
 * <li>{@link Described}: a new user described only by demographics, scored through a model
 * with user features ({@link NewUserFeatures}).</li>
 * <li>{@link Interacted}: a user known by events (clicks, plays, purchases) the model was not
 * trained on, folded in at once by a model of implicit feedback; when the id is a user of the
 * model, their training interactions are added.</li>
 * </ul>
 */
public sealed interface Requester {
    /** A user of the model. */
    record Known(String user) implements Requester {
        public Known {
            if (user == null || user.isEmpty()) throw new IllegalArgumentException("a known user needs an id");
        }
    }

    /**
     * Ratings of items by external id, each item at most once. {@code user} is null for a new
     * user; for a user of the model, their training ratings are folded in with these, a rating
     * here replacing the training rating of the same item.
     */
    record Rated(String user, String[] items, float[] ratings) implements Requester {
        public Rated {
            if (items.length != ratings.length)
                throw new IllegalArgumentException("got " + items.length + " items but " + ratings.length + " ratings");
            items = items.clone();
            ratings = ratings.clone();
        }

        @Override
        public String[] items() {
            return items.clone();
        }

        @Override
        public float[] ratings() {
            return ratings.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Rated r && java.util.Objects.equals(user, r.user) && Arrays.equals(items, r.items)
                    && Arrays.equals(ratings, r.ratings);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * java.util.Objects.hashCode(user) + Arrays.hashCode(items)) + Arrays.hashCode(ratings);
        }

        @Override
        public String toString() {
            return "Rated[user=" + user + ", items=" + Arrays.toString(items) + ", ratings=" + Arrays.toString(ratings) + "]";
        }
    }

    /**
     * Events of items by external id with their weights (1 for a plain event; a play count, a
     * quantity), for a model of implicit feedback ({@link org.collab4j.model.TopNModel}). Repeated
     * items are summed, as training sums repeated events. {@code user} is null for a new user; for a
     * user of the model, these weights add to their training interactions of the same items.
     */
    record Interacted(String user, String[] items, float[] weights) implements Requester {
        public Interacted {
            if (items.length != weights.length)
                throw new IllegalArgumentException("got " + items.length + " items but " + weights.length + " weights");
            items = items.clone();
            weights = weights.clone();
        }

        @Override
        public String[] items() {
            return items.clone();
        }

        @Override
        public float[] weights() {
            return weights.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Interacted r && java.util.Objects.equals(user, r.user) && Arrays.equals(items, r.items)
                    && Arrays.equals(weights, r.weights);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * java.util.Objects.hashCode(user) + Arrays.hashCode(items)) + Arrays.hashCode(weights);
        }

        @Override
        public String toString() {
            return "Interacted[user=" + user + ", items=" + Arrays.toString(items) + ", weights=" + Arrays.toString(weights) + "]";
        }
    }

    /** Genres a new user likes (names as the model spells them, any case), and demographics ({@link Demographics#NONE} for none). */
    record Genres(List<String> genres, Demographics demographics) implements Requester {
        public Genres {
            genres = List.copyOf(genres);
            if (genres.isEmpty()) throw new IllegalArgumentException("name at least one genre");
            if (demographics == null) demographics = Demographics.NONE;
        }
    }

    /** A new user described by demographics alone. */
    record Described(Demographics demographics) implements Requester {
        public Described {
            if (demographics == null || !demographics.any())
                throw new IllegalArgumentException("describe the new user by at least one of gender, age, occupation, zip");
        }
    }

    static Requester known(String user) {
        return new Known(user);
    }

    /** A new user's ratings. */
    static Requester rated(String[] items, float[] ratings) {
        return new Rated(null, items, ratings);
    }

    static Requester genres(List<String> genres, Demographics demographics) {
        return new Genres(genres, demographics);
    }

    static Requester described(Demographics demographics) {
        return new Described(demographics);
    }
}
