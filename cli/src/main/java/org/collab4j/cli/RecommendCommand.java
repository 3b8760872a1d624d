package org.collab4j.cli;

import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.Recommender;
import org.collab4j.recommend.ScoredItem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code collab4j recommend}: the top-N items a user has not rated. */
@Command(name = "recommend", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Recommend the top-N items a user has not rated yet.")
final class RecommendCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Option(names = "--user", paramLabel = "ID", description = "The user's id as in the data set.")
    String user;

    @Option(names = "--all-users", description = "Top-N for every user of the model, written to --out (TSV, or CSV when FILE ends in .csv: user, rank, item, score).")
    boolean allUsers;

    @Option(names = "--out", paramLabel = "FILE", description = "With --all-users: the file to write (atomically).")
    java.nio.file.Path out;

    @Option(names = "--threads", description = "With --all-users: worker threads (default: all cores).")
    Integer threads;

    @Option(names = {"-n", "--n"}, defaultValue = "10", description = "How many items (default: ${DEFAULT-VALUE}).")
    int n;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws Exception {
        if (n < 1 || n > 10_000) throw new UserException("-n must be between 1 and 10000, got " + n);
        if (allUsers == (user != null)) throw new UserException("give either --user ID or --all-users --out FILE");
        if (allUsers && out == null) throw new UserException("--all-users writes a file: give --out FILE (.tsv or .csv)");
        if (allUsers && java.nio.file.Files.isDirectory(out)) throw new UserException("--out " + out + " is a folder; give a file name");
        int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (nThreads < 1) throw new UserException("--threads must be at least 1, got " + nThreads);
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), common);
        TrainedModel model = modelOptions.load();
        if (allUsers) return allUsers(console, model, nThreads);
        Recommender rec = new Recommender(model);
        List<ScoredItem> items = rec.recommend(user, n);
        print(console, user, items, "score");
        return 0;
    }

    private int allUsers(Console console, TrainedModel model, int nThreads) throws java.io.IOException {
        long t0 = System.nanoTime();
        org.collab4j.recommend.AllUsersTopN.Result r = org.collab4j.recommend.AllUsersTopN.compute(model, n, nThreads);
        double scoreSeconds = (System.nanoTime() - t0) / 1e9;
        org.collab4j.recommend.AllUsersTopN.write(model, r, out);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long rows = 0;
        for (int u = 0; u < r.numUsers(); u++) rows += r.count(u);
        if (console.json) {
            ObjectNode o = console.object();
            o.put("users", r.numUsers());
            o.put("n", n);
            o.put("rows", rows);
            o.put("out", out.toString());
            o.put("score_seconds", scoreSeconds);
            o.put("seconds", seconds);
            console.emit(o);
        } else {
            console.printf("top %d for %d users (%d rows) written to %s in %.2f s", n, r.numUsers(), rows, out, seconds);
        }
        return 0;
    }

    static void print(Console console, String user, List<ScoredItem> items, String scoreName) {
        if (console.json) {
            ObjectNode o = console.object();
            o.put("user", user);
            ArrayNode arr = o.putArray("items");
            for (ScoredItem s : items) {
                ObjectNode it = arr.addObject();
                it.put("item", s.item());
                it.put("title", s.title());
                it.put("score", s.score());
            }
            console.emit(o);
            return;
        }
        console.println("top " + items.size() + " for user " + user + ":");
        int rank = 1;
        for (ScoredItem s : items) console.printf("%3d. %6.3f  %-8s %s", rank++, s.score(), s.item(), s.title());
    }
}
