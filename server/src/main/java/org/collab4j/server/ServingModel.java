package org.collab4j.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.collab4j.model.FactorModel;
import org.collab4j.model.SideInfoModel;
import org.collab4j.model.TopNModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.FoldIn;
import org.collab4j.recommend.GenreStart;
import org.collab4j.recommend.NewUserFeatures;
import org.collab4j.recommend.Onboarding;
import org.collab4j.recommend.Recommendations;
import org.collab4j.recommend.Recommender;
import org.collab4j.recommend.Requester;
import org.collab4j.recommend.ScoredItem;
import org.collab4j.recommend.UnknownGenreException;
import org.collab4j.recommend.ann.ApproximateSimilar;
import org.collab4j.recommend.ann.ApproximateTopN;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded model file and what requests share of it: the core's {@link Recommendations} (which
 * decides every list and every similar item, as for the command line), the onboarding selection,
 * and the user features a new user can state. Immutable but for the caches inside
 * {@link Recommendations}; the server swaps whole instances on reload, so a request that started
 * on one finishes on it.
 */
final class ServingModel {
    final TrainedModel model;
    private static final Logger LOG = LoggerFactory.getLogger(ServingModel.class);
    final Recommendations recommendations;
    final Recommender recommender;
    /** Null when the model has no latent factors (then there is nothing to fold in or start from). */
    final Onboarding onboarding;
    /** The model as one that scores a new user from user features ({@link NewUserFeatures}), or null. */
    final SideInfoModel side;
    /** The user features of {@link #side} as questions for a new user (empty without it). */
    final List<NewUserFeatures.Question> questions;
    /** The genres a new user can state (empty for a model without latent factors or genres). */
    final List<String> genres;
    final long version;
    final Path path;
    /** The SHA-256 the model file records for its payload (hex), so that servers sharing a database can be seen to serve the same model. */
    final String checksum;
    final long loadedAtMillis;

    ServingModel(TrainedModel model, long version, Path path) {
        this.model = model;
        this.recommendations = new Recommendations(model).useIndex(index(model, path)).useSimilarIndex(similarIndex(model, path));
        this.recommender = recommendations.recommender();
        this.onboarding = foldsIn() ? new Onboarding(recommendations.foldIn()) : null;
        this.side = NewUserFeatures.model(model);
        this.questions = NewUserFeatures.questions(model);
        this.genres = foldsIn() ? GenreStart.genres(model) : List.of();
        this.version = version;
        this.path = path;
        this.checksum = checksum(path);
        this.loadedAtMillis = System.currentTimeMillis();
    }

    /**
     * The approximate index beside the model file, when there is one and the catalogue is large
     * enough for it to pay; a damaged or stale one (the model file was replaced and the index not
     * rebuilt) is logged and the model served exactly.
     */
    private static ApproximateTopN index(TrainedModel model, Path path) {
        if (path == null) return null;
        try {
            return ApproximateTopN.beside(path, model);
        } catch (IOException | RuntimeException e) {
            LOG.warn("serving every list exactly: the index beside the model cannot be used ({})", e.getMessage());
            return null;
        }
    }

    /** The similar-items index beside the model file, on the same terms as {@link #index}. */
    private static ApproximateSimilar similarIndex(TrainedModel model, Path path) {
        if (path == null) return null;
        try {
            return ApproximateSimilar.beside(path, model);
        } catch (IOException | RuntimeException e) {
            LOG.warn("serving similar items exactly: the similar-items index beside the model cannot be used ({})", e.getMessage());
            return null;
        }
    }

    private static String checksum(Path path) {
        if (path == null) return null;
        try {
            return org.collab4j.io.ModelFile.recordedDigest(path);
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether lists of known users go through an approximate index ("approximate") or score every item ("exact"). */
    String search() {
        return recommendations.index() != null ? "approximate" : "exact";
    }

    /** Whether similar items go through an approximate index ("approximate") or score every item ("exact"). */
    String similarSearch() {
        return recommendations.similarIndex() != null ? "approximate" : "exact";
    }

    /** Whether posted ratings are folded into the user's profile (a latent-factor model). */
    boolean foldsIn() {
        return model.model() instanceof FactorModel && !implicit();
    }

    /** Whether the model learnt from implicit feedback (events, not ratings). */
    boolean implicit() {
        return model.model() instanceof TopNModel;
    }

    /**
     * The core's answer for {@code who}; what the core refuses is the client's to fix: genres the
     * model does not know, ratings it cannot take, and a ranking or re-ranking the model cannot do
     * are 422, with the core's message.
     */
    Recommendations.Answer answer(Requester who, int n, FoldIn.Ranking rankBy, Recommendations.Options options) {
        try {
            return recommendations.recommend(who, n, rankBy, options);
        } catch (UnknownGenreException e) {
            throw new ApiError(422, Requests.clip(e.getMessage()) + "; nothing was stored",
                    Map.of("unknown_genres", e.unknown(), "genres", e.known()));
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            throw new ApiError(422, e.getMessage());
        }
    }

    /**
     * Items most similar to {@code item} by the model's similarity, among those with at least
     * {@code minRatings} training ratings ({@link Recommendations#similar(int, int, int)}); 501 when
     * the model has no notion of similar items.
     */
    List<ScoredItem> similar(int item, int n, int minRatings) {
        try {
            return recommendations.similar(item, n, minRatings);
        } catch (UnsupportedOperationException e) {
            throw new ApiError(501, e.getMessage());
        }
    }
}
