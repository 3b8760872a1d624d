package org.collab4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.collab4j.options.SplitOptions;
import org.collab4j.train.Algorithm;
import org.collab4j.train.TrainConfig;

/** The {@code ./collab4j train ...} line that trains a configuration found by {@code tune}. */
final class TrainCommandLine {
    private TrainCommandLine() {
    }

    /**
     * A ready-to-run train command for {@code config}: every option that differs from the model's
     * defaults; the split's options unless {@code split} is null (scored by cross-validation).
     */
    static String of(TrainConfig given, Algorithm algorithm, DataOptions dataOptions, TrainOptions trainOptions, SplitOptions split) {
        TrainConfig config = algorithm.validate(given).config(); // options under their current keys
        TrainConfig d = algorithm.defaults();
        List<String> args = new ArrayList<>(List.of("./collab4j", "train", "--data", quote(dataOptions.data), "--model", algorithm.name()));
        if (dataOptions.dataDir != null) args.addAll(List.of("--data-dir", quote(dataOptions.dataDir.toString())));
        if (dataOptions.format != null) args.addAll(List.of("--format", quote(dataOptions.format)));
        if (dataOptions.columns != null) args.addAll(List.of("--columns", quote(dataOptions.columns)));
        if (dataOptions.delimiter != null) args.addAll(List.of("--delimiter", quote(dataOptions.delimiter)));
        if (dataOptions.header != null) args.addAll(List.of("--header", dataOptions.header.toString()));
        if (dataOptions.ratingScale != null) args.addAll(List.of("--rating-scale", dataOptions.ratingScale));
        if (dataOptions.skipBadLines) args.add("--skip-bad-lines");
        if (config.factors() != d.factors()) args.addAll(List.of("--factors", Integer.toString(config.factors())));
        if (config.epochs() != d.epochs()) args.addAll(List.of("--epochs", Integer.toString(config.epochs())));
        if (config.lr() != d.lr()) args.addAll(List.of("--lr", num(config.lr())));
        if (config.wd() != d.wd()) args.addAll(List.of("--wd", num(config.wd())));
        if (config.batchSize() != d.batchSize()) args.addAll(List.of("--bs", Integer.toString(config.batchSize())));
        if (!config.optimizer().equals(d.optimizer())) args.addAll(List.of("--optimizer", config.optimizer()));
        if (!config.schedule().equals(d.schedule())) args.addAll(List.of("--schedule", config.schedule()));
        if (config.yRange() != null) args.addAll(List.of("--y-range", config.yRange()[0] + "," + config.yRange()[1]));
        if (trainOptions.threads != null) args.addAll(List.of("--threads", Integer.toString(config.threads())));
        if (config.seed() != d.seed()) args.addAll(List.of("--seed", Long.toString(config.seed())));
        Map<String, String> extra = new java.util.TreeMap<>(config.extra()); // a stable order
        extra.forEach((k, v) -> args.addAll(List.of("--set", quote(k + "=" + v))));
        if (split != null) {
            if (!split.split.equals("random")) args.addAll(List.of("--split", split.split));
            if (split.validPct != 0.2) args.addAll(List.of("--valid-pct", num(split.validPct)));
        }
        args.addAll(List.of("--out", "model.c4j"));
        return String.join(" ", args);
    }

    private static String num(double v) {
        String s = Double.toString(v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s.toLowerCase(Locale.ROOT);
    }

    private static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:=,@+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
