package org.collab4j.cli;

import org.collab4j.data.Dataset;
import org.collab4j.server.FeedbackData;
import org.collab4j.server.FeedbackStore;

/** {@code train --feedback URL}: the data set plus the ratings (or, for implicit feedback, the events) a server stored. */
final class FeedbackOption {
    private FeedbackOption() {
    }

    static Dataset merge(Dataset data, String url, Console console) {
        FeedbackData.Merged m;
        try (FeedbackStore store = FeedbackStore.open(url)) {
            m = FeedbackData.merge(data, store);
        } catch (FeedbackStore.StoreException | IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        console.printf("feedback %s: %d ratings added (%d replaced ratings of the data set), %d new users%s",
                FeedbackStore.redact(url), m.added(), m.replaced(), m.newUsers(),
                m.unknownItems() > 0 ? "; " + m.unknownItems() + " ratings of items the data set does not know left out" : "");
        return m.data();
    }

    /** Interactions plus the events a server stored (summed into the interactions of the same user and item). */
    static Dataset mergeEvents(Dataset data, String url, Console console) {
        FeedbackData.MergedEvents m;
        try (FeedbackStore store = FeedbackStore.open(url)) {
            m = FeedbackData.mergeEvents(data, store);
        } catch (FeedbackStore.StoreException | IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        console.printf("feedback %s: %d events, %d summed into interactions of the data, %d new interactions, %d new users%s",
                FeedbackStore.redact(url), m.events(), m.summed(), m.added(), m.newUsers(),
                m.unknownItems() > 0 ? "; " + m.unknownItems() + " events of items the data does not know left out" : "");
        return m.data();
    }
}
