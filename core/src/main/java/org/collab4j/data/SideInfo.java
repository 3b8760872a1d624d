package org.collab4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.collab4j.data.LoadOptions.Format;

/**
 * What MovieLens ships beside a rating file: item titles, years, dates and genres, and user
 * demographics, indexed like the ratings' ids.
 *
 * @param items           for the item ids, or null when the folder holds no item table
 * @param users           for the user ids, or null when it holds no user table
 * @param badLinesSkipped side-table lines skipped as malformed (with skip-bad-lines)
 */
public record SideInfo(ItemInfo items, UserInfo users, long badLinesSkipped) {

    /**
     * The files beside a rating file that hold a layout's side tables: {@code u.item, u.genre,
     * u.user} for MovieLens 100k, {@code movies.dat, users.dat} for 1M/10M, {@code movies.csv} for
     * a MovieLens {@code ratings.csv}; none for another layout.
     */
    public static List<String> files(Format format) {
        if (format == null) return List.of();
        return switch (format) {
            case ML100K -> List.of("u.item", "u.genre", "u.user");
            case ML_DAT -> List.of("movies.dat", "users.dat");
            case CSV -> List.of("movies.csv");
            default -> List.of();
        };
    }

    /**
     * Reads the side tables in {@code folder} for ids numbered elsewhere (the Spark module numbers
     * users and items itself, then reads the tables on the driver): the infos are indexed exactly
     * like {@code users} and {@code items}, ids the tables hold beyond them are ignored, and the
     * indexes are not changed. Missing files give null infos.
     *
     * @param format the layout whose tables to read ({@link #files}); other layouts have none
     * @throws DataFormatException when a side table is malformed (unless skipping bad lines)
     */
    public static SideInfo read(Path folder, Format format, IdIndex users, IdIndex items, boolean skipBadLines) {
        IdIndex u = IdIndex.of(users.ids()), i = IdIndex.of(items.ids()); // copies: the tables may add ids to them
        SideInfo all = readInto(folder, format, u, i, skipBadLines);
        return new SideInfo(all.items == null ? null : resize(all.items, items.size()), all.users == null ? null : resize(all.users, users.size()),
                all.badLinesSkipped);
    }

    /**
     * Reads the side tables in {@code folder} into {@code users} and {@code items}: ids found only in
     * a table are added after the others, and both infos are sized to the final indexes.
     */
    static SideInfo readInto(Path folder, Format format, IdIndex users, IdIndex items, boolean skip) {
        SideTables.Skips skips = new SideTables.Skips();
        ItemInfo itemInfo = null;
        UserInfo userInfo = null;
        if (format == Format.ML100K) {
            Path uItem = folder.resolve("u.item"), uUser = folder.resolve("u.user");
            if (Files.isRegularFile(uItem)) itemInfo = SideTables.readUItem(uItem, folder.resolve("u.genre"), items, skip, skips);
            if (Files.isRegularFile(uUser)) userInfo = SideTables.readUUser(uUser, users, skip, skips);
        } else if (format == Format.ML_DAT) {
            Path movies = folder.resolve("movies.dat"), usersDat = folder.resolve("users.dat");
            if (Files.isRegularFile(movies)) itemInfo = SideTables.readMoviesDat(movies, items, skip, skips);
            if (Files.isRegularFile(usersDat)) userInfo = SideTables.readUsersDat(usersDat, users, skip, skips);
        } else if (format == Format.CSV) {
            Path movies = folder.resolve("movies.csv");
            if (Files.isRegularFile(movies)) itemInfo = SideTables.readMoviesCsv(movies, items, skip, skips);
        }
        // a side table may have added ids to the other side's index too late for its info: size both to the end
        if (itemInfo != null && itemInfo.size() != items.size()) itemInfo = resize(itemInfo, items.size());
        if (userInfo != null && userInfo.size() != users.size()) userInfo = resize(userInfo, users.size());
        return new SideInfo(itemInfo, userInfo, skips.count);
    }

    /** The first {@code n} items' info, with nothing known of items past the end. */
    static ItemInfo resize(ItemInfo info, int n) {
        ItemInfo e = ItemInfo.empty(n);
        int m = Math.min(n, info.size());
        System.arraycopy(info.titles(), 0, e.titles(), 0, m);
        System.arraycopy(info.years(), 0, e.years(), 0, m);
        System.arraycopy(info.releaseEpochDays(), 0, e.releaseEpochDays(), 0, m);
        System.arraycopy(info.genreLists(), 0, e.genreLists(), 0, m);
        return new ItemInfo(e.titles(), e.years(), e.releaseEpochDays(), info.genreNames(), e.genreLists());
    }

    /** The first {@code n} users' info, with nothing known of users past the end. */
    static UserInfo resize(UserInfo info, int n) {
        return new UserInfo(Arrays.copyOf(info.ages(), n), Arrays.copyOf(info.genders(), n), Arrays.copyOf(info.occupations(), n),
                Arrays.copyOf(info.zips(), n));
    }
}
