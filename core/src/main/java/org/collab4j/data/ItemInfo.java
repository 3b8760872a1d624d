package org.collab4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What is known about items besides their ratings, indexed by the dense item index of the
 * data set's {@link IdIndex}: titles, release year and date, and genres (multi-valued).
 * Missing values: null title, year 0, release day {@link Long#MIN_VALUE}, no genres.
 */
public final class ItemInfo {
    private final String[] titles;
    private final int[] years;
    private final long[] releaseEpochDays;
    private final String[] genreNames;
    private final int[][] genres;

    public ItemInfo(String[] titles, int[] years, long[] releaseEpochDays, String[] genreNames, int[][] genres) {
        int n = titles.length;
        if (years.length != n || releaseEpochDays.length != n || genres.length != n)
            throw new IllegalArgumentException("item info columns differ in length");
        this.titles = titles;
        this.years = years;
        this.releaseEpochDays = releaseEpochDays;
        this.genreNames = genreNames;
        this.genres = genres;
    }

    /** Info for {@code n} items with nothing known. */
    public static ItemInfo empty(int n) {
        long[] days = new long[n];
        java.util.Arrays.fill(days, Long.MIN_VALUE);
        return new ItemInfo(new String[n], new int[n], days, new String[0], new int[n][0]);
    }

    public int size() {
        return titles.length;
    }

    /** The title, or null when unknown. */
    public String title(int item) {
        return item < titles.length ? titles[item] : null;
    }

    /** Release year, or 0 when unknown. */
    public int year(int item) {
        return item < years.length ? years[item] : 0;
    }

    /** Release date as days since 1970-01-01, or {@link Long#MIN_VALUE} when unknown. */
    public long releaseEpochDay(int item) {
        return item < releaseEpochDays.length ? releaseEpochDays[item] : Long.MIN_VALUE;
    }

    public String[] genreNames() {
        return genreNames.clone();
    }

    public int numGenres() {
        return genreNames.length;
    }

    /** Genre indices (into {@link #genreNames()}) of an item; shared, do not modify. */
    public int[] genres(int item) {
        return item < genres.length ? genres[item] : new int[0];
    }

    public String[] titles() {
        return titles;
    }

    public int[] years() {
        return years;
    }

    public long[] releaseEpochDays() {
        return releaseEpochDays;
    }

    public int[][] genreLists() {
        return genres;
    }

    /** Index of a genre by name, case-insensitive, or -1. */
    public int genreIndex(String name) {
        for (int g = 0; g < genreNames.length; g++) if (genreNames[g].equalsIgnoreCase(name.trim())) return g;
        return -1;
    }

    /**
     * Items whose title contains {@code text} (case-insensitive); an exact title match, or a
     * match ignoring the trailing "(year)", comes first.
     */
    public List<Integer> searchTitle(String text) {
        String q = text.toLowerCase(Locale.ROOT).trim();
        List<Integer> exact = new ArrayList<>();
        List<Integer> prefix = new ArrayList<>();
        List<Integer> contains = new ArrayList<>();
        for (int i = 0; i < titles.length; i++) {
            if (titles[i] == null) continue;
            String t = titles[i].toLowerCase(Locale.ROOT);
            String bare = t.replaceFirst("\\s*\\(\\d{4}\\)\\s*$", "");
            if (t.equals(q) || bare.equals(q)) exact.add(i);
            else if (t.startsWith(q)) prefix.add(i);
            else if (t.contains(q)) contains.add(i);
        }
        exact.addAll(prefix);
        exact.addAll(contains);
        return exact;
    }
}
