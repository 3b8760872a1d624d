package example;

import org.collab4j.Collab;
import org.collab4j.data.Dataset;
import org.collab4j.data.Split;
import org.collab4j.data.Splits;
import org.collab4j.recommend.Recommender;
import org.collab4j.recommend.ScoredItem;
import org.collab4j.train.Learner;

/** Trains fastai's DotProductBias on a data set given by name or path and prints a user's top 10. */
public final class TopTen {
    private TopTen() {
    }

    /** The validation RMSE after {@code epochs} of one-cycle, and the user's top 10 on stdout. */
    public static double run(String data, String user, int epochs) {
        Dataset ml = Collab.load(data);
        Split split = Splits.random(ml.ratings(), 0.2, 42);
        Learner learn = Collab.learner(ml, split, 50);
        learn.fitOneCycle(epochs, 5e-3, 0.1);
        Recommender rec = Collab.recommender(learn, ml);
        for (ScoredItem s : rec.recommend(user, 10)) System.out.printf("%.2f  %s%n", s.score(), s.title());
        return Math.sqrt(learn.validLoss());
    }

    public static void main(String[] args) {
        System.out.printf("valid RMSE %.4f%n", run(args.length > 0 ? args[0] : "ml-100k", args.length > 1 ? args[1] : "196", 5));
    }
}
