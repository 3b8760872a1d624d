package org.collab4j.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.collab4j.data.DataLoader;
import org.collab4j.data.Dataset;
import org.collab4j.data.LoadOptions;
import org.collab4j.data.Ratings;
import org.collab4j.data.Split;
import org.collab4j.data.Splits;
import org.collab4j.features.Field;
import org.collab4j.model.ContextualModel;
import org.collab4j.model.FactorModel;
import org.collab4j.model.RatingModel;
import org.collab4j.model.SideInfoModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.FoldIn;
import org.collab4j.recommend.Recommender;
import org.collab4j.recommend.ScoredItem;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;
import org.collab4j.train.Algorithms;

/**
 * Writes the model files that {@link LegacyModelFilesTest} loads: a small generated data set in
 * MovieLens 100k's layout, one model file of every kind collab4j can save, and
 * {@code expected.tsv}, the outputs of each file as loaded (predictions, top-5 lists, similar
 * items, scores of new users and items from side values, predictions at a time, fold-in).
 *
 * <p>Not a test: run it by hand, only when a new kind of model file appears (then add a folder
 * {@code v2}, never rewrite {@code v1}, whose point is that old files keep loading):
 *
 * <pre>  mvn -B -q -pl core test-compile
 *   java --add-modules jdk.incubator.vector -cp core/target/classes:core/target/test-classes \
 *       org.collab4j.io.LegacyModelFixtures core/src/test/resources/model-files/v1</pre>
 *
 * Everything is seeded and trained on one thread, and no time stamp is stored, so a second run
 * on the same commit writes the same bytes.
 */
public final class LegacyModelFixtures {
    static final long SEED = 42;
    static final int USERS = 40, ITEMS = 30;   // rated ones; two more of each are only in u.user / u.item
    static final String[] GENRES = {"unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary",
            "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"};
    static final String[] OCCUPATIONS = {"student", "engineer", "educator", "writer", "programmer", "other", "artist"};

    private LegacyModelFixtures() {
    }

    /** One model file to write: its name, the trainer, and the options given beyond the model's defaults. */
    record Variant(String file, String model, String description, Map<String, String> options) {
    }

    static List<Variant> variants() {
        List<Variant> v = new ArrayList<>();
        v.add(new Variant("dot-bias.c4j", "dot-bias", "factor codec: dot-bias with Adam (DotProductBias), y_range, no clip",
                opts("factors", "8", "epochs", "5", "lr", "0.02")));
        v.add(new Variant("dot-bias-sgd.c4j", "dot-bias", "factor codec: dot-bias with plain SGD (BlockSgd)",
                opts("factors", "8", "epochs", "8", "lr", "0.02", "wd", "0.05", "optimizer", "sgd")));
        v.add(new Variant("baseline.c4j", "baseline", "factor codec: biases only (0 factors), clipped", opts()));
        v.add(new Variant("als.c4j", "als", "factor codec: ALS, clipped, no y_range", opts("factors", "6", "epochs", "5")));
        v.add(new Variant("svdpp.c4j", "svdpp", "svdpp codec", opts("factors", "6", "epochs", "10")));
        v.add(new Variant("bpmf.c4j", "bpmf", "bpmf codec", opts("factors", "4", "burn-in", "10", "samples", "8")));
        v.add(new Variant("item-knn.c4j", "item-knn", "item-knn codec", opts("k", "10")));
        v.add(new Variant("nn.c4j", "nn", "embedding-nn codec, no side information",
                opts("epochs", "3", "lr", "0.01", "layers", "16,8")));
        v.add(new Variant("nn-features.c4j", "nn", "embedding-nn codec with user and item features",
                opts("epochs", "3", "lr", "0.01", "layers", "16,8", "features", "user:all item:all")));
        v.add(new Variant("nn-time.c4j", "nn", "embedding-nn codec with time features (and one user feature)",
                opts("epochs", "3", "lr", "0.01", "layers", "16,8", "features", "user:gender time:all")));
        v.add(new Variant("dot-bias-features.c4j", "dot-bias", "feature-dot-bias codec: dot-bias with user, item and time features",
                opts("factors", "6", "epochs", "4", "lr", "0.02", "features", "all")));
        v.add(new Variant("autoencoder.c4j", "autoencoder", "autoencoder codec", opts("epochs", "20", "hidden", "16")));
        v.add(new Variant("blend.c4j", "blend", "blend codec: the default blend (autoencoder + bpmf, weights fitted on a holdout)",
                opts("autoencoder.epochs", "20", "autoencoder.hidden", "16", "bpmf.factors", "4", "bpmf.burn-in", "10",
                        "bpmf.samples", "8")));
        // dot-bias (an unclipped factor model) comes last: anywhere else its file cannot be read back (see README.md)
        v.add(new Variant("blend-mixed.c4j", "blend", "blend codec: als + item-knn + nn with features + dot-bias",
                opts("models", "als,item-knn,nn,dot-bias", "holdout", "0.2", "als.factors", "6", "als.epochs", "5", "item-knn.k", "10",
                        "nn.epochs", "3", "nn.lr", "0.01", "nn.layers", "16,8", "nn.features", "user:all item:all", "dot-bias.factors", "6",
                        "dot-bias.lr", "0.02")));
        return v;
    }

    /** The file in the layout the Spark module writes: an unclipped "als" factor model without y_range or side information. */
    static final String SPARK_SHAPE = "als-spark-shape.c4j";

    static Map<String, String> opts(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int j = 0; j < kv.length; j += 2) m.put(kv[j], kv[j + 1]);
        return m;
    }

    /** The configuration the command line would build from these options, on one thread. */
    static TrainConfig config(String model, Map<String, String> options) {
        TrainConfig c = Algorithms.get(model).defaults().withThreads(1).withSeed(SEED);
        Map<String, String> extra = new LinkedHashMap<>();
        int bs = c.batchSize();
        String optimizer = c.optimizer();
        for (Map.Entry<String, String> e : options.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "factors" -> c = c.withFactors(Integer.parseInt(v));
                case "epochs" -> c = c.withEpochs(Integer.parseInt(v));
                case "lr" -> c = c.withLr(Double.parseDouble(v));
                case "wd" -> c = c.withWd(Double.parseDouble(v));
                case "bs" -> bs = Integer.parseInt(v);
                case "optimizer" -> optimizer = v;
                default -> extra.put(e.getKey(), v);
            }
        }
        return new TrainConfig(c.factors(), c.epochs(), c.lr(), c.wd(), bs, optimizer, c.schedule(), c.yRange(), c.threads(), c.seed(),
                extra);
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: LegacyModelFixtures OUTPUT_FOLDER  (a new folder: never rewrite a committed one)");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        Path dataDir = out.resolve("data");
        Files.createDirectories(dataDir);
        writeData(dataDir);
        Dataset data = DataLoader.load(dataDir, LoadOptions.builder().threads(1).build());
        Split split = Splits.random(data.ratings(), 0.2, SEED);
        List<String> expected = new ArrayList<>();
        expected.add("# outputs of each model file in this folder, as loaded; written by LegacyModelFixtures (see README.md)");
        expected.add("# file\tcheck\targument\texpected");
        for (Variant v : variants()) {
            TrainConfig config = config(v.model(), v.options());
            TrainResult result = Algorithms.get(v.model()).trainer().train(data, split, config, List.of());
            Map<String, String> prov = provenance(v.model(), data, split, config);
            TrainedModel trained = TrainedModel.of(result.model(), data.ratings(), split.train(), data.items(), data.users(), prov);
            Path file = out.resolve(v.file());
            ModelFile.write(trained, file);
            expected.addAll(outputs(v.file(), ModelFile.read(file), data));
            System.out.printf(Locale.ROOT, "%-24s %7d bytes  %s%n", v.file(), Files.size(file), v.description());
            if (v.file().equals("als.c4j")) {
                // what the Spark module's MLlib ALS saves: same arrays, no clip, no y_range, no titles or demographics
                FactorModel als = (FactorModel) result.model();
                FactorModel plain = new FactorModel("als", als.numUsers(), als.numItems(), als.factors(), als.userFactors(), als.itemFactors(),
                        als.userBias(), als.itemBias(), als.global(), null);
                Map<String, String> sp = new LinkedHashMap<>(prov);
                sp.put("note", "arrays of als.c4j saved the way the spark module's MLlib ALS saves a model");
                Path f2 = out.resolve(SPARK_SHAPE);
                ModelFile.write(TrainedModel.of(plain, data.ratings(), split.train(), null, null, sp), f2);
                expected.addAll(outputs(SPARK_SHAPE, ModelFile.read(f2), data));
                System.out.printf(Locale.ROOT, "%-24s %7d bytes  %s%n", SPARK_SHAPE, Files.size(f2),
                        "factor codec: unclipped, no y_range, no item or user information (the Spark module's shape)");
            }
        }
        Files.write(out.resolve("expected.tsv"), expected, StandardCharsets.UTF_8);
    }

    static Map<String, String> provenance(String model, Dataset data, Split split, TrainConfig config) {
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("collab4j_version", "0.1.0-SNAPSHOT");
        prov.put("model", model);
        prov.put("data", data.name());
        prov.put("split", split.name());
        // as the command line records it, but with the model's own options in name order (their
        // order in TrainConfig.extra changes from one JVM to the next), so that a rerun writes the same bytes
        Map<String, String> described = config.describe();
        described.forEach((k, v) -> {
            if (!config.extra().containsKey(k)) prov.put(k, v);
        });
        new java.util.TreeMap<>(config.extra()).forEach(prov::put);
        prov.put("n_train", Integer.toString(split.numTrain()));
        prov.put("n_valid", Integer.toString(split.numValid()));
        prov.put("fixture", "LegacyModelFixtures");
        return prov;
    }

    // ---------------------------------------------------------------- the data

    /** u.data, u.item, u.genre and u.user of 40 + 2 users and 30 + 2 items, from a seeded low-rank taste model. */
    static void writeData(Path dir) throws IOException {
        Random rnd = new Random(SEED);
        int allUsers = USERS + 2, allItems = ITEMS + 2;
        // items: 1-3 genres, a year, a taste vector
        int[][] itemGenres = new int[allItems][];
        int[] year = new int[allItems];
        double[][] q = new double[allItems][3];
        double[] bi = new double[allItems];
        for (int i = 0; i < allItems; i++) {
            int n = 1 + rnd.nextInt(3);
            List<Integer> g = new ArrayList<>();
            while (g.size() < n) {
                int x = 1 + rnd.nextInt(GENRES.length - 1);
                if (!g.contains(x)) g.add(x);
            }
            Collections.sort(g);
            itemGenres[i] = g.stream().mapToInt(Integer::intValue).toArray();
            year[i] = 1960 + rnd.nextInt(38);
            for (int f = 0; f < 3; f++) q[i][f] = rnd.nextGaussian() * 0.8;
            bi[i] = rnd.nextGaussian() * 0.5;
        }
        List<String> item = new ArrayList<>();
        DateTimeFormatter dmy = DateTimeFormatter.ofPattern("dd-MMM-yyyy", Locale.ROOT);
        for (int i = 0; i < allItems; i++) {
            int id = i + 1;
            String title = "Synthetic Film " + id + " (" + year[i] + ")";
            String date = LocalDate.of(year[i], 1 + (id * 5) % 12, 1 + (id * 7) % 28).format(dmy);
            if (id == ITEMS) date = "";                         // a rated item without a release date
            if (id == allItems) {                              // an unrated item with neither year nor date
                title = "Synthetic Film Without A Year";
                date = "";
            }
            StringBuilder b = new StringBuilder().append(id).append('|').append(title).append('|').append(date).append("||")
                    .append("http://example.invalid/film/").append(id);
            for (int g = 0; g < GENRES.length; g++) {
                boolean on = false;
                for (int x : itemGenres[i]) on |= x == g;
                b.append('|').append(on ? '1' : '0');
            }
            item.add(b.toString());
        }
        List<String> user = new ArrayList<>();
        double[][] p = new double[allUsers][3];
        double[] bu = new double[allUsers];
        for (int u = 0; u < allUsers; u++) {
            int age = 16 + rnd.nextInt(50);
            String gender = rnd.nextInt(3) == 0 ? "F" : "M";
            String occ = OCCUPATIONS[rnd.nextInt(OCCUPATIONS.length)];
            String zip = String.format(Locale.ROOT, "%05d", 10000 + rnd.nextInt(89999));
            user.add((u + 1) + "|" + age + "|" + gender + "|" + occ + "|" + zip);
            for (int f = 0; f < 3; f++) p[u][f] = rnd.nextGaussian() * 0.8;
            bu[u] = rnd.nextGaussian() * 0.4;
        }
        // ratings: 6..24 per rated user, items drawn with a popularity skew, times over 1997-1998
        List<String> ratings = new ArrayList<>();
        long t0 = 874_724_710L, span = 200L * 86_400;
        boolean[] rated = new boolean[ITEMS];
        for (int u = 0; u < USERS; u++) {
            int n = 6 + rnd.nextInt(19);
            boolean[] seen = new boolean[ITEMS];
            for (int k = 0; k < n; k++) {
                int i;
                do {
                    double x = rnd.nextDouble();
                    i = (int) (x * x * ITEMS);
                } while (seen[i]);
                seen[i] = true;
                rated[i] = true;
                double s = 3.5 + bu[u] + bi[i] + rnd.nextGaussian() * 0.6;
                for (int f = 0; f < 3; f++) s += p[u][f] * q[i][f];
                int r = (int) Math.max(1, Math.min(5, Math.round(s)));
                long t = t0 + (long) (rnd.nextDouble() * span);
                ratings.add((u + 1) + "\t" + (i + 1) + "\t" + r + "\t" + t);
            }
        }
        for (int i = 0; i < ITEMS; i++)
            if (!rated[i]) ratings.add((1 + rnd.nextInt(USERS)) + "\t" + (i + 1) + "\t" + (1 + rnd.nextInt(5)) + "\t" + (t0 + rnd.nextInt(86_400)));
        Collections.shuffle(ratings, rnd);
        List<String> genre = new ArrayList<>();
        for (int g = 0; g < GENRES.length; g++) genre.add(GENRES[g] + "|" + g);
        Files.write(dir.resolve("u.data"), ratings, StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("u.item"), item, StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("u.genre"), genre, StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("u.user"), user, StandardCharsets.ISO_8859_1);
    }

    // ---------------------------------------------------------------- the expected outputs

    /** Users whose top-5 lists are recorded: three rated users and one known only from u.user. */
    static final String[] TOP_USERS = {"1", "7", "23", "42"};
    /** Items whose similar items are recorded. */
    static final String[] SIMILAR_ITEMS = {"1", "5", "17"};
    /** Ratings of a new user folded in. */
    static final String[] FOLD_ITEMS = {"2", "9", "14"};
    static final float[] FOLD_VALUES = {5f, 1f, 4f};
    /** New users and items from raw side values: field=value[,value...] separated by ';'. */
    static final String[] NEW_USERS = {"age=25;gender=F;occupation=student;zip=55455", "age=61;gender=M;occupation=retired"};
    static final String[] NEW_ITEMS = {"genres=Comedy,Drama;year=1994", "genres=Sci-Fi"};
    static final String[] NEW_ITEM_USERS = {"3", "41"};
    static final String[] NEW_USER_ITEMS = {"1", "12", "31"};

    /** Every output recorded for one loaded model, as tab-separated lines: file, check, argument, expected value. */
    static List<String> outputs(String file, TrainedModel m, Dataset data) {
        List<String> lines = new ArrayList<>();
        RatingModel model = m.model();
        Recommender rec = new Recommender(m);
        lines.add(line(file, "kind", "-", m.kind()));
        lines.add(line(file, "shape", "-", m.numUsers() + " " + m.numItems()));
        lines.add(line(file, "title", "17", m.title(m.itemIds().index("17"))));
        // 20 predictions: seeded pairs, plus the users and items without training ratings
        Random rnd = new Random(7);
        List<String[]> pairs = new ArrayList<>();
        for (int j = 0; j < 16; j++) pairs.add(new String[] {Integer.toString(1 + rnd.nextInt(USERS)), Integer.toString(1 + rnd.nextInt(ITEMS))});
        pairs.add(new String[] {"41", "3"});
        pairs.add(new String[] {"5", "31"});
        pairs.add(new String[] {"42", "32"});
        pairs.add(new String[] {"12", "30"});
        for (String[] pr : pairs) lines.add(line(file, "predict", pr[0] + " " + pr[1], Float.toString(rec.predict(pr[0], pr[1]))));
        for (String u : TOP_USERS) lines.add(line(file, "top5", u, list(rec.recommend(u, 5))));
        boolean similar = true;
        try {
            rec.similarities(0);
        } catch (UnsupportedOperationException e) {
            similar = false;
        }
        if (similar) for (String i : SIMILAR_ITEMS) lines.add(line(file, "similar5", i, list(rec.similar(rec.itemIndex(i), 5))));
        if (model instanceof FactorModel) {
            List<ScoredItem> folded = new FoldIn(m).recommend(FOLD_ITEMS, FOLD_VALUES, 5);
            StringBuilder arg = new StringBuilder();
            for (int j = 0; j < FOLD_ITEMS.length; j++) arg.append(j > 0 ? "," : "").append(FOLD_ITEMS[j]).append('=').append(FOLD_VALUES[j]);
            lines.add(line(file, "foldin5", arg.toString(), list(folded)));
        }
        if (model instanceof SideInfoModel s && !s.features().isEmpty()) {
            if (s.features().has(Field.Source.USER))
                for (String all : NEW_USERS) {
                    String nu = only(s, Field.Source.USER, all);
                    if (nu.isEmpty()) continue;
                    for (String i : NEW_USER_ITEMS)
                        lines.add(line(file, "newuser", nu + " " + i, Float.toString(s.predict(s.newUser(raw(nu)), rec.itemIndex(i)))));
                }
            if (s.features().has(Field.Source.ITEM))
                for (String all : NEW_ITEMS) {
                    String ni = only(s, Field.Source.ITEM, all);
                    if (ni.isEmpty()) continue;
                    for (String u : NEW_ITEM_USERS)
                        lines.add(line(file, "newitem", ni + " " + u, Float.toString(s.predict(rec.userIndex(u), s.newItem(raw(ni))))));
                }
        }
        if (model instanceof ContextualModel c && c.usesTime()) {
            // six rated (user, item, time) triples of the data, and one at a time outside the training years
            Ratings r = data.ratings();
            List<long[]> at = new ArrayList<>();
            for (int row = 0; row < r.size() && at.size() < 6; row += 37) at.add(new long[] {r.user(row), r.item(row), r.time(row)});
            at.add(new long[] {m.userIds().index("3"), m.itemIds().index("4"), 1_262_304_000L}); // 2010-01-01
            for (long[] a : at) {
                String u = m.userIds().id((int) a[0]), i = m.itemIds().id((int) a[1]);
                lines.add(line(file, "predict-at", u + " " + i + " " + a[2], Float.toString(predictAt(c, m, u, i, a[2]))));
            }
        }
        return lines;
    }

    /** The model's prediction for one rating of {@code user} on {@code item} made at {@code seconds}. */
    static float predictAt(ContextualModel c, TrainedModel m, String user, String item, long seconds) {
        Ratings one = new Ratings(new int[] {m.userIds().index(user)}, new int[] {m.itemIds().index(item)}, new float[] {3f},
                new long[] {seconds}, m.userIds(), m.itemIds(), m.scale());
        float[] out = new float[1];
        c.predictRatings(one, new int[] {0}, 0, 1, out);
        return out[0];
    }

    /** The parts of {@code spec} that name fields the model takes (a model refuses others). */
    static String only(SideInfoModel s, Field.Source source, String spec) {
        StringBuilder b = new StringBuilder();
        for (String part : spec.split(";"))
            if (s.features().has(source, part.substring(0, part.indexOf('=')))) b.append(b.length() > 0 ? ";" : "").append(part);
        return b.toString();
    }

    /** {@code field=v,v;field=v} as the raw values {@link SideInfoModel#newUser} takes. */
    static Map<String, List<String>> raw(String spec) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String part : spec.split(";")) {
            int eq = part.indexOf('=');
            m.put(part.substring(0, eq), List.of(part.substring(eq + 1).split(",")));
        }
        return m;
    }

    static String list(List<ScoredItem> items) {
        StringBuilder b = new StringBuilder();
        for (ScoredItem s : items) b.append(b.length() > 0 ? " " : "").append(s.item()).append('=').append(Float.toString(s.score()));
        return b.toString();
    }

    static String line(String file, String check, String arg, String value) {
        return file + "\t" + check + "\t" + arg + "\t" + value;
    }
}
