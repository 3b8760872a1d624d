package org.collab4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.collab4j.data.DataLoader;
import org.collab4j.data.Dataset;
import org.collab4j.data.LoadOptions;
import org.collab4j.data.LoadReport;
import org.collab4j.data.RatingScale;

/** The shared data options ({@link org.collab4j.options.DataOptions}), loaded with the console's progress bars and notes. */
final class DataOptions extends org.collab4j.options.DataOptions {
    /** Loads the data set, fetching a known one when missing. */
    Dataset load(int threads, boolean keepTime, Console console) {
        return load(threads, keepTime, false, console);
    }

    /** {@link #load}, keeping every repeated (user, item) line when {@code keepRepeats} (an interaction log's events). */
    Dataset load(int threads, boolean keepTime, boolean keepRepeats, Console console) {
        Path path = resolve(console.bytesProgress("download " + requireData()));
        LoadOptions.Builder b = loadOptions(threads, keepTime, keepRepeats);
        if (Files.isRegularFile(path) && sizeOf(path) > 32L << 20) b.progress(console.bytesProgress("load " + path.getFileName()));
        Dataset ds = DataLoader.load(path, b.build());
        console.finishProgress();
        reportScale(console, ds);
        return ds;
    }

    /**
     * Says the rating scale in use and where it came from (it bounds every prediction, and an
     * inferred one is easily wrong), and any note of the load, e.g. an unusual inferred scale.
     */
    static void reportScale(Console console, Dataset ds) {
        LoadReport r = ds.report();
        if (r.scaleLine() != null) console.println(r.scaleLine());
        for (String note : r.notes()) console.println("note: " + note);
    }

    /**
     * {@code "rating_scale": {"min": 1.0, "max": 5.0, "source": "declared" | "format" | "data"}} in a
     * command's --json object: the scale of {@code data}'s ratings, and where the load found it.
     */
    static void putRatingScale(ObjectNode o, Dataset data) {
        RatingScale s = data.ratings().scale();
        if (s == null) return;
        ObjectNode scale = o.putObject("rating_scale");
        scale.put("min", s.min());
        scale.put("max", s.max());
        LoadReport r = data.report();
        if (r != null && r.scaleSource() != null) scale.put("source", r.scaleSource().name().toLowerCase(Locale.ROOT));
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
