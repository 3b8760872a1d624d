package org.collab4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import org.collab4j.data.IdIndex;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.Recommender;
import org.collab4j.recommend.ScoredItem;
import org.collab4j.recommend.ann.ApproximateTopN;
import org.collab4j.recommend.ann.IndexFile;
import org.collab4j.recommend.ann.ItemIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index beside the model file serves known users' lists; a stale one is not used, and /health says which search runs. */
class ServerIndexTest {
    @TempDir
    Path dir;

    /** A dot-bias model of clustered random factors over a catalogue large enough for the index; each user rated items 0..4. */
    static TrainedModel big(int users, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int items = ApproximateTopN.MIN_ITEMS, k = 8;
        float[][] centre = new float[10][k];
        for (float[] c : centre) for (int f = 0; f < k; f++) c[f] = (float) rnd.nextDouble(-1, 1);
        float[] q = new float[items * k], p = new float[users * k];
        for (int i = 0; i < items; i++) for (int f = 0; f < k; f++) q[i * k + f] = centre[i % 10][f] + 0.3f * (float) rnd.nextDouble(-1, 1);
        for (int u = 0; u < users; u++) for (int f = 0; f < k; f++) p[u * k + f] = centre[u % 10][f] + 0.3f * (float) rnd.nextDouble(-1, 1);
        FactorModel m = new FactorModel("dot-bias", users, items, k, p, q, new float[users], new float[items], 3f, null);
        int[] ru = new int[users * 5], ri = new int[users * 5], rows = new int[users * 5];
        float[] rv = new float[users * 5];
        for (int j = 0; j < ru.length; j++) {
            ru[j] = j / 5;
            ri[j] = j % 5;
            rv[j] = 4;
            rows[j] = j;
        }
        IdIndex uid = new IdIndex(), iid = new IdIndex();
        for (int u = 0; u < users; u++) uid.add("u" + u);
        for (int i = 0; i < items; i++) iid.add("i" + i);
        return TrainedModel.of(m, new Ratings(ru, ri, rv, null, uid, iid, new RatingScale(1, 5)), rows, null, null, Map.of("model", "dot-bias"));
    }

    @Test
    void knownUsersListsComeThroughTheIndexBesideTheModel() throws Exception {
        TrainedModel model = big(20, 4);
        Path file = TestModels.write(model, dir.resolve("big.c4j"));
        ItemIndex index = ItemIndex.build((FactorModel) model.model(), new ItemIndex.Options(16, 100, 100, 2), null);
        IndexFile.write(index, file, IndexFile.beside(file));
        ApproximateTopN ann = new ApproximateTopN(model, index);
        try (Server server = Server.start(ServerConfig.local(file, 0))) {
            Http http = new Http(server.port());
            assertThat(http.get("/health").json().get("search").asText()).isEqualTo("approximate");
            for (int u = 0; u < 20; u += 3) {
                JsonNode reply = http.get("/v1/users/u" + u + "/recommendations?n=10").json();
                int[] items = new int[10];
                int c = ann.topN(u, 10, items, new float[10]);
                List<String> expected = new ArrayList<>();
                for (int j = 0; j < c; j++) expected.add("i" + items[j]);
                List<String> got = new ArrayList<>();
                for (JsonNode it : reply.get("items")) got.add(it.get("item").asText());
                assertThat(got).isEqualTo(expected).doesNotContain("i0", "i1", "i2", "i3", "i4");
            }
        }
    }

    @Test
    void similarItemsComeThroughTheSimilarItemsIndexAsTheExactList() throws Exception {
        TrainedModel model = big(20, 7);
        Path file = TestModels.write(model, dir.resolve("big.c4j"));
        ItemIndex index = ItemIndex.build((FactorModel) model.model(), ItemIndex.Kind.ITEM_ITEM, new ItemIndex.Options(16, 100, 100, 2), null);
        IndexFile.write(index, file, IndexFile.beside(file, ItemIndex.Kind.ITEM_ITEM));
        Recommender exact = new Recommender(model);
        try (Server server = Server.start(ServerConfig.local(file, 0))) {
            Http http = new Http(server.port());
            JsonNode health = http.get("/health").json();
            assertThat(health.get("search").asText()).isEqualTo("exact"); // no top-N index beside it
            assertThat(health.get("similar_search").asText()).isEqualTo("approximate");
            for (int i = 5; i < ApproximateTopN.MIN_ITEMS; i += 1999) {
                JsonNode reply = http.get("/v1/items/i" + i + "/similar?n=10&min_ratings=0").json();
                List<String> got = new ArrayList<>();
                for (JsonNode it : reply.get("similar")) got.add(it.get("item").asText());
                assertThat(got).isEqualTo(exact.similar(i, 10, 0).stream().map(ScoredItem::item).toList());
            }
            // the default minimum: only items 0..4 have ratings (20 each)
            List<String> rated = new ArrayList<>();
            for (JsonNode it : http.get("/v1/items/i9/similar?n=10").json().get("similar")) rated.add(it.get("item").asText());
            assertThat(rated).containsExactlyInAnyOrder("i0", "i1", "i2", "i3", "i4");
        }
    }

    @Test
    void aStaleIndexIsNotUsedAndTheServerStillAnswers() throws Exception {
        Path file = TestModels.write(big(10, 5), dir.resolve("m.c4j"));
        TrainedModel other = big(10, 6);
        Path otherFile = TestModels.write(other, dir.resolve("other.c4j"));
        IndexFile.write(ItemIndex.build((FactorModel) other.model(), new ItemIndex.Options(8, 50, 50, 2), null), otherFile, IndexFile.beside(otherFile));
        Files.copy(IndexFile.beside(otherFile), IndexFile.beside(file)); // an index of another model beside this one
        Files.copy(IndexFile.beside(otherFile), IndexFile.beside(file, ItemIndex.Kind.ITEM_ITEM)); // and the wrong kind of index
        try (Server server = Server.start(ServerConfig.local(file, 0))) {
            Http http = new Http(server.port());
            assertThat(http.get("/health").json().get("search").asText()).isEqualTo("exact");
            assertThat(http.get("/health").json().get("similar_search").asText()).isEqualTo("exact");
            assertThat(http.get("/v1/users/u1/recommendations?n=5").json().get("items")).hasSize(5);
            assertThat(http.get("/v1/items/i1/similar?n=5").json().get("similar")).hasSize(4); // i0..i4 are rated
        }
    }
}
