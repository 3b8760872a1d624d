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
 * Closes the loop: a data set plus the ratings (or, for a model of implicit feedback, the events)
 * stored by the server, for retraining ({@code collab4j train --feedback URL}). A stored rating replaces the data set's rating of
 * the same (user, item), and the latest stored one wins; new users are added; ratings of items
 * the data set does not know are left out and counted (the model could learn nothing about
 * them but a bias).
 */
public final class FeedbackData {
    /** The merged data set and what the merge did. */
    public record Merged(Dataset data, int added, int replaced, int newUsers, int unknownItems) {
    }

    /**
     * Interactions plus stored events: {@code events} read, {@code summed} into an interaction the
     * data already had, {@code added} new interactions, {@code newUsers}, and {@code unknownItems}:
     * events of items the data does not know, left out.
     */
    public record MergedEvents(Dataset data, int events, int summed, int added, int newUsers, int unknownItems) {
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

    /**
     * Interactions ({@link org.collab4j.data.InteractionLog#aggregate}: one row per user and item, its
     * summed weight) plus the events a server stored: each event's weight is added to its user and
     * item's interaction, as repeated events are summed in training, new pairs and users are added,
     * and events of items the data does not know are left out and counted. An interaction's time is
     * its latest event's. The events count at their weight as stored, without time decay.
     */
    public static MergedEvents mergeEvents(Dataset data, FeedbackStore store) {
        List<FeedbackStore.Event> events = new ArrayList<>();
        store.forEachEvent(events::add);
        return mergeEvents(data, events);
    }

    static MergedEvents mergeEvents(Dataset data, List<FeedbackStore.Event> events) {
        Ratings in = data.ratings();
        IdIndex users = copy(in.userIds());
        IdIndex items = in.itemIds();
        int oldUsers = users.size();
        Map<Long, double[]> byPair = new LinkedHashMap<>(); // (user, item) -> {summed weight, latest time}
        int unknown = 0;
        for (FeedbackStore.Event e : events) {
            int i = items.index(e.item());
            if (i < 0) {
                unknown++;
                continue;
            }
            long key = ((long) users.add(e.user()) << 32) | i;
            double[] w = byPair.computeIfAbsent(key, k -> new double[] {0, Long.MIN_VALUE});
            w[0] += e.weight();
            w[1] = Math.max(w[1], e.time());
        }
        int n = in.size();
        float[] vv = new float[n + byPair.size()];
        int[] uu = new int[vv.length], ii = new int[vv.length];
        long[] tt = in.hasTime() ? new long[vv.length] : null;
        int summed = 0;
        float max = in.scale().max();
        for (int r = 0; r < n; r++) {
            uu[r] = in.user(r);
            ii[r] = in.item(r);
            vv[r] = in.value(r);
            if (tt != null) tt[r] = in.time(r);
            double[] w = byPair.remove(((long) in.user(r) << 32) | in.item(r));
            if (w == null) continue;
            vv[r] += (float) w[0];
            if (tt != null) tt[r] = Math.max(tt[r], (long) w[1]);
            summed++;
            max = Math.max(max, vv[r]);
        }
        int k = n;
        List<Map.Entry<Long, double[]>> added = new ArrayList<>(byPair.entrySet());
        added.sort(Map.Entry.comparingByKey());
        for (var e : added) {
            uu[k] = (int) (e.getKey() >>> 32);
            ii[k] = (int) (long) e.getKey();
            vv[k] = (float) e.getValue()[0];
            if (tt != null) tt[k] = (long) e.getValue()[1];
            max = Math.max(max, vv[k]);
            k++;
        }
        uu = Arrays.copyOf(uu, k);
        ii = Arrays.copyOf(ii, k);
        vv = Arrays.copyOf(vv, k);
        if (tt != null) tt = Arrays.copyOf(tt, k);
        Ratings out = new Ratings(uu, ii, vv, tt, users, items, new org.collab4j.data.RatingScale(in.scale().min(), max));
        UserInfo ui = data.users();
        if (ui != null && users.size() > oldUsers) {
            int m = users.size();
            ui = new UserInfo(Arrays.copyOf(ui.ages(), m), Arrays.copyOf(ui.genders(), m), Arrays.copyOf(ui.occupations(), m),
                    Arrays.copyOf(ui.zips(), m));
        }
        Dataset merged = new Dataset(data.name() + "+feedback", out, data.items(), ui, data.report());
        return new MergedEvents(merged, events.size(), summed, added.size(), users.size() - oldUsers, unknown);
    }
}
