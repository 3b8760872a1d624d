package org.collab4j.algo.nn;

import java.util.ArrayList;
import java.util.List;

import org.collab4j.data.Ratings;
import org.collab4j.features.Features;
import org.collab4j.features.Field;
import org.collab4j.features.SideProfile;
import org.collab4j.kernel.Rng;
import org.collab4j.nn.Embedding;

/**
 * The input of an {@link EmbeddingNN}: the user, item and categorical-feature embedding tables,
 * the layout of one input row ({@code [ E_user | E_item | E_f ... | numbers ]}), the assembly of
 * a batch's rows from its users, items and times and the gradient back into the tables, and the
 * training usage of every table row, from which unused rows (the unknown slots) are filled.
 */
final class NnInput {
    final Embedding userEmb;
    final Embedding itemEmb;
    final Field[] fields;
    final Embedding[] fieldEmb;  // null for numeric fields
    final int[] fieldOffset;     // input column of each field
    final int embWidth;
    final int width;
    final int[] userCode;
    final int[] itemCode;
    private final int numUsers;
    private final int numItems;
    private long[][] usage;

    /**
     * The tables for {@code numUsers} users and {@code numItems} items (each with an unknown slot
     * 0), drawn from {@code rng} in parameter order when {@code init}, else all zero.
     */
    NnInput(int numUsers, int numItems, Features features, EmbeddingNN.Config config, boolean init, Rng rng) {
        this.numUsers = numUsers;
        this.numItems = numItems;
        int du = config.userDim() > 0 ? config.userDim() : Embedding.fastaiSize(numUsers + 1);
        int di = config.itemDim() > 0 ? config.itemDim() : Embedding.fastaiSize(numItems + 1);
        userEmb = init ? new Embedding("user_emb", numUsers + 1, du, rng) : new Embedding("user_emb", numUsers + 1, du);
        itemEmb = init ? new Embedding("item_emb", numItems + 1, di, rng) : new Embedding("item_emb", numItems + 1, di);
        fields = features.fields().toArray(new Field[0]);
        fieldEmb = new Embedding[fields.length];
        fieldOffset = new int[fields.length];
        int col = du + di;
        for (int f = 0; f < fields.length; f++) {
            if (!fields[f].isCategorical()) continue;
            int n = fields[f].cardinality();
            String name = fields[f].source().name().toLowerCase() + "_" + fields[f].name() + "_emb";
            fieldEmb[f] = init ? new Embedding(name, n, Embedding.fastaiSize(n), rng) : new Embedding(name, n, Embedding.fastaiSize(n));
            fieldOffset[f] = col;
            col += fieldEmb[f].dim;
        }
        embWidth = col;
        for (int f = 0; f < fields.length; f++) if (!fields[f].isCategorical()) fieldOffset[f] = col++;
        width = col;
        userCode = new int[numUsers];
        itemCode = new int[numItems];
        for (int u = 0; u < numUsers; u++) userCode[u] = u + 1;
        for (int i = 0; i < numItems; i++) itemCode[i] = i + 1;
    }

    /** The embedding tables, in parameter order: users, items, then each categorical feature. */
    List<Embedding> tables() {
        List<Embedding> l = new ArrayList<>(List.of(userEmb, itemEmb));
        for (Embedding e : fieldEmb) if (e != null) l.add(e);
        return l;
    }

    /**
     * Fills the input matrix of {@code b} for its first {@code m} (user, item, time) triples with
     * the fields and the id codes given ({@code hasTime} says whether times are valid): a new user
     * or item is entity 0 of one-entity fields ({@link SideProfile#fields()}) and of the code table
     * {@code {0}}, the unknown slot. {@code stateful} keeps what the tables' backward needs; the
     * embedding columns are multiplied by {@code embScale}.
     */
    void fill(NnBatch b, int m, boolean hasTime, boolean stateful, Field[] fields, int[] userCode, int[] itemCode, float embScale) {
        float[] x = b.x;
        if (stateful) {
            userEmb.forward(b.user, m, null, userCode, x, width, 0);
            itemEmb.forward(b.item, m, null, itemCode, x, width, userEmb.dim);
        } else {
            Embedding.lookup(userEmb.weight.value, b.user, m, null, userCode, x, width, 0, userEmb.dim);
            Embedding.lookup(itemEmb.weight.value, b.item, m, null, itemCode, x, width, userEmb.dim, itemEmb.dim);
        }
        for (int f = 0; f < fields.length; f++) {
            Field fd = fields[f];
            int off = fieldOffset[f];
            int[] entity;
            int[] start = fd.start(), codes = fd.codes();
            switch (fd.source()) {
                case USER:
                    entity = b.user;
                    break;
                case ITEM:
                    entity = b.item;
                    break;
                default:
                    entity = b.sample;
                    if (fd.isCategorical()) {
                        int[] tc = b.timeCodes[f];
                        for (int s = 0; s < m; s++) tc[s] = hasTime ? fd.timeCode(b.time[s]) : 0;
                        codes = tc;
                    }
            }
            if (fd.isCategorical()) {
                if (stateful) fieldEmb[f].forward(entity, m, start, codes, x, width, off);
                else Embedding.lookup(fieldEmb[f].weight.value, entity, m, start, codes, x, width, off, fieldEmb[f].dim);
            } else if (fd.source() == Field.Source.TIME) {
                for (int s = 0; s < m; s++) x[s * width + off] = hasTime ? fd.timeValue(b.time[s], b.item[s]) : 0f;
            } else {
                float[] v = fd.values();
                for (int s = 0; s < m; s++) x[s * width + off] = v[entity[s]];
            }
        }
        if (embScale != 1f) scaleEmbeddingColumns(x, m, embScale);
    }

    /** Multiplies the embedding columns {@code 0..embWidth} of {@code m} rows by {@code c}. */
    private void scaleEmbeddingColumns(float[] x, int m, float c) {
        for (int s = 0; s < m; s++) {
            int o = s * width;
            for (int j = 0; j < embWidth; j++) x[o + j] *= c;
        }
    }

    /** The gradient {@code dx} of the last stateful batch's {@code m} input rows into the tables (scaled as in {@link #fill}). */
    void backward(float[] dx, int m, float embScale) {
        if (embScale != 1f) scaleEmbeddingColumns(dx, m, embScale);
        userEmb.backward(dx, width, 0);
        itemEmb.backward(dx, width, userEmb.dim);
        for (int f = 0; f < fields.length; f++) if (fieldEmb[f] != null) fieldEmb[f].backward(dx, width, fieldOffset[f]);
    }

    /** Counts how often the training rows {@code trainRows} use each row of each table. */
    void prepare(Ratings data, int[] trainRows) {
        List<Embedding> tables = tables();
        usage = new long[tables.size()][];
        for (int t = 0; t < usage.length; t++) usage[t] = new long[tables.get(t).rows];
        int[] uc = data.userCounts(trainRows), ic = data.itemCounts(trainRows);
        for (int u = 0; u < numUsers; u++) usage[0][u + 1] += uc[u];
        for (int i = 0; i < numItems; i++) usage[1][i + 1] += ic[i];
        int t = 2;
        for (int f = 0; f < fields.length; f++) if (fieldEmb[f] != null) usage[t++] = fields[f].usage(data, trainRows, uc, ic);
    }

    /**
     * Every table row that no training rating used becomes the usage-weighted mean of the rows
     * that were used (counted now if {@link #prepare} was not called).
     */
    void finish(Ratings data, int[] trainRows) {
        if (usage == null) prepare(data, trainRows);
        List<Embedding> tables = tables();
        for (int t = 0; t < tables.size(); t++) Embedding.averageUnusedRows(tables.get(t).weight.value, tables.get(t).dim, usage[t]);
    }
}
