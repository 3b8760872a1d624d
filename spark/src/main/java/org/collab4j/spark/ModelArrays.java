package org.collab4j.spark;

import java.io.Serializable;

import org.collab4j.model.FactorModel;

/** A {@link FactorModel}'s arrays in a serializable box, to broadcast a model to the executors. */
public final class ModelArrays implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String kind;
    private final int numUsers, numItems, k;
    private final float[] p, q, bu, bi, yRange;
    private final float global;
    private transient FactorModel model;

    public ModelArrays(FactorModel m) {
        kind = m.kind();
        numUsers = m.numUsers();
        numItems = m.numItems();
        k = m.factors();
        p = m.userFactors();
        q = m.itemFactors();
        bu = m.userBias();
        bi = m.itemBias();
        yRange = m.yRange();
        global = m.global();
        model = m;
    }

    public FactorModel model() {
        if (model == null) model = new FactorModel(kind, numUsers, numItems, k, p, q, bu, bi, global, yRange);
        return model;
    }
}
