package org.collab4j.recommend;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.collab4j.model.TrainedModel;

/**
 * Ratings the model was not trained on, checked against it: {@code items} are dense item indices,
 * each once (a repeated item keeps its last rating), with their {@code values}. What a fold-in
 * takes and what a server may store; none at all folds in as the average user.
 */
public record NewRatings(int[] items, float[] values) {
    /**
     * Checks ratings by external item id against {@code model}: every id must be an item of the
     * model and every rating a number on its scale. All the problems of one kind are reported at
     * once, unknown items first.
     *
     * @throws UnknownIdException       naming every id the model does not know
     * @throws OffScaleRatingsException naming every rating outside the scale (or not a number)
     */
    public static NewRatings check(TrainedModel model, String[] itemIds, float[] values) {
        if (itemIds.length != values.length)
            throw new IllegalArgumentException("got " + itemIds.length + " items but " + values.length + " ratings");
        List<String> unknown = new ArrayList<>();
        List<String> offScale = new ArrayList<>();
        Map<Integer, Float> latest = new LinkedHashMap<>();
        for (int j = 0; j < itemIds.length; j++) {
            int i = model.itemIds().index(itemIds[j]);
            if (i < 0) {
                if (!unknown.contains(itemIds[j])) unknown.add(itemIds[j]);
                continue;
            }
            if (!Float.isFinite(values[j]) || !model.scale().contains(values[j])) offScale.add(itemIds[j] + "=" + format(values[j]));
            latest.remove(i);
            latest.put(i, values[j]);
        }
        if (!unknown.isEmpty()) throw UnknownIdException.items(unknown);
        if (!offScale.isEmpty()) throw new OffScaleRatingsException(offScale, model.scale());
        int[] items = new int[latest.size()];
        float[] vals = new float[latest.size()];
        int n = 0;
        for (Map.Entry<Integer, Float> e : latest.entrySet()) {
            items[n] = e.getKey();
            vals[n++] = e.getValue();
        }
        return new NewRatings(items, vals);
    }

    private static String format(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Integer.toString((int) v) : Float.toString(v);
    }
}
