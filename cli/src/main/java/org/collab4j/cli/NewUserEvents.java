package org.collab4j.cli;

import org.collab4j.recommend.Requester;

/** A new user's events as typed for {@code recommend --items}: {@code item[=weight],...}, each weighing 1 unless given. */
final class NewUserEvents {
    private NewUserEvents() {
    }

    /** {@code item[=weight],...} as a new user's events; a weight must be a positive number. */
    static Requester parse(String text) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        java.util.List<Float> weights = new java.util.ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            int eq = p.lastIndexOf('=');
            String id = eq < 0 ? p : p.substring(0, eq).trim();
            float w = 1;
            if (eq >= 0) {
                try {
                    w = Float.parseFloat(p.substring(eq + 1).trim());
                } catch (NumberFormatException e) {
                    w = Float.NaN;
                }
                if (!(w > 0) || Float.isInfinite(w))
                    throw new UserException("--items: '" + p + "' has no positive weight (give item or item=weight, e.g. --items 50,172=2)");
            }
            if (id.isEmpty()) throw new UserException("--items: '" + p + "' names no item");
            ids.add(id);
            weights.add(w);
        }
        if (ids.isEmpty()) throw new UserException("--items: no items given (expected item[=weight],...)");
        float[] w = new float[weights.size()];
        for (int k = 0; k < w.length; k++) w[k] = weights.get(k);
        return new Requester.Interacted(null, ids.toArray(String[]::new), w);
    }
}
