package org.collab4j.model;

import org.collab4j.algo.dotbias.DotProductBias;
import org.collab4j.algo.dotbias.FeatureDotBias;
import org.collab4j.algo.nn.EmbeddingNN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.collab4j.data.Dataset;
import org.collab4j.data.Ratings;
import org.collab4j.data.SideTable;
import org.collab4j.features.FeatureSpec;
import org.collab4j.features.Features;
import org.collab4j.features.Field;
import org.collab4j.features.SideProfile;
import org.collab4j.io.ModelFile;
import org.collab4j.recommend.NewUserFeatures;
import org.collab4j.train.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cold start by metadata: a user (or item) who is not in the data, described by raw side values,
 * scores exactly as a user of the data with the same values and no training ratings.
 */
class SideInfoModelTest {
    /** Every rating but item "d"'s: user "5" (index 4: 25, F, artist, zip 90001) and item "d" have none. */
    static final int[] TRAIN = {0, 1, 2, 3, 5, 6, 7, 8};

    @TempDir
    Path dir;

    static Features features(Dataset d) {
        return Features.build(d, FeatureSpec.parse("all"), SideTable.of(d.users()), SideTable.of(d.items()), TRAIN);
    }

    static EmbeddingNN nn(Dataset d) {
        EmbeddingNN nn = new EmbeddingNN(5, 4, features(d), new EmbeddingNN.Config(2, 2, new int[] {4}, 0f, null, new float[] {0f, 5.5f}, 3));
        nn.finish(d.ratings(), TRAIN);
        return nn;
    }

    static FeatureDotBias dotBias(Dataset d) {
        FeatureDotBias m = new FeatureDotBias(5, 4, 3, features(d), new float[] {0f, 5.5f}, DotProductBias.Options.defaults(), 2, true);
        for (Param p : m.params()) for (int j = 0; j < p.value.length; j++) p.value[j] *= 30f; // every term matters
        m.finish(d.ratings(), TRAIN);
        return m;
    }

    /** User "5" as a newcomer would state it: the full zip code, the data set's spelling. */
    static Map<String, List<String>> user5() {
        Map<String, List<String>> raw = new LinkedHashMap<>();
        raw.put("age", List.of("25"));
        raw.put("gender", List.of("F"));
        raw.put("occupation", List.of("artist"));
        raw.put("zip", List.of("90001"));
        return raw;
    }

    @Test
    void aNewUserIsEncodedAsTrainingEncodedItsOwn() {
        Dataset d = TinyData.dataset();
        Features f = features(d);
        SideProfile p = f.profile(Field.Source.USER, user5());
        assertThat(p.notes()).isEmpty();
        for (int j = 0; j < f.fields().size(); j++) {
            Field mine = f.fields().get(j), theirs = p.fields()[j];
            if (mine.source() != Field.Source.USER) {
                assertThat(theirs).isSameAs(mine);
                continue;
            }
            if (mine.kind() == Field.Kind.NUMBER) assertThat(theirs.values()).containsExactly(mine.values()[4]);
            else assertThat(theirs.codes()).containsExactly(mine.codes()[4]);
        }
        // age: (25 - training mean) / training sd, the mean over the 8 training ratings' users
        double mean = (3 * 25 + 40 + 2 * 18 + 2 * 33) / 8.0;
        double sd = Math.sqrt((3 * 25 * 25 + 40 * 40 + 2 * 18 * 18 + 2 * 33 * 33) / 8.0 - mean * mean);
        assertThat((double) p.fields()[0].values()[0]).isCloseTo((25 - mean) / sd, offset(1e-5));
        assertThat(p.used()).containsEntry("gender", "F").containsEntry("occupation", "artist").containsEntry("zip", "90");
    }

    @Test
    void missingAndUnseenValuesTakeTheMeanOrTheUnknownSlotAndSaySo() {
        Dataset d = TinyData.dataset();
        Features f = features(d);
        SideProfile p = f.profile(Field.Source.USER, Map.of("occupation", List.of("astronaut"), "GENDER", List.of("f")));
        assertThat(p.fields()[0].values()).containsExactly(0f); // age: the training mean
        assertThat(p.fields()[1].codes()).containsExactly(f.fields().get(1).codes()[1]); // "f" matches F ignoring case
        assertThat(p.fields()[2].codes()).containsExactly(0);
        assertThat(p.fields()[3].codes()).containsExactly(0);
        assertThat(p.used()).containsEntry("occupation", Field.UNKNOWN).containsEntry("zip", Field.UNKNOWN);
        assertThat(p.notes()).containsExactly("age not given: the training mean, " + String.format(java.util.Locale.ROOT, "%.4g", f.fields().get(0).mean()),
                "occupation 'astronaut' was not seen in training: the unknown slot", "zip not given: the unknown slot");
        SideProfile items = f.profile(Field.Source.ITEM, Map.of("genres", List.of("Drama", "Western"), "year", List.of("1995")));
        Field genres = items.fields()[4];
        assertThat(genres.start()).containsExactly(0, 2);
        assertThat(genres.vocab()[genres.codes()[0]]).isEqualTo("Drama");
        assertThat(genres.codes()[1]).isZero();
        assertThat(items.notes()).containsExactly("genres 'Western' was not seen in training: the unknown slot");
    }

    @Test
    void errorsNameTheFieldAndWhatIsExpected() {
        Dataset d = TinyData.dataset();
        Features f = features(d);
        assertThatThrownBy(() -> f.profile(Field.Source.USER, Map.of("height", List.of("180"))))
                .hasMessage("the model has no user feature 'height'; its user features are: age, gender, occupation, zip");
        assertThatThrownBy(() -> f.profile(Field.Source.USER, Map.of("age", List.of("twenty"))))
                .hasMessage("user feature age must be a number, got 'twenty'");
        assertThatThrownBy(() -> f.profile(Field.Source.USER, Map.of("age", List.of("NaN")))).hasMessageContaining("finite");
        assertThatThrownBy(() -> f.profile(Field.Source.USER, Map.of("gender", List.of("F", "M"))))
                .hasMessage("user feature gender is one category, got 2: F, M");
        assertThatThrownBy(() -> f.profile(Field.Source.TIME, Map.of())).hasMessageContaining("not time");
        Features none = Features.build(d, FeatureSpec.parse("item:genres"), null, SideTable.of(d.items()), TRAIN);
        assertThatThrownBy(() -> none.profile(Field.Source.USER, Map.of("age", List.of("3"))))
                .hasMessage("the model has no user feature 'age'; it takes no user features");
        EmbeddingNN a = nn(d), b = nn(d);
        SideProfile pa = a.newUser(user5());
        assertThatThrownBy(() -> b.predict(pa, 0)).hasMessageContaining("another model");
        assertThatThrownBy(() -> a.predict(0, pa)).hasMessageContaining("expected a new item, got a user");
    }

    @Test
    void nnScoresANewUserAsAnUntrainedUserWithTheSameFeatures() {
        Dataset d = TinyData.dataset();
        EmbeddingNN nn = nn(d);
        SideProfile p = nn.newUser(user5());
        float[] known = new float[4], fresh = new float[4];
        nn.scoreItems(4, known);
        nn.scoreItems(p, fresh);
        assertThat(fresh).containsExactly(known);
        for (int i = 0; i < 4; i++) assertThat(nn.predict(p, i)).isEqualTo(nn.predict(4, i));
        // the features matter: a student scores differently
        Map<String, List<String>> student = user5();
        student.put("occupation", List.of("student"));
        assertThat(nn.predict(nn.newUser(student), 0)).isNotEqualTo(known[0]);
        // an unseen occupation is the unknown slot, as not saying it
        Map<String, List<String>> astronaut = user5(), silent = user5();
        astronaut.put("occupation", List.of("astronaut"));
        silent.remove("occupation");
        assertThat(nn.predict(nn.newUser(astronaut), 2)).isEqualTo(nn.predict(nn.newUser(silent), 2));
        // a new item without genres or year is item "d", which has neither and no training ratings
        SideProfile item = nn.newItem(Map.of());
        for (int u = 0; u < 5; u++) assertThat(nn.predict(u, item)).isEqualTo(nn.predict(u, 3));
    }

    @Test
    void dotBiasScoresANewUserAsAnUntrainedUserWithTheSameFeatures() {
        Dataset d = TinyData.dataset();
        FeatureDotBias m = dotBias(d);
        SideProfile p = m.newUser(user5());
        float[] known = new float[4], fresh = new float[4];
        m.scoreItems(4, known);
        m.scoreItems(p, fresh);
        assertThat(fresh).containsExactly(known);
        for (int i = 0; i < 4; i++) assertThat(m.predict(p, i)).isEqualTo(m.predict(4, i));
        SideProfile item = m.newItem(Map.of("genres", List.of()));
        for (int u = 0; u < 5; u++) assertThat(m.predict(u, item)).isEqualTo(m.predict(u, 3));
        // by hand: own factors zero, the mean bias of the trained users, plus the features' vectors and biases
        Param[] w = m.params();
        int k = 3, i = 1;
        double bias = (w[2].value[0] + w[2].value[1] + w[2].value[2] + w[2].value[3]) / 4.0 + w[3].value[i];
        double[] uv = new double[k], vv = new double[k];
        Features f = m.features();
        int nUserSide = 0;
        for (Field fd : f.fields()) if (fd.source() != Field.Source.ITEM) nUserSide++;
        for (int j = 0; j < f.fields().size(); j++) {
            Field fd = f.fields().get(j);
            float[] fw = w[4 + 2 * j].value, fb = w[5 + 2 * j].value;
            if (fd.source() == Field.Source.ITEM) {
                double n = 2; // item features: genres, year
                if (fd.kind() == Field.Kind.NUMBER) {
                    float x = fd.values()[i];
                    bias += x * fb[0];
                    for (int c = 0; c < k; c++) vv[c] += x * fw[c] / n;
                } else {
                    int s = fd.start()[i], e = fd.start()[i + 1];
                    for (int r = s; r < e; r++) {
                        int code = fd.codes()[r];
                        bias += fb[code] / (e - s);
                        for (int c = 0; c < k; c++) vv[c] += fw[code * k + c] / n / (e - s);
                    }
                }
                continue;
            }
            // user features of user 4, time features at their unknown slot (no timestamp)
            if (fd.kind() == Field.Kind.NUMBER) {
                float x = fd.source() == Field.Source.USER ? fd.values()[4] : 0f;
                bias += x * fb[0];
                for (int c = 0; c < k; c++) uv[c] += x * fw[c] / nUserSide;
            } else {
                int code = fd.source() == Field.Source.USER ? fd.codes()[4] : 0;
                bias += fb[code];
                for (int c = 0; c < k; c++) uv[c] += fw[code * k + c] / nUserSide;
            }
        }
        for (int c = 0; c < k; c++) vv[c] += w[1].value[i * k + c];
        double raw = bias;
        for (int c = 0; c < k; c++) raw += uv[c] * vv[c];
        assertThat((double) m.predict(p, i)).isCloseTo(5.5 / (1 + Math.exp(-raw)), offset(1e-5));
    }

    @Test
    void dotBiasUnknownSlotsAreTheUsageWeightedMeanOfTheUsedRows() {
        Dataset d = TinyData.dataset();
        FeatureDotBias m = dotBias(d);
        Ratings r = d.ratings();
        Features f = m.features();
        int k = 3;
        for (int j = 0; j < f.fields().size(); j++) {
            Field fd = f.fields().get(j);
            if (fd.source() != Field.Source.TIME || !fd.isCategorical()) continue;
            long[] use = new long[fd.cardinality()];
            for (int row : TRAIN) use[fd.timeCode(r.time(row))]++;
            assertThat(use[0]).isZero(); // every training rating has a timestamp: the slot of "no time" is unused
            float[] w = m.params()[4 + 2 * j].value, b = m.params()[5 + 2 * j].value;
            double total = 0, bias = 0;
            double[] vec = new double[k];
            for (int c = 0; c < use.length; c++) {
                total += use[c];
                bias += use[c] * b[c];
                for (int x = 0; x < k; x++) vec[x] += use[c] * w[c * k + x];
            }
            assertThat((double) b[0]).as(fd.name()).isCloseTo(bias / total, offset(1e-5));
            for (int x = 0; x < k; x++) assertThat((double) w[x]).isCloseTo(vec[x] / total, offset(1e-5));
        }
    }

    @Test
    void aLoadedModelScoresNewUsersAsTheTrainedOne() throws Exception {
        Dataset d = TinyData.dataset();
        Ratings r = d.ratings();
        for (SideInfoModel m : List.<SideInfoModel>of(nn(d), dotBias(d))) {
            Path file = dir.resolve(m.kind() + ".c4j");
            ModelFile.write(TrainedModel.of(m, r, TRAIN, d.items(), d.users(), Map.of()), file);
            SideInfoModel back = (SideInfoModel) ModelFile.read(file).model();
            float[] a = new float[4], b = new float[4];
            m.scoreItems(m.newUser(user5()), a);
            back.scoreItems(back.newUser(user5()), b);
            assertThat(b).containsExactly(a);
        }
    }

    @Test
    void questionsForANewUserAreTheUserFeaturesWithTrainingRangesAndVocabularies() {
        Dataset d = TinyData.dataset();
        for (SideInfoModel m : List.<SideInfoModel>of(nn(d), dotBias(d))) {
            List<NewUserFeatures.Question> q = NewUserFeatures.questions(TrainedModel.of(m, d.ratings(), TRAIN, d.items(), d.users(), Map.of()));
            assertThat(q).extracting(NewUserFeatures.Question::name).containsExactly("age", "gender", "occupation", "zip");
            // age over users 1..4 (user 5 has no training ratings): 25, 40, 18, 33; mean weighted by ratings 3, 1, 2, 2
            assertThat(q.get(0)).isEqualTo(new NewUserFeatures.Question("age", Field.Kind.NUMBER, List.of(), 18, 40, 27.125));
            assertThat(q.get(1).kind()).isEqualTo(Field.Kind.CATEGORY);
            assertThat(q.get(1).categories()).containsExactly("F", "M");
            assertThat(q.get(2).categories()).as("user 5's 'artist' is also user 2's").containsExactly("artist", "doctor", "student");
            assertThat(q.get(3).categories()).as("zip regions").containsExactly("12", "55", "90");
            assertThat(q.get(3).min()).isNaN();
        }
        Features itemsOnly = Features.build(d, FeatureSpec.parse("item:genres"), null, SideTable.of(d.items()), TRAIN);
        EmbeddingNN noUser = new EmbeddingNN(5, 4, itemsOnly, new EmbeddingNN.Config(2, 2, new int[] {4}, 0f, null, new float[] {0f, 5.5f}, 3));
        noUser.finish(d.ratings(), TRAIN);
        assertThat(NewUserFeatures.questions(TrainedModel.of(noUser, d.ratings(), TRAIN, d.items(), d.users(), Map.of()))).isEmpty();
    }
}
