package org.collab4j.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import org.collab4j.data.IdIndex;
import org.collab4j.data.ItemInfo;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.io.ModelFile;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;

/** Small synthetic models for server tests: no data set needed, a few milliseconds to make. */
final class TestModels {
    static final String[] TITLES = {
        "Toy Story (1995)", "GoldenEye (1995)", "Four Rooms (1995)", "Get Shorty (1995)", "Copycat (1995)",
        "Twelve Monkeys (1995)", "Babe (1995)", "Dead Man Walking (1995)", "Richard III (1995)", "Seven (Se7en) (1995)",
        "Usual Suspects, The (1995)", "Mighty Aphrodite (1995)", "Postino, Il (1994)", "French Twist (1995)",
        "Antonia's Line (1995)", "Apollo 13 (1995)", "Star Wars (1977)", "Return of the Jedi (1983)",
        "Empire Strikes Back, The (1980)", "Braveheart (1995)", "Taxi Driver (1976)", "Rumble in the Bronx (1995)",
        "Birdcage, The (1996)", "Brothers McMullen, The (1995)", "Bad Boys (1995)", "Apollo 13 Revisited (1996)",
        "Batman Forever (1995)", "Belle de jour (1967)", "Crimson Tide (1995)", "Desperado (1995)",
        "Doom Generation, The (1995)", "Free Willy 2 (1995)", "Mad Love (1995)", "Nadja (1994)",
        "Net, The (1995)", "Strange Days (1995)", "To Wong Foo (1995)", "Billy Madison (1995)", "Clerks (1994)", "Disclosure (1994)"};
    static final String[] GENRES = {"Action", "Comedy", "Drama", "Sci-Fi"};

    private TestModels() {
    }

    /** A dot-bias-shaped model of {@code users} x {@link #TITLES} items, each user with 8 training ratings. */
    static TrainedModel small(int users, long seed) {
        int ni = TITLES.length, k = 6;
        FactorModel fm = FactorModel.initialized("dot-bias", users, ni, k, 0.6f, 0f, new float[] {0f, 5.5f}, seed);
        Random rnd = new Random(seed);
        int per = 8;
        int[] u = new int[users * per], it = new int[users * per];
        float[] v = new float[users * per];
        for (int a = 0, r = 0; a < users; a++) {
            java.util.Set<Integer> chosen = new java.util.TreeSet<>();
            while (chosen.size() < per) chosen.add(rnd.nextInt(ni));
            for (int i : chosen) {
                u[r] = a;
                it[r] = i;
                v[r++] = Math.max(1, Math.min(5, Math.round(fm.predict(a, i))));
            }
        }
        String[] userIds = new String[users];
        for (int a = 0; a < users; a++) userIds[a] = Integer.toString(a + 1);
        String[] itemIds = new String[ni];
        int[] years = new int[ni];
        int[][] genres = new int[ni][];
        for (int i = 0; i < ni; i++) {
            itemIds[i] = Integer.toString(i + 1);
            years[i] = Integer.parseInt(TITLES[i].replaceAll(".*\\((\\d{4})\\)$", "$1"));
            genres[i] = new int[] {i % GENRES.length};
        }
        Ratings ratings = new Ratings(u, it, v, null, IdIndex.of(userIds), IdIndex.of(itemIds), new RatingScale(1, 5));
        ItemInfo info = new ItemInfo(TITLES.clone(), years, new long[ni], GENRES.clone(), genres);
        return TrainedModel.of(fm, ratings, ratings.allRows(), info, null, Map.of("model", "dot-bias", "data", "synthetic"));
    }

    /**
     * A model of implicit feedback over {@code users} x {@link #TITLES}: EASE (lambda 10) on the
     * ratings of {@link #small} of at least 4, as {@code train --positive 4 --model ease} makes one.
     */
    static TrainedModel implicitSmall(int users, long seed) {
        TrainedModel base = small(users, seed);
        Ratings all = ratingsOf(base, users);
        org.collab4j.data.Dataset d = org.collab4j.data.InteractionLog.aggregate(new org.collab4j.data.Dataset("synthetic", all,
                base.itemInfo(), null, org.collab4j.data.LoadReport.none("synthetic")), 4f, 0);
        org.collab4j.data.Split split = new org.collab4j.data.Split("all", d.ratings().allRows(), new int[0]);
        org.collab4j.model.RatingModel ease = new org.collab4j.algo.ease.EaseTrainer().train(d, split,
                org.collab4j.train.TrainConfig.defaults().withExtra("lambda", "10"), java.util.List.of()).model();
        return TrainedModel.of(ease, d.ratings(), split.train(), base.itemInfo(), null, Map.of("model", "ease", "data", "synthetic"));
    }

    static final String[] OCCUPATIONS = {"student", "artist", "writer", "doctor"};

    /**
     * An {@code nn} with user features (age, gender, occupation, zip) over {@code users} x
     * {@link #TITLES}: each user but the last has 8 training ratings; the last one (id
     * {@code users}, 30, F, writer, zip 94...) has none, so the model scores it from its features
     * and the unknown slot of its id, as it scores a brand-new user stating the same. Untrained
     * weights (a fixed seed): the scoring path is what is tested, not the fit.
     */
    static TrainedModel withUserFeatures(int users, long seed) {
        return withFeatures(users, seed, "user:age,gender,occupation,zip");
    }

    /** As {@link #withUserFeatures}, with the features of {@code spec} ({@code user:...} and {@code item:genres,year}). */
    static TrainedModel withFeatures(int users, long seed, String spec) {
        TrainedModel base = small(users, seed);
        Ratings all = ratingsOf(base, users);
        int[] rows = all.allRows();
        int[] trainRows = java.util.Arrays.stream(rows).filter(r -> all.user(r) != users - 1).toArray();
        int[] ages = new int[users];
        String[] genders = new String[users], occ = new String[users], zips = new String[users];
        for (int a = 0; a < users; a++) {
            ages[a] = 18 + (a * 7) % 40;
            genders[a] = a % 2 == 0 ? "M" : "F";
            occ[a] = OCCUPATIONS[a % OCCUPATIONS.length];
            zips[a] = (14 + a % 5 * 20) + "123"; // regions 14, 34, 54, 74, 94
        }
        ages[users - 1] = 30;
        genders[users - 1] = "F";
        occ[users - 1] = "writer";
        zips[users - 1] = "94305";
        org.collab4j.data.UserInfo ui = new org.collab4j.data.UserInfo(ages, genders, occ, zips);
        org.collab4j.data.Dataset d = new org.collab4j.data.Dataset("synthetic", all, base.itemInfo(), ui, org.collab4j.data.LoadReport.none("synthetic"));
        org.collab4j.features.Features f = org.collab4j.features.Features.build(d, org.collab4j.features.FeatureSpec.parse(spec),
                org.collab4j.data.SideTable.of(ui), org.collab4j.data.SideTable.of(base.itemInfo()), trainRows);
        org.collab4j.algo.nn.EmbeddingNN nn = new org.collab4j.algo.nn.EmbeddingNN(users, TITLES.length, f,
                new org.collab4j.algo.nn.EmbeddingNN.Config(4, 4, new int[] {8}, 0f, null, new float[] {0f, 5.5f}, seed));
        nn.finish(all, trainRows);
        return TrainedModel.of(nn, all, trainRows, base.itemInfo(), ui, Map.of("model", "nn", "data", "synthetic"));
    }

    /** The training ratings of a model made by {@link #small}, as columns. */
    private static Ratings ratingsOf(TrainedModel m, int users) {
        int[] start = m.seenStart(), items = m.seenItems();
        float[] values = m.seenValues();
        int n = start[users];
        int[] u = new int[n], it = new int[n];
        float[] v = new float[n];
        for (int a = 0; a < users; a++)
            for (int j = start[a]; j < start[a + 1]; j++) {
                u[j] = a;
                it[j] = items[j];
                v[j] = values[j];
            }
        return new Ratings(u, it, v, null, m.userIds(), m.itemIds(), new RatingScale(1, 5));
    }

    static Path write(TrainedModel m, Path file) throws IOException {
        ModelFile.write(m, file);
        return file;
    }
}
