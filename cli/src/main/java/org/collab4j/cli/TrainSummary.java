package org.collab4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.collab4j.api.TrainReport;
import org.collab4j.model.ItemSimilarity;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.Recommendations;
import org.collab4j.recommend.Requester;
import org.collab4j.recommend.ScoredItem;

/** What {@code collab4j train} prints for people after training: accuracy, held-out users, time, warnings, an example. */
final class TrainSummary {
    private TrainSummary() {
    }

    static void print(Console console, TrainReport r, Path out, Path plot, Path history) {
        if (r.nValid() > 0) {
            console.printf("valid RMSE %s  MAE %s  (%d ratings; %d with a user and %d with an item unseen in training, scored from biases)",
                    f4(r.validRmse()), f4(r.validMae()), r.nValid(), r.validUnseenUserRows(), r.validUnseenItemRows());
            StringBuilder sb = new StringBuilder("valid RMSE by the user's training ratings:");
            r.rmseByUserCount().forEach((k, g) -> sb.append(String.format(Locale.ROOT, "  %s: %s (%d)", k, f4(g.rmse()), g.n())));
            console.println(sb.toString());
        }
        if (r.coldUsers() != null)
            console.printf("cold users: %d users with 5 training ratings each, RMSE %s on their %d held-out ratings",
                    r.coldUsers().n(), f4(r.coldUsers().rmse()), r.coldUsers().nRatings());
        TrainReport.NewUsers fresh = r.newUsers();
        if (fresh != null)
            console.printf("new users: %d users held out entirely, RMSE on their %d ratings: from their features %s, model %s, "
                    + "global mean %s, item bias %s", fresh.n(), fresh.nRatings(),
                    fresh.rmseFeatures() == null ? "- (no user features)" : f4(fresh.rmseFeatures()), f4(fresh.rmseModel()),
                    f4(fresh.rmseGlobalMean()), f4(fresh.rmseItemBias()));
        console.printf("trained in %.2f s%s", r.trainSeconds(), out != null ? "; model saved to " + out : "");
        if (plot != null) console.println("training curves drawn in " + plot);
        if (history != null) console.println("loss history written to " + history);
        // a warning is not a table: on stderr even under --quiet
        for (String w : r.warnings()) {
            console.err.println("warning: " + w);
            console.err.flush();
        }
    }

    /** The top {@code n} of a typical user, and the items most similar to the first, as {@code recommend} and {@code similar} give them. */
    static void example(Console console, TrainedModel model, int n) {
        String user = exampleUser(model);
        if (user == null) return;
        Recommendations recs = new Recommendations(model);
        List<Recommendations.Item> top = recs.recommend(Requester.known(user), n).items();
        console.println("");
        console.println("top " + n + " for user " + user + ":");
        for (Recommendations.Item s : top) console.printf("  %.2f  %s", s.score(), s.title());
        if (!(model.model() instanceof ItemSimilarity) || top.isEmpty()) return;
        List<ScoredItem> sims = recs.similar(top.get(0).index(), n);
        if (sims.isEmpty()) return;
        console.println("most similar to " + top.get(0).title() + " (items with " + Recommendations.SIMILAR_MIN_RATINGS
                + " or more ratings):");
        for (ScoredItem s : sims) console.printf("  %.3f  %s", s.score(), s.title());
    }

    /** A user with a typical number of ratings (the first with at least 20), for the example output. */
    static String exampleUser(TrainedModel m) {
        for (int u = 0; u < m.numUsers(); u++) if (m.userCount(u) >= 20) return m.userIds().id(u);
        return m.numUsers() > 0 ? m.userIds().id(0) : null;
    }

    private static String f4(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }
}
