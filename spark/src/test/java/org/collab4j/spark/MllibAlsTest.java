package org.collab4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.collab4j.io.ModelFile;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.apache.spark.sql.functions.col;

class MllibAlsTest {
    @TempDir
    Path tmp;

    @Test
    void theConvertedModelPredictsWhatSparkPredicts() throws Exception {
        TinyRatings data = new TinyRatings(150, 90, 30, 11);
        Dataset<Row> train = data.frame(false), valid = data.frame(true);
        MllibAls.Result r = MllibAls.train(train, data.numUsers, data.numItems, new MllibAls.Settings(6, 5, 0.1, 5, 42));
        FactorModel m = r.model();
        assertThat(m.kind()).isEqualTo("als");
        // Spark's prediction: its ALS on the residuals, plus the global mean and the biases
        List<Row> spark = r.als().transform(valid).join(r.userBias(), "uidx").join(r.itemBias(), "iidx")
                .select(col("uidx"), col("iidx"), col("prediction").plus(r.global()).plus(col("bu")).plus(col("bi")).as("p"))
                .filter(col("p").isNotNull()).collectAsList();
        assertThat(spark).hasSizeGreaterThan(500);
        for (Row row : spark) {
            float expected = ((Number) row.get(2)).floatValue();
            assertThat(m.predict(row.getInt(0), row.getInt(1))).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4f));
        }
        // and the model file keeps it
        Path f = tmp.resolve("als.c4j");
        ModelFile.write(TrainedModel.of(m, SparkTrainer.collect(train, train.count(), ids(data.numUsers), ids(data.numItems),
                new org.collab4j.data.RatingScale(1, 5)), allRows(train.count()), null, null, java.util.Map.of()), f);
        FactorModel back = (FactorModel) ModelFile.read(f).model();
        Row first = spark.get(0);
        assertThat(back.predict(first.getInt(0), first.getInt(1))).isEqualTo(m.predict(first.getInt(0), first.getInt(1)));
        double rmse = Evaluation.accuracy(SparkTestSession.sc(), m, valid).rmse();
        assertThat(rmse).isBetween(0.3, 1.2);
    }

    private static org.collab4j.data.IdIndex ids(int n) {
        org.collab4j.data.IdIndex x = new org.collab4j.data.IdIndex(n);
        for (int i = 0; i < n; i++) x.add(Integer.toString(i));
        return x;
    }

    private static int[] allRows(long n) {
        int[] r = new int[(int) n];
        for (int i = 0; i < r.length; i++) r[i] = i;
        return r;
    }
}
