package org.collab4j.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a training run reports: the {@code --json} contract of {@code collab4j train} (DESIGN.md),
 * with Jackson's names. A number that is not finite (e.g. the validation RMSE of a split without
 * validation ratings) is null. Parts a run did not measure are left out: {@code cold_users} and
 * {@code new_users} unless asked for; {@code converged} unless the model follows a learning rate.
 *
 * @param model             the trainer's name
 * @param data              the data set's name
 * @param split             the split's name (with the cold or new users held out, when asked)
 * @param nTrain            training ratings
 * @param nValid            validation ratings
 * @param epochs            fastai's epoch table
 * @param validRmse         RMSE on the validation ratings
 * @param validMae          MAE on the validation ratings
 * @param validUnseenUserRows validation ratings whose user has no training rating (scored from biases)
 * @param validUnseenItemRows validation ratings whose item has no training rating
 * @param rmseByUserCount   validation RMSE by the user's number of training ratings ({@code 1-5}, {@code 6-20}, ...)
 * @param coldUsers         users held out with 5 training ratings each
 * @param newUsers          users held out entirely
 * @param trainSeconds      wall time of the training itself
 * @param badLinesSkipped   malformed lines skipped while loading
 * @param duplicatesReplaced repeated (user, item) ratings of which the last was kept
 * @param config            the hyperparameters as the model file records them
 * @param converged         whether training converged by {@link Training}'s rule (the loss beat the ratings' variance and, over
 *                          two epochs or more, fell by at least {@link Training#MIN_LOSS_DROP} of its first value)
 * @param warnings          what the user should know about the run, e.g. that it did not converge
 */
public record TrainReport(
        String model,
        String data,
        String split,
        @JsonProperty("n_train") long nTrain,
        @JsonProperty("n_valid") long nValid,
        List<Epoch> epochs,
        @JsonProperty("valid_rmse") Double validRmse,
        @JsonProperty("valid_mae") Double validMae,
        @JsonProperty("valid_unseen_user_rows") @JsonInclude(JsonInclude.Include.NON_NULL) Integer validUnseenUserRows,
        @JsonProperty("valid_unseen_item_rows") @JsonInclude(JsonInclude.Include.NON_NULL) Integer validUnseenItemRows,
        @JsonProperty("rmse_by_user_count") @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Group> rmseByUserCount,
        @JsonProperty("cold_users") @JsonInclude(JsonInclude.Include.NON_NULL) ColdUsers coldUsers,
        @JsonProperty("new_users") @JsonInclude(JsonInclude.Include.NON_NULL) NewUsers newUsers,
        @JsonProperty("train_seconds") double trainSeconds,
        @JsonProperty("bad_lines_skipped") long badLinesSkipped,
        @JsonProperty("duplicates_replaced") long duplicatesReplaced,
        Map<String, String> config,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean converged,
        List<String> warnings) {

    public TrainReport {
        epochs = List.copyOf(epochs);
        config = config == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** One row of the epoch table; {@code validLoss} is null without validation ratings. */
    public record Epoch(int epoch, @JsonProperty("train_loss") Double trainLoss, @JsonProperty("valid_loss") Double validLoss,
                        double seconds) {
    }

    /** RMSE over {@code n} ratings. */
    public record Group(int n, Double rmse) {
    }

    /** {@code n} users with 5 training ratings each, RMSE on their {@code nRatings} held-out ratings. */
    public record ColdUsers(int n, @JsonProperty("n_ratings") int nRatings, Double rmse) {
    }

    /**
     * {@code n} users held out entirely, RMSE on their {@code nRatings} ratings: from their features
     * (null without user features), the model's own prediction, the global mean, the global mean
     * plus the item bias.
     */
    public record NewUsers(int n, @JsonProperty("n_ratings") int nRatings, @JsonProperty("rmse_features") Double rmseFeatures,
                           @JsonProperty("rmse_model") Double rmseModel, @JsonProperty("rmse_global_mean") Double rmseGlobalMean,
                           @JsonProperty("rmse_item_bias") Double rmseItemBias) {
    }

    /** {@code v}, or null when it is not a finite number (JSON has no NaN). */
    static Double number(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
