package org.collab4j.spark.ml;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.collab4j.kernel.TopK;
import org.collab4j.io.ModelFile;
import org.collab4j.model.BinaryIn;
import org.collab4j.model.BinaryOut;
import org.collab4j.model.ModelCodec;
import org.collab4j.model.RatingModel;
import org.collab4j.model.TrainedModel;

/**
 * What the executors need to score: the model in its model-file encoding (any kind), both id
 * tables, and the training pairs (by user, or by item when ranking users for items), broadcast
 * once per call.
 */
final class Scorer implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String codec;
    private final byte[] encoded;
    private transient RatingModel model;
    private final String[] users, items;
    private final int[] start, seen;
    private transient Map<String, Integer> userIndex, itemIndex;

    Scorer(TrainedModel model, boolean byItem) {
        ModelCodec c = ModelFile.codecFor(model.model());
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            BinaryOut out = new BinaryOut(bytes);
            c.write(model.model(), out);
            out.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        this.codec = c.name();
        this.encoded = bytes.toByteArray();
        this.model = model.model();
        users = new String[model.numUsers()];
        items = new String[model.numItems()];
        for (int u = 0; u < users.length; u++) users[u] = model.userIds().id(u);
        for (int i = 0; i < items.length; i++) items[i] = model.itemIds().id(i);
        int[] s = model.seenStart(), it = model.seenItems();
        if (!byItem) {
            start = s;
            seen = it;
        } else {
            // the same pairs by item: counting sort of the users by item
            start = new int[items.length + 1];
            for (int x : it) start[x + 1]++;
            for (int i = 0; i < items.length; i++) start[i + 1] += start[i];
            seen = new int[it.length];
            int[] fill = start.clone();
            for (int u = 0; u < users.length; u++) for (int j = s[u]; j < s[u + 1]; j++) seen[fill[it[j]]++] = u;
        }
    }

    /** The model, decoded once per executor from its encoding. */
    private RatingModel model() {
        if (model == null) {
            try {
                model = ModelFile.codecNamed(codec).read(new BinaryIn(new java.io.ByteArrayInputStream(encoded), encoded.length));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return model;
    }

    String id(int x, boolean item) {
        return item ? items[x] : users[x];
    }

    /** The model's score (a predicted rating, or a preference) of a user and an item by id; NaN when the model knows either not. */
    float predict(Object user, Object item) {
        if (user == null || item == null) return Float.NaN;
        if (userIndex == null) {
            Map<String, Integer> u = new HashMap<>(users.length * 2), i = new HashMap<>(items.length * 2);
            for (int x = 0; x < users.length; x++) u.put(users[x], x);
            for (int x = 0; x < items.length; x++) i.put(items[x], x);
            itemIndex = i;
            userIndex = u;
        }
        Integer u = userIndex.get(user.toString()), i = itemIndex.get(item.toString());
        return u == null || i == null ? Float.NaN : model().predict(u, i);
    }

    /** One row per index of {@code rows}: its id and its top {@code n} (items for a user, users for an item), training pairs left out. */
    Iterator<Row> top(Iterator<Integer> rows, int n, boolean byItem) {
        RatingModel m = model();
        int others = byItem ? users.length : items.length;
        float[] scores = new float[others];
        TopK top = new TopK(n);
        int[] ids = new int[n];
        float[] best = new float[n];
        List<Row> out = new ArrayList<>();
        while (rows.hasNext()) {
            int x = rows.next();
            if (byItem) for (int u = 0; u < others; u++) scores[u] = m.predict(u, x);
            else m.scoreItems(x, scores);
            for (int j = start[x]; j < start[x + 1]; j++) scores[seen[j]] = Float.NaN;
            top.clear();
            for (int y = 0; y < others; y++) if (!Float.isNaN(scores[y])) top.offer(y, scores[y]);
            int got = top.drainSorted(ids, best);
            List<Row> recs = new ArrayList<>(got);
            for (int j = 0; j < got; j++) recs.add(RowFactory.create(byItem ? users[ids[j]] : items[ids[j]], best[j]));
            // Spark's row encoder takes a Scala sequence for an array column
            out.add(RowFactory.create(byItem ? items[x] : users[x], scala.jdk.javaapi.CollectionConverters.asScala(recs).toSeq()));
        }
        return out.iterator();
    }
}
