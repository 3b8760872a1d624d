package org.collab4j.cli;


import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.collab4j.options.CommonOptions;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.FoldIn;
import org.collab4j.recommend.Onboarding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code collab4j onboard}: items to ask a new user about. */
@Command(name = "onboard", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Propose items to ask a new user about: known to many users and telling users apart "
                + "(greedy expected information gain over item factors); fold the answers in with 'recommend --ratings'.")
final class OnboardCommand extends SavedModelCommand {
    @Option(names = {"-n", "--n"}, defaultValue = "10", description = "How many items (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the first pick (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws Exception {
        if (n < 1 || n > Onboarding.CANDIDATES) throw new UserException("-n must be between 1 and " + Onboarding.CANDIDATES + ", got " + n);
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), common);
        TrainedModel model = modelOptions.load();
        int[] items = new Onboarding(new FoldIn(model)).propose(n, seed);
        if (console.json) {
            ObjectNode o = console.object();
            ArrayNode arr = o.putArray("items");
            for (int i : items) {
                ObjectNode it = arr.addObject();
                it.put("item", model.itemIds().id(i));
                it.put("title", model.title(i));
            }
            console.emit(o);
            return 0;
        }
        console.println("ask a new user about these " + items.length + " items:");
        int rank = 1;
        for (int i : items) console.printf("%3d. %-8s %s", rank++, model.itemIds().id(i), model.title(i));
        return 0;
    }
}
