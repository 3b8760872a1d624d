package org.collab4j.cli;


import com.fasterxml.jackson.databind.node.ObjectNode;
import org.collab4j.options.CommonOptions;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.Recommender;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code collab4j predict}: one predicted rating. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predict the rating a user would give an item.")
final class PredictCommand extends SavedModelCommand {
    @Option(names = "--user", required = true, paramLabel = "ID")
    String user;

    @Option(names = "--item", required = true, paramLabel = "ID|TITLE")
    String item;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws Exception {
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), common);
        TrainedModel model = modelOptions.load();
        Recommender rec = new Recommender(model);
        int u = rec.userIndex(user);
        int i = rec.resolveItem(item);
        float p = model.model().predict(u, i);
        if (console.json) {
            ObjectNode o = console.object();
            o.put("user", user);
            o.put("item", model.itemIds().id(i));
            o.put("title", model.title(i));
            o.put("prediction", p);
            if (model.hasSeen(u, i)) o.put("rated_in_training", true);
            console.emit(o);
        } else {
            console.printf("user %s, %s: predicted %.3f%s", user, model.title(i), p, model.hasSeen(u, i) ? " (rated in training)" : "");
        }
        return 0;
    }
}
