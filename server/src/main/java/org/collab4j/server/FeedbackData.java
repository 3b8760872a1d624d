package org.collab4j.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.collab4j.data.Dataset;
import org.collab4j.data.IdIndex;
import org.collab4j.data.LoadReport;
import org.collab4j.data.Ratings;
import org.collab4j.data.UserInfo;

/**
 * Closes the loop: a data set plus the ratings stored by the server, for retraining
 * ({@code collab4j train --feedback URL}). A stored rating replaces the data set's rating of
 * the same (user, item), and the latest stored one wins; new users are added; ratings of items
 * the data set does not know are left out and counted (the model could learn nothing about
 * them but a bias).
 */
public final class FeedbackData {
    /** The merged data set and what the merge did. */
    public record Merged(Dataset data, int added, int replaced, int newUsers, int unknownItems) {
    }

    private FeedbackData() {
    }

    public static Merged merge(Dataset data, FeedbackStore store) {
        Map<String, Map<String, FeedbackStore.Rating>> latest = new LinkedHashMap<>();
        store.forEach(r -> latest.computeIfAbsent(r.user(), k -> new LinkedHashMap<>()).put(r.item(), r));
        return merge(data, latest);
    }

    static Merged merge(Dataset data, Map<String, Map<String, FeedbackStore.Rating>> latest) {
        Ratings in = data.ratings();
        IdIndex users = copy(in.userIds());
        IdIndex items = in.itemIds();
        int oldUsers = users.size();
        HashMap<Long, FeedbackStore.Rating> byPair = new HashMap<>();
        int unknown = 0;
        for (var u : latest.entrySet()) {
            for (FeedbackStore.Rating r : u.getValue().values()) {
                int i = items.index(r.item());
                if (i < 0) {
                    unknown++;
                    continue;
                }
                int ui = users.add(u.getKey());
                byPair.put(((long) ui << 32) | i, r);
            }
        }
        int n = in.size();
        int replaced = 0;
        boolean[] drop = new boolean[n];
        for (int r = 0; r < n; r++) {
            if (byPair.containsKey(((long) in.user(r) << 32) | in.item(r))) {
                drop[r] = true;
                replaced++;
            }
        }
        int total = n - replaced + byPair.size();
        int[] uu = new int[total], ii = new int[total];
        float[] vv = new float[total];
        long[] tt = in.hasTime() ? new long[total] : null;
        int k = 0;
        for (int r = 0; r < n; r++) {
            if (drop[r]) continue;
            uu[k] = in.user(r);
            ii[k] = in.item(r);
            vv[k] = in.value(r);
            if (tt != null) tt[k] = in.time(r);
            k++;
        }
        List<Map.Entry<Long, FeedbackStore.Rating>> added = new ArrayList<>(byPair.entrySet());
        added.sort(Map.Entry.comparingByKey());
        for (var e : added) {
            uu[k] = (int) (e.getKey() >>> 32);
            ii[k] = (int) (long) e.getKey();
            vv[k] = e.getValue().value();
            if (tt != null) tt[k] = e.getValue().time();
            k++;
        }
        Ratings out = new Ratings(uu, ii, vv, tt, users, items, in.scale());
        UserInfo ui = data.users();
        if (ui != null && users.size() > oldUsers) {
            int m = users.size();
            ui = new UserInfo(Arrays.copyOf(ui.ages(), m), Arrays.copyOf(ui.genders(), m), Arrays.copyOf(ui.occupations(), m),
                    Arrays.copyOf(ui.zips(), m));
        }
        LoadReport rep = data.report();
        Dataset merged = new Dataset(data.name() + "+feedback", out, data.items(), ui, rep);
        return new Merged(merged, byPair.size(), replaced, users.size() - oldUsers, unknown);
    }

    private static IdIndex copy(IdIndex ids) {
        IdIndex c = new IdIndex(ids.size() + 16);
        for (String id : ids.ids()) c.add(id);
        return c;
    }
}
