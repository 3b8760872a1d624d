package org.collab4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.collab4j.data.Dataset;
import org.collab4j.data.SideTable;
import org.collab4j.features.FeatureSpec;
import org.collab4j.features.Features;
import org.collab4j.features.Field;
import org.collab4j.features.TimeParts;
import org.junit.jupiter.api.Test;

class FeaturesTest {
    @Test
    void numbersAreStandardisedWithTrainingStatisticsAndUnseenCategoriesAreUnknown() {
        Dataset d = TinyData.dataset();
        int[] train = {0, 1, 2, 3, 4}; // users 0 (3 ratings) and 1 (2 ratings) only
        Features f = Features.build(d, FeatureSpec.parse("user:age,occupation"), SideTable.of(d.users()), null, train);
        Field age = f.fields().get(0);
        double mean = (3 * 25 + 2 * 40) / 5.0, sd = Math.sqrt((3 * 25 * 25 + 2 * 40 * 40) / 5.0 - mean * mean);
        assertThat((double) age.mean()).isCloseTo(mean, offset(1e-4));
        assertThat((double) age.values()[2]).isCloseTo((18 - mean) / sd, offset(1e-4));
        Field occ = f.fields().get(1);
        assertThat(occ.vocab()).containsExactly(Field.UNKNOWN, "student", "artist");
        assertThat(occ.codes()).containsExactly(1, 2, 1, 0, 2); // "doctor" was only seen outside training
    }

    @Test
    void specsAndTheirErrors() {
        assertThat(FeatureSpec.parse("user:age,gender item:genres;time:weekday").toString()).isEqualTo("user:age,gender;item:genres;time:weekday");
        assertThat(FeatureSpec.parse(null).isEmpty()).isTrue();
        assertThatThrownBy(() -> FeatureSpec.parse("movie:genres")).hasMessageContaining("unknown source 'movie'");
        assertThatThrownBy(() -> FeatureSpec.parse("genres")).hasMessageContaining("SOURCE:NAME");
        Dataset d = TinyData.dataset();
        int[] all = d.ratings().allRows();
        assertThatThrownBy(() -> Features.build(d, FeatureSpec.parse("user:height"), SideTable.of(d.users()), null, all))
                .hasMessageContaining("no column 'height'").hasMessageContaining("age, gender, occupation, zip");
        assertThatThrownBy(() -> Features.build(d, FeatureSpec.parse("item:genres"), null, null, all))
                .hasMessageContaining("--item-features");
        assertThatThrownBy(() -> Features.build(d, FeatureSpec.parse("time:season"), null, null, all)).hasMessageContaining("unknown time feature 'season'");
    }

    @Test
    void calendarParts() {
        long t = java.time.LocalDateTime.of(1997, 9, 21, 23, 30).toEpochSecond(java.time.ZoneOffset.UTC);
        assertThat(TimeParts.year(t)).isEqualTo(1997);
        assertThat(TimeParts.month(t)).isEqualTo(9);
        assertThat(TimeParts.weekday(t)).isEqualTo(6); // a Sunday
        assertThat(TimeParts.hour(t)).isEqualTo(23);
        long feb29 = java.time.LocalDate.of(2000, 2, 29).toEpochDay() * 86400;
        assertThat(TimeParts.month(feb29)).isEqualTo(2);
        assertThat(TimeParts.year(feb29)).isEqualTo(2000);
    }
}
