package org.collab4j.recommend;

import org.collab4j.data.ItemInfo;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;

/**
 * Items with metadata but no ratings yet, scored through their genres until ratings arrive (then
 * {@link FoldIn#item} takes over). An item's starting profile {@code (q, b)} is the mean profile
 * of the trained items weighted by the Jaccard similarity of their genre sets to its own (items
 * sharing no genre get no weight), so a new "Comedy|Romance" is scored like the comedies and
 * romances users already rated, most like the romantic comedies. An item with no genres, or
 * genres no trained item shares, gets the mean trained item.
 */
public final class NewItems {
    private final TrainedModel model;
    private final FactorModel fm;

    public NewItems(TrainedModel model) {
        if (!(model.model() instanceof FactorModel))
            throw new UnsupportedOperationException("model '" + model.kind() + "' has no item factors to start a new item from");
        this.model = model;
        this.fm = (FactorModel) model.model();
    }

    /** The starting profile of an item with the given genre indices. */
    public UserProfile fromGenres(int[] genres) {
        ItemInfo info = model.itemInfo();
        int k = fm.factors(), ni = fm.numItems();
        double[] z = new double[k + 1];
        double total = 0, plainTotal = 0;
        double[] plain = new double[k + 1];
        for (int i = 0; i < ni; i++) {
            if (model.itemCount(i) == 0) continue;
            int[] g = info == null ? new int[0] : info.genres(i);
            int shared = 0;
            for (int a : g) for (int b : genres) if (a == b) shared++;
            double w = shared == 0 ? 0 : shared / (double) (g.length + distinct(genres) - shared);
            for (int f = 0; f < k; f++) {
                z[f] += w * fm.itemFactors()[i * k + f];
                plain[f] += fm.itemFactors()[i * k + f];
            }
            z[k] += w * fm.itemBias()[i];
            plain[k] += fm.itemBias()[i];
            total += w;
            plainTotal++;
        }
        double[] src = total > 0 ? z : plain;
        double div = total > 0 ? total : Math.max(1, plainTotal);
        float[] q = new float[k];
        for (int f = 0; f < k; f++) q[f] = (float) (src[f] / div);
        return new UserProfile(q, (float) (src[k] / div));
    }

    private static int distinct(int[] a) {
        int n = 0;
        for (int j = 0; j < a.length; j++) {
            boolean seen = false;
            for (int i = 0; i < j; i++) if (a[i] == a[j]) seen = true;
            if (!seen) n++;
        }
        return n;
    }

    /** Predicted rating of a new item (its profile) by a trained user. */
    public float predict(int user, UserProfile item) {
        int k = fm.factors();
        float dot = 0f;
        for (int f = 0; f < k; f++) dot += fm.userFactors()[user * k + f] * item.factors()[f];
        return fm.squash(fm.global() + fm.userBias()[user] + item.bias() + dot);
    }

    /** Predicted rating of a new item by a folded-in user. */
    public float predict(UserProfile user, UserProfile item) {
        int k = fm.factors();
        float dot = 0f;
        for (int f = 0; f < k; f++) dot += user.factors()[f] * item.factors()[f];
        return fm.squash(fm.global() + user.bias() + item.bias() + dot);
    }
}
