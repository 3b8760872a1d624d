package org.collab4j.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.collab4j.model.TrainedModel;
import org.junit.jupiter.api.Test;

class NewRatingsTest {
    final TrainedModel model = GenreFans.model();

    @Test
    void knownItemsOnTheScaleBecomeDenseIndicesAndARepeatedItemKeepsItsLastRating() {
        NewRatings r = NewRatings.check(model, new String[] {"i3", "i0", "i3"}, new float[] {2, 5, 4.5f});
        assertThat(r.items()).containsExactly(0, 3);
        assertThat(r.values()).containsExactly(5f, 4.5f);
        assertThat(NewRatings.check(model, new String[] {"i1", "i2"}, new float[] {1, 5}).items()).containsExactly(1, 2);
    }

    @Test
    void ratingsOffTheScaleAreAllNamedWithTheScale() {
        OffScaleRatingsException e = org.junit.jupiter.api.Assertions.assertThrows(OffScaleRatingsException.class,
                () -> NewRatings.check(model, new String[] {"i0", "i1", "i2", "i3"}, new float[] {9, 3, -3, Float.NaN}));
        assertThat(e).hasMessage("ratings outside the scale 1..5: i0=9, i2=-3, i3=NaN");
        assertThat(e.ratings()).containsExactly("i0=9", "i2=-3", "i3=NaN");
        assertThat(e.scale().max()).isEqualTo(5f);
        assertThatThrownBy(() -> NewRatings.check(model, new String[] {"i0"}, new float[] {0.5f}))
                .hasMessage("ratings outside the scale 1..5: i0=0.5");
    }

    @Test
    void unknownItemsComeFirstAndAreAllNamed() {
        UnknownIdException e = org.junit.jupiter.api.Assertions.assertThrows(UnknownIdException.class,
                () -> NewRatings.check(model, new String[] {"x", "i0", "y", "x"}, new float[] {3, 9, 3, 3}));
        assertThat(e.ids()).containsExactly("x", "y");
        assertThat(e).hasMessageStartingWith("unknown item ids 'x', 'y': the model has never seen them");
        assertThat(NewRatings.check(model, new String[0], new float[0]).items()).as("none: the average user").isEmpty();
        assertThatThrownBy(() -> NewRatings.check(model, new String[] {"i0"}, new float[0])).hasMessage("got 1 items but 0 ratings");
    }
}
