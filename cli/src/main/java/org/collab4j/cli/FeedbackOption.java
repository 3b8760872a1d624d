package org.collab4j.cli;

import org.collab4j.data.Dataset;
import org.collab4j.server.FeedbackData;
import org.collab4j.server.FeedbackStore;

/** {@code train --feedback URL}: the data set plus the ratings a server stored. */
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
}
