package org.collab4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.collab4j.data.DataLoaderTest.write;

import java.io.IOException;
import java.nio.file.Path;

import org.collab4j.data.LoadOptions.Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Side tables read for ids numbered elsewhere (as the Spark module numbers them): aligned, nothing added. */
class SideInfoTest {
    @TempDir
    Path dir;

    @Test
    void readsTitlesAndDemographicsForTheGivenIdsOnly() throws IOException {
        Path m = dir.resolve("ml-100k");
        write(m.resolve("u.item"), "1|Toy Story (1995)|01-Jan-1995||u|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n"
                + "50|Star Wars (1977)|01-Jan-1977||u|0|1|1|0|0|0|0|0|0|0|0|0|0|0|0|1|0|1|0\n"
                + "99|Only In The Table (1999)|||u|0|0|0|0|0|0|0|0|1|0|0|0|0|0|0|0|0|0|0\n");
        write(m.resolve("u.user"), "7|24|M|technician|85711\n8|53|F|other|94043\n");
        IdIndex users = IdIndex.of("8", "7", "3"), items = IdIndex.of("50", "1", "2");
        SideInfo s = SideInfo.read(m, Format.ML100K, users, items, false);
        assertThat(items.ids()).containsExactly("50", "1", "2");
        assertThat(users.ids()).containsExactly("8", "7", "3");
        assertThat(s.items().size()).isEqualTo(3);
        assertThat(s.items().title(0)).isEqualTo("Star Wars (1977)");
        assertThat(s.items().title(1)).isEqualTo("Toy Story (1995)");
        assertThat(s.items().title(2)).isNull();
        assertThat(s.items().year(0)).isEqualTo(1977);
        assertThat(s.items().genreNames()).contains("Sci-Fi");
        assertThat(s.users().size()).isEqualTo(3);
        assertThat(s.users().age(0)).isEqualTo(53);
        assertThat(s.users().age(1)).isEqualTo(24);
        assertThat(s.users().age(2)).isZero();
        assertThat(s.badLinesSkipped()).isZero();
    }

    @Test
    void filesPerLayoutAndNothingForOthers() throws IOException {
        assertThat(SideInfo.files(Format.ML100K)).containsExactly("u.item", "u.genre", "u.user");
        assertThat(SideInfo.files(Format.ML_DAT)).containsExactly("movies.dat", "users.dat");
        assertThat(SideInfo.files(Format.CSV)).containsExactly("movies.csv");
        assertThat(SideInfo.files(Format.DELIMITED)).isEmpty();
        SideInfo none = SideInfo.read(dir, Format.DELIMITED, IdIndex.of("1"), IdIndex.of("2"), false);
        assertThat(none.items()).isNull();
        assertThat(none.users()).isNull();
        // the Spark reader knows which layout's tables sit beside a file
        byte[] csv = "userId,movieId,rating\n1,2,3\n".getBytes();
        assertThat(RatingLineReader.detect("r.csv", "ratings.csv", csv, csv.length, false, LoadOptions.defaults()).sideTables()).isEqualTo(Format.CSV);
        byte[] other = "user,item,rating\n1,2,3\n".getBytes();
        assertThat(RatingLineReader.detect("r.csv", "r.csv", other, other.length, false, LoadOptions.defaults()).sideTables()).isNull();
        byte[] udata = "1\t2\t3\t4\n".getBytes();
        assertThat(RatingLineReader.detect("u.data", "u.data", udata, udata.length, false, LoadOptions.defaults()).sideTables()).isEqualTo(Format.ML100K);
    }
}
