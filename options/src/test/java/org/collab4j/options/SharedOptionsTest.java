package org.collab4j.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.collab4j.data.LoadOptions;
import org.collab4j.train.TrainConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The shared option groups, parsed as a command parses them: defaults, what they build, and the messages of bad values. */
class SharedOptionsTest {
    @Command(name = "job")
    static final class Job implements Runnable {
        @Mixin
        DataOptions data = new DataOptions();
        @Mixin
        SplitOptions split = new SplitOptions();
        @Mixin
        TrainOptions train = new TrainOptions();
        @Mixin
        CommonOptions common = new CommonOptions();

        @Override
        public void run() {
        }
    }

    static Job parse(String... args) {
        Job job = new Job();
        CommandLine cl = new CommandLine(job);
        NumberOptions.register(cl);
        cl.parseArgs(args);
        return job;
    }

    @Test
    void anOptionNotGivenTakesTheModelsDefault() {
        TrainConfig dotBias = parse().train.config();
        assertThat(dotBias.factors()).isEqualTo(50);
        assertThat(dotBias.epochs()).isEqualTo(5);
        assertThat(dotBias.lr()).isEqualTo(5e-3);
        assertThat(dotBias.wd()).isEqualTo(0.1);
        assertThat(dotBias.optimizer()).isEqualTo("adam");
        assertThat(dotBias.schedule()).isEqualTo("one-cycle");
        assertThat(dotBias.seed()).isEqualTo(42);
        TrainConfig sgd = parse("--optimizer", "sgd").train.config();
        assertThat(sgd.lr()).isEqualTo(TrainOptions.SGD_LR);
        assertThat(sgd.wd()).isEqualTo(TrainOptions.SGD_WD);
        TrainConfig als = parse("--model", "als", "--optimizer", "sgd").train.config();
        assertThat(als.factors()).isEqualTo(20);
        assertThat(als.epochs()).isEqualTo(10);
        assertThat(als.wd()).isEqualTo(0.14);
        TrainConfig given = parse("--factors", "8", "--lr", "0.02", "--wd", "0", "--y-range", "0.5, 5.5", "--set", "init-std=0.01",
                "--threads", "3").train.config();
        assertThat(given.factors()).isEqualTo(8);
        assertThat(given.lr()).isEqualTo(0.02);
        assertThat(given.wd()).isEqualTo(0.0);
        assertThat(given.yRange()).containsExactly(0.5f, 5.5f);
        assertThat(given.threads()).isEqualTo(3);
        assertThat(given.extra()).containsExactly(java.util.Map.entry("init-std", "0.01"));
    }

    @Test
    void badValuesNameTheOptionAndWhatItTakes() {
        assertThatThrownBy(() -> parse("--y-range", "1").train.config()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--y-range must be LOW,HIGH, got '1'");
        assertThatThrownBy(() -> parse("--y-range", "1,x").train.config()).hasMessage("--y-range must be two numbers LOW,HIGH, got '1,x'");
        assertThatThrownBy(() -> DataOptions.parseScale("1")).hasMessage("--rating-scale must be MIN,MAX, got '1'");
        assertThatThrownBy(() -> DataOptions.parseScale("1,five")).hasMessage("--rating-scale must be two numbers MIN,MAX, got '1,five'");
        assertThatThrownBy(() -> parse().data.requireData()).hasMessage("--data is required (a known name such as ml-100k, or a path)");
        assertThatThrownBy(() -> parse("--split", "weekly").split.make(null, 42, null))
                .hasMessage("unknown --split 'weekly'; expected random, temporal, none, u1..u5, ua or ub");
    }

    @Test
    void theReadingOptionsGoIntoTheLoadersOptions() {
        DataOptions d = parse("--data", "r.txt", "--format", "delimited", "--columns", "item,user,rating", "--delimiter", "tab",
                "--header", "--rating-scale", "1,10", "--skip-bad-lines").data;
        LoadOptions o = d.loadOptions(2, true, false).build();
        assertThat(o.format()).isEqualTo(LoadOptions.Format.DELIMITED);
        assertThat(o.columns()).isEqualTo("item,user,rating");
        assertThat(o.delimiter()).isEqualTo("\t");
        assertThat(o.header()).isTrue();
        assertThat(o.scale().min()).isEqualTo(1f);
        assertThat(o.scale().max()).isEqualTo(10f);
        assertThat(o.skipBadLines()).isTrue();
        assertThat(o.keepTime()).isTrue();
        assertThat(o.threads()).isEqualTo(2);
        DataOptions parquet = parse("--data", "hdfs://nn/ratings", "--format", "parquet", "--columns", "user,item,rating").data;
        assertThatThrownBy(() -> parquet.loadOptions(1, false, false)).hasMessageContaining("unknown format 'parquet'");
        LoadOptions p = parquet.loadOptionsWithoutFormat(1, false, false).build();
        assertThat(p.format()).isEqualTo(LoadOptions.Format.AUTO);
        assertThat(p.columns()).isEqualTo("user,item,rating");
        assertThat(parquet.isKnown()).isFalse();
        assertThat(parse("--data", "ML-100K").data.isKnown()).isTrue();
    }

    @Test
    void aTestFileIsKeptAsGivenAndAsksForTimes() {
        SplitOptions s = parse("--test", "hdfs://nn/held-out.tsv").split;
        assertThat(s.test).isEqualTo("hdfs://nn/held-out.tsv");
        assertThat(s.needsTime()).isTrue();
        assertThat(parse().split.needsTime()).isFalse();
        assertThat(parse("--split", "temporal").split.needsTime()).isTrue();
        assertThat(parse().split.testFile()).isNull();
        assertThat(parse().split.validPct).isEqualTo(0.2);
    }

    @Test
    void aNumberThatIsNotOneIsExplainedWithTheOptionsForm() {
        assertThat(usageError("--lr", "abc")).isEqualTo("collab4j: --lr takes a decimal number such as 0.1 or 5e-3, got 'abc'"
                + System.lineSeparator() + "Try 'job --help' for the options." + System.lineSeparator());
        assertThat(usageError("--bs", "1e3")).startsWith("collab4j: --bs takes a whole number such as 64 (its default), got '1e3'");
        assertThat(usageError("--lr", "NaN")).startsWith("collab4j: --lr takes a decimal number such as 0.1 or 5e-3, got 'NaN'");
        assertThat(usageError("--seed", "99999999999999999999")).startsWith("collab4j: --seed takes a whole number such as 42 (its default), got '99999999999999999999'");
        assertThat(usageError("--factor", "8")).isEqualTo("collab4j: Unknown options: '--factor', '8'" + System.lineSeparator()
                + "Possible solutions: --factors" + System.lineSeparator());
    }

    private static String usageError(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Job());
        NumberOptions.register(cl);
        cl.setErr(new PrintWriter(err));
        cl.setParameterExceptionHandler((e, a) -> {
            UsageErrors.print(e);
            return 2;
        });
        assertThat(cl.execute(args)).isEqualTo(2);
        return err.toString();
    }
}
