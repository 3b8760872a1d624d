package org.collab4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.collab4j.data.LoadOptions.Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLoaderTest {
    @TempDir
    Path dir;

    static Path write(Path file, String text) throws IOException {
        return write(file, text, StandardCharsets.UTF_8);
    }

    static Path write(Path file, String text, Charset cs) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, text.getBytes(cs));
        return file;
    }

    static Dataset load(Path p) {
        return DataLoader.load(p, LoadOptions.defaults());
    }

    static String[] ids(IdIndex index) {
        return index.ids();
    }

    // ------------------------------------------------------------------ MovieLens 100k

    private Path ml100k() throws IOException {
        Path f = dir.resolve("ml-100k");
        write(f.resolve("u.data"), "196\t242\t3\t881250949\n186\t302\t3\t891717742\n22\t242\t1\t878887116\n196\t51\t2\t880606923\n");
        write(f.resolve("u.genre"), "unknown|0\nAction|1\nComedy|2\n\n");
        write(f.resolve("u.item"), """
                242|Kolya (1996)|24-Jan-1997||http://us.imdb.com/M/title-exact?Kolya%20(1996)|0|0|1
                302|L.A. Confidential (1997)|01-Jan-1997||http://x|0|1|0
                51|Légende (1994)|01-Jan-1994||http://x|0|1|1
                999|Never Rated|||http://x|1|0|0
                """, StandardCharsets.ISO_8859_1);
        write(f.resolve("u.user"), "196|49|M|writer|55105\n186|39|F|executive|00000\n22|25|M|writer|40206\n7|57|M|administrator|91344\n");
        return f;
    }

    @Test
    void loadsMovieLens100kFolderWithTitlesGenresAndDemographics() throws IOException {
        Dataset d = load(ml100k());
        Ratings r = d.ratings();
        assertThat(d.name()).isEqualTo("ml-100k");
        assertThat(r.size()).isEqualTo(4);
        assertThat(ids(r.userIds())).containsExactly("196", "186", "22", "7");
        assertThat(ids(r.itemIds())).containsExactly("242", "302", "51", "999");
        assertThat(r.users()).containsExactly(0, 1, 2, 0);
        assertThat(r.items()).containsExactly(0, 1, 0, 2);
        assertThat(r.values()).containsExactly(3f, 3f, 1f, 2f);
        assertThat(r.times()).containsExactly(881250949L, 891717742L, 878887116L, 880606923L);
        assertThat(r.scale()).isEqualTo(new RatingScale(1, 5));
        assertThat(r.numItems()).isEqualTo(4);
        assertThat(r.numUsers()).isEqualTo(4);

        ItemInfo items = d.items();
        assertThat(items.size()).isEqualTo(4);
        assertThat(items.title(0)).isEqualTo("Kolya (1996)");
        assertThat(items.title(2)).isEqualTo("Légende (1994)"); // ISO-8859-1 decoded
        assertThat(items.title(3)).isEqualTo("Never Rated");
        assertThat(items.year(0)).isEqualTo(1996);
        assertThat(items.year(3)).isZero();
        assertThat(items.releaseEpochDay(0)).isEqualTo(LocalDate.of(1997, 1, 24).toEpochDay());
        assertThat(items.releaseEpochDay(3)).isEqualTo(Long.MIN_VALUE);
        assertThat(items.genreNames()).containsExactly("unknown", "Action", "Comedy");
        assertThat(items.genres(0)).containsExactly(2);
        assertThat(items.genres(2)).containsExactly(1, 2);
        assertThat(items.genres(3)).containsExactly(0);

        UserInfo users = d.users();
        assertThat(users.size()).isEqualTo(4);
        assertThat(users.age(0)).isEqualTo(49);
        assertThat(users.gender(1)).isEqualTo("F");
        assertThat(users.occupation(1)).isEqualTo("executive");
        assertThat(users.zip(1)).isEqualTo("00000");
        assertThat(users.occupation(3)).isEqualTo("administrator");
        assertThat(d.report().lines()).isEqualTo(4);
        assertThat(d.report().badLinesSkipped()).isZero();
        assertThat(d.report().duplicatesReplaced()).isZero();
    }

    @Test
    void aUDataStyleFileNextToUItemPicksUpTheSideTables() throws IOException {
        Path f = ml100k();
        write(f.resolve("u1.base"), "22\t51\t5\t1\n");
        for (Path p : List.of(f.resolve("u.data"), f.resolve("u1.base"))) {
            Dataset d = load(p);
            assertThat(d.hasItemInfo()).isTrue();
            assertThat(d.hasUserInfo()).isTrue();
            assertThat(d.ratings().scale()).isEqualTo(new RatingScale(1, 5));
        }
        Dataset one = load(f.resolve("u1.base"));
        assertThat(one.name()).isEqualTo("u1.base");
        assertThat(ids(one.ratings().itemIds())).containsExactly("51", "242", "302", "999");
        assertThat(one.title(0)).isEqualTo("Légende (1994)");
        assertThat(ids(one.ratings().userIds())).containsExactly("22", "196", "186", "7");
    }

    @Test
    void a100kFolderWithoutUGenreUsesTheNineteenMovieLensGenres() throws IOException {
        Path f = dir.resolve("m");
        write(f.resolve("u.data"), "1\t1\t5\t0\n");
        write(f.resolve("u.item"), "1|Toy Story (1995)|01-Jan-1995||u|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n");
        Dataset d = load(f);
        assertThat(d.items().numGenres()).isEqualTo(19);
        assertThat(d.items().genres(0)).containsExactly(3, 4, 5);
        assertThat(d.users()).isNull();
    }

    @Test
    void realMovieLens100k() {
        Path data = realDataDir();
        Dataset d = DataLoader.load(data.resolve("ml-100k"), LoadOptions.defaults());
        Ratings r = d.ratings();
        assertThat(r.size()).isEqualTo(100_000);
        assertThat(r.numUsers()).isEqualTo(943);
        assertThat(r.numItems()).isEqualTo(1682);
        assertThat(r.scale()).isEqualTo(new RatingScale(1, 5));
        assertThat(r.userIds().id(r.user(0))).isEqualTo("196");
        assertThat(r.itemIds().id(r.item(0))).isEqualTo("242");
        assertThat(r.value(0)).isEqualTo(3f);
        assertThat(r.time(0)).isEqualTo(881250949L);
        // five bytes a rating: the star ratings' codes beside the users' third byte, read back as the file's values
        assertThat(r.valuesPacked()).isTrue();
        assertThat(r.usersNarrow()).isTrue();
        assertThat(r.itemsNarrow()).isTrue();
        assertThat(r.userIds().id(r.user(r.size() - 1))).isEqualTo("12");   // the last line of u.data: 12, 203, 3
        assertThat(r.itemIds().id(r.item(r.size() - 1))).isEqualTo("203");
        assertThat(r.value(r.size() - 1)).isEqualTo(3f);
        int toy = r.itemIds().index("1");
        assertThat(d.title(toy)).isEqualTo("Toy Story (1995)");
        assertThat(d.items().year(toy)).isEqualTo(1995);
        assertThat(d.items().numGenres()).isEqualTo(19);
        assertThat(d.items().genreNames()[0]).isEqualTo("unknown");
        assertThat(d.items().genres(toy)).containsExactly(3, 4, 5); // Animation, Children's, Comedy
        int u1 = r.userIds().index("1");
        assertThat(d.users().age(u1)).isEqualTo(24);
        assertThat(d.users().gender(u1)).isEqualTo("M");
        assertThat(d.users().occupation(u1)).isEqualTo("technician");
        assertThat(d.users().zip(u1)).isEqualTo("85711");
        assertThat(d.report().duplicatesReplaced()).isZero();
        double mean = r.mean(r.allRows());
        assertThat(mean).isCloseTo(3.52986, within(1e-5));
        // a title with a non-ASCII character, read as ISO-8859-1
        assertThat(d.items().searchTitle("Misérables")).isNotEmpty();
    }

    static Path realDataDir() {
        String env = System.getenv("COLLAB4J_DATA");
        org.junit.jupiter.api.Assumptions.assumeTrue(env != null && !env.isBlank() && !env.startsWith("${")
                && Files.isRegularFile(Path.of(env, "ml-100k", "u.data")), "COLLAB4J_DATA with ml-100k not set");
        return Path.of(env);
    }

    // ------------------------------------------------------------------ MovieLens 1M / 10M

    @Test
    void loadsMovieLens1mFolderWithIso88591TitlesAndOccupationNames() throws IOException {
        Path f = dir.resolve("ml-1m");
        write(f.resolve("ratings.dat"), "1::1193::5::978300760\r\n1::661::3::978302109\r\n2::1193::4::978298413\r\n");
        write(f.resolve("movies.dat"), "1193::One Flew Over the Cuckoo's Nest (1975)::Drama\n661::Pokémon (1999)::Animation|Children's\n5::Other (1990)::Comedy|Drama\n",
                StandardCharsets.ISO_8859_1);
        write(f.resolve("users.dat"), "1::F::1::10::48067\n2::M::56::16::70072\n3::M::25::99::55117\n");
        Dataset d = load(f);
        Ratings r = d.ratings();
        assertThat(ids(r.userIds())).containsExactly("1", "2", "3");
        assertThat(ids(r.itemIds())).containsExactly("1193", "661", "5");
        assertThat(r.values()).containsExactly(5f, 3f, 4f);
        assertThat(r.times()).containsExactly(978300760L, 978302109L, 978298413L);
        assertThat(r.scale()).isEqualTo(new RatingScale(1, 5));
        assertThat(d.title(1)).isEqualTo("Pokémon (1999)");
        assertThat(d.items().year(0)).isEqualTo(1975);
        assertThat(d.items().genreNames()).containsExactly("Drama", "Animation", "Children's", "Comedy");
        assertThat(d.items().genres(1)).containsExactly(1, 2);
        assertThat(d.items().genres(2)).containsExactly(3, 0);
        assertThat(d.users().occupation(0)).isEqualTo("K-12 student");
        assertThat(d.users().occupation(1)).isEqualTo("self-employed");
        assertThat(d.users().occupation(2)).isEqualTo("99");
        assertThat(d.users().age(1)).isEqualTo(56);
        assertThat(d.users().gender(0)).isEqualTo("F");
    }

    @Test
    void loadsMovieLens10mWithHalfStarsAndUtf8Titles() throws IOException {
        Path f = dir.resolve("ml-10M100K");
        write(f.resolve("ratings.dat"), "1::122::5::838985046\n1::185::4.5::838983525\n2::122::0.5::868245777");
        write(f.resolve("movies.dat"), "122::Boomerang (1992)::Comedy|Romance\n185::Net, The (1995)::Action|Crime|Thriller\n"
                + "7::Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)::Comedy|Romance\n");
        Dataset d = load(f);
        assertThat(d.ratings().valuesCoded()).isTrue();   // star ratings: a byte each
        assertThat(d.ratings().values()).containsExactly(5f, 4.5f, 0.5f);
        assertThat(d.ratings().scale()).isEqualTo(new RatingScale(0.5f, 5));
        assertThat(d.hasUserInfo()).isFalse();
        assertThat(d.title(2)).isEqualTo("Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)");
        assertThat(d.items().year(2)).isEqualTo(2001);
        // the ratings.dat file alone, by path, is also read as ::-separated with its side tables
        Dataset byFile = load(f.resolve("ratings.dat"));
        assertThat(byFile.ratings().values()).containsExactly(5f, 4.5f, 0.5f);
        assertThat(byFile.hasItemInfo()).isTrue();
    }

    // ------------------------------------------------------------------ MovieLens CSV

    @Test
    void loadsLatestSmallCsvWithQuotedTitles() throws IOException {
        Path f = dir.resolve("ml-latest-small");
        write(f.resolve("ratings.csv"), "userId,movieId,rating,timestamp\r\n1,1,4.0,964982703\r\n1,3,4.5,964981247\r\n6,1,0.5,845553522\r\n");
        write(f.resolve("movies.csv"), """
                movieId,title,genres
                1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy
                3,"American President, The (1995)",Comedy|Drama|Romance
                9,"Great ""Escape"", The (1963)",(no genres listed)
                10,"Multi
                line (2001) ",Drama
                11,Babylon 5,Sci-Fi
                """);
        Dataset d = load(f);
        Ratings r = d.ratings();
        assertThat(ids(r.userIds())).containsExactly("1", "6");
        assertThat(ids(r.itemIds())).containsExactly("1", "3", "9", "10", "11");
        assertThat(r.values()).containsExactly(4f, 4.5f, 0.5f);
        assertThat(r.scale()).isEqualTo(new RatingScale(0.5f, 5));
        assertThat(d.report().lines()).isEqualTo(4);
        ItemInfo items = d.items();
        assertThat(items.title(1)).isEqualTo("American President, The (1995)");
        assertThat(items.year(1)).isEqualTo(1995);
        assertThat(items.title(2)).isEqualTo("Great \"Escape\", The (1963)");
        assertThat(items.genres(2)).isEmpty();
        assertThat(items.title(3)).isEqualTo("Multi\nline (2001)");
        assertThat(items.year(3)).isEqualTo(2001);
        assertThat(items.year(4)).isZero();
        assertThat(items.genreNames()).containsExactly("Adventure", "Animation", "Children", "Comedy", "Fantasy", "Drama", "Romance", "Sci-Fi");
        assertThat(items.genres(1)).containsExactly(3, 5, 6);
        assertThat(d.users()).isNull();
    }

    // ------------------------------------------------------------------ generic delimited files

    @Test
    void detectsDelimiterHeaderAndColumnsFromTheHeaderNames() throws IOException {
        Path f = write(dir.resolve("r.csv"), "item_id;score;user_id\nA;1.5;u1\nB;2;u2\nA;3;u2\n");
        Dataset d = load(f);
        Ratings r = d.ratings();
        assertThat(ids(r.userIds())).containsExactly("u1", "u2");
        assertThat(ids(r.itemIds())).containsExactly("A", "B");
        assertThat(r.users()).containsExactly(0, 1, 1);
        assertThat(r.items()).containsExactly(0, 1, 0);
        assertThat(r.values()).containsExactly(1.5f, 2f, 3f);
        assertThat(r.hasTime()).isFalse();
        assertThat(r.scale()).isEqualTo(new RatingScale(1.5f, 3));
        assertThat(d.hasItemInfo()).isFalse();
    }

    @Test
    void readsHeaderlessFilesWithEachDelimiter() throws IOException {
        String[][] cases = {{"\t", "tab"}, {",", "comma"}, {";", "semi"}, {"::", "colons"}, {"  ", "spaces"}};
        for (String[] c : cases) {
            String sep = c[0];
            Path f = write(dir.resolve(c[1] + ".txt"), "10" + sep + "x" + sep + "4" + sep + "100\n11" + sep + "y" + sep + "2" + sep + "200\n");
            Ratings r = load(f).ratings();
            assertThat(ids(r.userIds())).as(c[1]).containsExactly("10", "11");
            assertThat(ids(r.itemIds())).as(c[1]).containsExactly("x", "y");
            assertThat(r.values()).as(c[1]).containsExactly(4f, 2f);
            assertThat(r.times()).as(c[1]).containsExactly(100L, 200L);
            assertThat(r.scale()).as(c[1]).isEqualTo(new RatingScale(2, 4));
        }
    }

    @Test
    void whitespaceFilesMayIndentAndMixTabsAndSpaces() throws IOException {
        Path f = write(dir.resolve("ws.txt"), "  1 \t 2   3.5  \n1 3 4\n");
        Ratings r = load(f).ratings();
        assertThat(ids(r.itemIds())).containsExactly("2", "3");
        assertThat(r.values()).containsExactly(3.5f, 4f);
    }

    @Test
    void columnsReorderAndSkipFields() throws IOException {
        Path f = write(dir.resolve("r.tsv"), "i1\tjunk\t5\tu1\t99\ni2\tjunk\t3\tu1\t98\n");
        LoadOptions o = LoadOptions.builder().columns("item,skip,rating,user,time").build();
        Ratings r = DataLoader.load(f, o).ratings();
        assertThat(ids(r.userIds())).containsExactly("u1");
        assertThat(ids(r.itemIds())).containsExactly("i1", "i2");
        assertThat(r.values()).containsExactly(5f, 3f);
        assertThat(r.times()).containsExactly(99L, 98L);
    }

    @Test
    void forcedOptionsOverrideDetection() throws IOException {
        // with a header given as false, the first line is data; the delimiter given as ','
        Path f = write(dir.resolve("r.txt"), "1,2,3\n4,5,1\n");
        LoadOptions o = LoadOptions.builder().delimiter(',').header(false).keepTime(false)
                .scale(new RatingScale(0, 10)).threads(1).format(Format.DELIMITED).build();
        Ratings r = DataLoader.load(f, o).ratings();
        assertThat(r.size()).isEqualTo(2);
        assertThat(r.scale()).isEqualTo(new RatingScale(0, 10));
        // header forced true: first line dropped
        Ratings h = DataLoader.load(f, o.toBuilder().header(true).build()).ratings();
        assertThat(h.size()).isEqualTo(1);
        assertThat(ids(h.userIds())).containsExactly("4");
    }

    @Test
    void keepTimeFalseDropsTheTimeColumn() throws IOException {
        Path f = ml100k();
        Ratings r = DataLoader.load(f, LoadOptions.builder().keepTime(false).build()).ratings();
        assertThat(r.hasTime()).isFalse();
        assertThat(r.times()).isNull();
        assertThat(r.size()).isEqualTo(4);
    }

    @Test
    void idsKeepTheirTextLeadingZerosAndNonNumericIdsAreDistinct() throws IOException {
        Path f = write(dir.resolve("ids.tsv"), "01\t1\t1\n1\t01\t2\n0\t99999999999\t3\nü\t1\t4\n1\t1\t5\n");
        Ratings r = load(f).ratings();
        assertThat(ids(r.userIds())).containsExactly("01", "1", "0", "ü");
        assertThat(ids(r.itemIds())).containsExactly("1", "01", "99999999999");
        assertThat(r.users()).containsExactly(0, 1, 2, 3, 1);
        assertThat(r.items()).containsExactly(0, 1, 2, 0, 0);
    }

    @Test
    void scaleOfConstantData() throws IOException {
        Ratings ones = load(write(dir.resolve("ones.tsv"), "1\t1\t1\n2\t1\t1\n")).ratings();
        assertThat(ones.scale()).isEqualTo(new RatingScale(0, 1));
        Ratings zeros = load(write(dir.resolve("zeros.tsv"), "1\t1\t0\n2\t1\t0\n")).ratings();
        assertThat(zeros.scale()).isEqualTo(new RatingScale(0, 1));
    }

    @Test
    void blankLinesAreIgnoredButCountAsLines() throws IOException {
        Path f = write(dir.resolve("b.tsv"), "1\t1\t1\n\n   \n2\t1\tx\n");
        assertThatThrownBy(() -> load(f)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining(f + ":4:").hasMessageContaining("but found 'x'");
    }

    @Test
    void progressReportsEveryByte() throws IOException {
        Path f = ml100k();
        List<long[]> calls = new ArrayList<>();
        DataLoader.load(f, LoadOptions.builder().progress((done, total) -> calls.add(new long[] {done, total})).build());
        long size = Files.size(f.resolve("u.data"));
        assertThat(calls).isNotEmpty();
        assertThat(calls.get(calls.size() - 1)).containsExactly(size, size);
    }

    // ------------------------------------------------------------------ duplicates

    @Test
    void theLastRatingOfARepeatedPairWinsAtItsOwnPosition() throws IOException {
        Path f = write(dir.resolve("d.tsv"), "1\ta\t1\t10\n2\ta\t2\t20\n1\tb\t3\t30\n1\ta\t4\t40\n1\ta\t5\t50\n2\tb\t1\t60\n");
        Dataset d = load(f);
        Ratings r = d.ratings();
        assertThat(d.report().duplicatesReplaced()).isEqualTo(2);
        assertThat(r.size()).isEqualTo(4);
        assertThat(ids(r.userIds())).containsExactly("1", "2");
        assertThat(ids(r.itemIds())).containsExactly("a", "b");
        assertThat(r.users()).containsExactly(1, 0, 0, 1);
        assertThat(r.items()).containsExactly(0, 1, 0, 1);
        assertThat(r.values()).containsExactly(2f, 3f, 5f, 1f);
        assertThat(r.times()).containsExactly(20L, 30L, 50L, 60L);
        assertThat(r.scale()).isEqualTo(new RatingScale(1, 5));
    }

    @Test
    void aFileOver16MbLoadsTheSameOnManyThreadsAsOnOne() throws IOException {
        StringBuilder sb = new StringBuilder(18 << 20);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        sb.append("user,item,rating,timestamp\r\n");
        int n = 0;
        while (sb.length() < (17 << 20)) {
            sb.append(rnd.nextInt(20_000)).append(',').append(rnd.nextInt(2_000) == 0 ? "x" + rnd.nextInt(50) : rnd.nextInt(5_000))
                    .append(',').append(rnd.nextInt(10) / 2.0).append(',').append(1_000_000_000L + n++).append("\r\n");
        }
        sb.setLength(sb.length() - 2); // no final newline
        Path f = write(dir.resolve("big.csv"), sb.toString());
        Dataset one = DataLoader.load(f, LoadOptions.builder().threads(1).build());
        Dataset many = DataLoader.load(f, LoadOptions.builder().threads(3).build());
        Ratings a = one.ratings(), b = many.ratings();
        assertThat(a.size()).isEqualTo(n - one.report().duplicatesReplaced());
        assertThat(one.report().duplicatesReplaced()).isPositive();
        assertThat(many.report()).usingRecursiveComparison().ignoringFields("seconds").isEqualTo(one.report());
        assertThat(b.userIds()).isEqualTo(a.userIds());
        assertThat(b.itemIds()).isEqualTo(a.itemIds());
        assertThat(b.users()).isEqualTo(a.users());
        assertThat(b.items()).isEqualTo(a.items());
        assertThat(b.values()).isEqualTo(a.values());
        assertThat(b.times()).isEqualTo(a.times());
        assertThat(b.scale()).isEqualTo(a.scale()).isEqualTo(new RatingScale(0, 4.5f));
        assertThat(a.users().length).isEqualTo(a.size());
    }
}
