package org.collab4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class SideTablesTest {
    /** The title-year scan agrees with the regex it replaced, {@code \((\d{4})\)\s*$}. */
    @Test
    void titleYearAgreesWithTheRegex() {
        Pattern regex = Pattern.compile("\\((\\d{4})\\)\\s*$");
        String[] titles = {"Toy Story (1995)", "GoldenEye (1995) ", "(1995)", "Foo (95)", "Foo (19a5)", "Foo", "Foo (1995) (V)",
            "Foo (1995)\t\r", "", ")", "(1995", "Foo 1995)", "Foo (12345)", "Foo (\u0661995)", "Foo (1995)\u00a0", "a (1995)b (2001)"};
        for (String t : titles) {
            Matcher m = regex.matcher(t);
            int expected = m.find() ? Integer.parseInt(m.group(1)) : 0;
            assertThat(SideTables.titleYear(t)).as("'%s'", t).isEqualTo(expected);
        }
    }
}
