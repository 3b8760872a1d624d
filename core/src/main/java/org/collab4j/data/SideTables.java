package org.collab4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Readers of the MovieLens side tables (titles, genres, demographics). These files are small, so
 * plain Strings are fine here. Ids found only in a side table are added to the id index after all
 * the rated ones, in the side table's file order.
 */
final class SideTables {
    private SideTables() {
    }

    /** The 19 genres of MovieLens 100k, used when {@code u.genre} is missing. */
    static final String[] ML100K_GENRES = {"unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
            "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller",
            "War", "Western"};

    /** MovieLens 1M occupation codes 0..20, as its README names them. */
    static final String[] ML1M_OCCUPATIONS = {"other", "academic/educator", "artist", "clerical/admin",
            "college/grad student", "customer service", "doctor/health care", "executive/managerial", "farmer", "homemaker",
            "K-12 student", "lawyer", "programmer", "retired", "sales/marketing", "scientist", "self-employed",
            "technician/engineer", "tradesman/craftsman", "unemployed", "writer"};

    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

    /** Counts lines skipped in side tables (with skip-bad-lines). */
    static final class Skips {
        long count;
    }

    private record Item(String id, String title, int year, long day, int[] genres) { }

    private record User(String id, int age, String gender, String occupation, String zip) { }

    // ---------------------------------------------------------------- MovieLens 100k

    static ItemInfo readUItem(Path uItem, Path uGenre, IdIndex itemIds, boolean skipBad, Skips skips) {
        String[] genres = uGenre != null && Files.isRegularFile(uGenre) ? readUGenre(uGenre) : ML100K_GENRES;
        String file = uItem.toString();
        List<String> lines = lines(uItem, StandardCharsets.ISO_8859_1);
        List<Item> items = new ArrayList<>();
        int expected = 5 + genres.length;
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln);
            if (line.isBlank()) continue;
            String[] f = line.split("\\|", -1);
            String problem = null;
            Item it = null;
            if (f.length != expected) {
                problem = "expected " + expected + " '|'-separated fields id|title|release date|video release date|url|"
                        + genres.length + " genre flags but found " + f.length;
            } else if (f[0].isBlank()) {
                problem = "expected an item id in field 1 but found an empty field";
            } else {
                long day = Long.MIN_VALUE;
                if (!f[2].isBlank()) {
                    day = parseDayMonthYear(f[2].trim());
                    if (day == Long.MIN_VALUE) problem = "expected a release date like 01-Jan-1995 in field 3 but found '" + f[2] + "'";
                }
                int[] g = new int[genres.length];
                int ng = 0;
                for (int k = 0; k < genres.length && problem == null; k++) {
                    String flag = f[5 + k].trim();
                    if (flag.equals("1")) g[ng++] = k;
                    else if (!flag.equals("0")) problem = "expected a genre flag 0 or 1 in field " + (6 + k) + " but found '" + f[5 + k] + "'";
                }
                if (problem == null) {
                    String title = f[1].trim();
                    int year = titleYear(title);
                    if (year == 0 && day != Long.MIN_VALUE) year = LocalDate.ofEpochDay(day).getYear();
                    it = new Item(f[0].trim(), title.isEmpty() ? null : title, year, day, Arrays.copyOf(g, ng));
                }
            }
            if (problem != null) {
                if (!skipBad) throw new DataFormatException(file, ln + 1, line, problem);
                skips.count++;
                continue;
            }
            items.add(it);
        }
        return build(items, itemIds, genres);
    }

    static String[] readUGenre(Path uGenre) {
        List<String> names = new ArrayList<>();
        List<String> lines = lines(uGenre, StandardCharsets.ISO_8859_1);
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln);
            if (line.isBlank()) continue;
            int bar = line.lastIndexOf('|');
            int index;
            try {
                index = bar < 0 ? -1 : Integer.parseInt(line.substring(bar + 1).trim());
            } catch (NumberFormatException e) {
                index = -1;
            }
            if (index != names.size())
                throw new DataFormatException(uGenre.toString(), ln + 1, line, "expected name|" + names.size() + " (genres numbered from 0 in order)");
            names.add(line.substring(0, bar));
        }
        return names.toArray(new String[0]);
    }

    static UserInfo readUUser(Path uUser, IdIndex userIds, boolean skipBad, Skips skips) {
        List<String> lines = lines(uUser, StandardCharsets.ISO_8859_1);
        List<User> users = new ArrayList<>();
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln);
            if (line.isBlank()) continue;
            String[] f = line.split("\\|", -1);
            String problem = null;
            if (f.length != 5) problem = "expected 5 '|'-separated fields id|age|gender|occupation|zip but found " + f.length;
            else if (f[0].isBlank()) problem = "expected a user id in field 1 but found an empty field";
            else if (parseAge(f[1]) < 0) problem = "expected a whole number for age in field 2 but found '" + f[1] + "'";
            if (problem != null) {
                if (!skipBad) throw new DataFormatException(uUser.toString(), ln + 1, line, problem);
                skips.count++;
                continue;
            }
            users.add(new User(f[0].trim(), parseAge(f[1]), blankToNull(f[2]), blankToNull(f[3]), blankToNull(f[4])));
        }
        return buildUsers(users, userIds);
    }

    // ---------------------------------------------------------------- MovieLens 1M / 10M

    static ItemInfo readMoviesDat(Path moviesDat, IdIndex itemIds, boolean skipBad, Skips skips) {
        List<String> lines = lines(moviesDat, null);
        Map<String, Integer> genreIndex = new LinkedHashMap<>();
        List<Item> items = new ArrayList<>();
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln);
            if (line.isBlank()) continue;
            String[] f = line.split("::", -1);
            if (f.length != 3 || f[0].isBlank()) {
                String problem = f.length != 3 ? "expected 3 '::'-separated fields id::title::genres but found " + f.length
                        : "expected an item id in field 1 but found an empty field";
                if (!skipBad) throw new DataFormatException(moviesDat.toString(), ln + 1, line, problem);
                skips.count++;
                continue;
            }
            String title = f[1].trim();
            items.add(new Item(f[0].trim(), title, titleYear(title), Long.MIN_VALUE, genres(f[2], genreIndex)));
        }
        return build(items, itemIds, genreIndex.keySet().toArray(new String[0]));
    }

    static UserInfo readUsersDat(Path usersDat, IdIndex userIds, boolean skipBad, Skips skips) {
        List<String> lines = lines(usersDat, null);
        List<User> users = new ArrayList<>();
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln);
            if (line.isBlank()) continue;
            String[] f = line.split("::", -1);
            String problem = null;
            if (f.length != 5) problem = "expected 5 '::'-separated fields id::gender::age::occupation::zip but found " + f.length;
            else if (f[0].isBlank()) problem = "expected a user id in field 1 but found an empty field";
            else if (parseAge(f[2]) < 0) problem = "expected a whole number for age in field 3 but found '" + f[2] + "'";
            if (problem != null) {
                if (!skipBad) throw new DataFormatException(usersDat.toString(), ln + 1, line, problem);
                skips.count++;
                continue;
            }
            users.add(new User(f[0].trim(), parseAge(f[2]), blankToNull(f[1]), occupation(f[3].trim()), blankToNull(f[4])));
        }
        return buildUsers(users, userIds);
    }

    /** A 1M occupation code 0..20 by its README name; anything else as written. */
    static String occupation(String code) {
        try {
            int c = Integer.parseInt(code);
            if (c >= 0 && c < ML1M_OCCUPATIONS.length) return ML1M_OCCUPATIONS[c];
        } catch (NumberFormatException e) {
            // a name already
        }
        return blankToNull(code);
    }

    // ---------------------------------------------------------------- MovieLens 20M / 25M / latest

    static ItemInfo readMoviesCsv(Path moviesCsv, IdIndex itemIds, boolean skipBad, Skips skips) {
        String text = decode(moviesCsv, null);
        String file = moviesCsv.toString();
        Map<String, Integer> genreIndex = new LinkedHashMap<>();
        List<Item> items = new ArrayList<>();
        CsvRecords csv = new CsvRecords(text, file);
        List<String> rec;
        boolean first = true;
        while ((rec = csv.next()) != null) {
            if (first) {
                first = false;
                if (!rec.isEmpty() && rec.get(0).trim().equalsIgnoreCase("movieId")) continue;
            }
            if (rec.size() == 1 && rec.get(0).isBlank()) continue;
            String problem = null;
            if (rec.size() != 3) problem = "expected 3 comma-separated fields movieId,title,genres but found " + rec.size();
            else if (rec.get(0).isBlank()) problem = "expected an item id in field 1 but found an empty field";
            if (problem != null) {
                if (!skipBad) throw new DataFormatException(file, csv.recordLine(), csv.recordText(), problem);
                skips.count++;
                continue;
            }
            String title = rec.get(1).trim();
            items.add(new Item(rec.get(0).trim(), title, titleYear(title), Long.MIN_VALUE, genres(rec.get(2), genreIndex)));
        }
        return build(items, itemIds, genreIndex.keySet().toArray(new String[0]));
    }

    /** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
    static final class CsvRecords {
        private final String text;
        private final String file;
        private int pos;
        private long line = 1;
        private long recordLine;
        private int recordStart;

        CsvRecords(String text, String file) {
            this.text = text;
            this.file = file;
        }

        long recordLine() {
            return recordLine;
        }

        String recordText() {
            int end = text.indexOf('\n', recordStart);
            return text.substring(recordStart, end < 0 ? text.length() : end).replace("\r", "");
        }

        List<String> next() {
            if (pos >= text.length()) return null;
            recordLine = line;
            recordStart = pos;
            List<String> fields = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            boolean quoted = false, wasQuoted = false;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (quoted) {
                    if (c == '"') {
                        if (pos < text.length() && text.charAt(pos) == '"') {
                            f.append('"');
                            pos++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        if (c == '\n') line++;
                        f.append(c);
                    }
                } else if (c == '"' && f.length() == 0 && !wasQuoted) {
                    quoted = wasQuoted = true;
                } else if (c == ',') {
                    fields.add(f.toString());
                    f.setLength(0);
                    wasQuoted = false;
                } else if (c == '\n') {
                    line++;
                    break;
                } else if (c != '\r') {
                    f.append(c);
                }
            }
            if (quoted) throw new DataFormatException(file, recordLine, recordText(), "expected a closing quote before the end of the file");
            fields.add(f.toString());
            return fields;
        }
    }

    // ---------------------------------------------------------------- shared

    private static int[] genres(String field, Map<String, Integer> index) {
        String s = field.trim();
        if (s.isEmpty() || s.equals("(no genres listed)")) return new int[0];
        String[] names = s.split("\\|");
        int[] g = new int[names.length];
        int n = 0;
        for (String name : names) {
            String t = name.trim();
            if (t.isEmpty()) continue;
            Integer k = index.get(t);
            if (k == null) {
                k = index.size();
                index.put(t, k);
            }
            g[n++] = k;
        }
        return Arrays.copyOf(g, n);
    }

    private static ItemInfo build(List<Item> items, IdIndex itemIds, String[] genreNames) {
        int[] idx = new int[items.size()];
        for (int k = 0; k < idx.length; k++) idx[k] = itemIds.add(items.get(k).id());
        int n = itemIds.size();
        String[] titles = new String[n];
        int[] years = new int[n];
        long[] days = new long[n];
        Arrays.fill(days, Long.MIN_VALUE);
        int[][] genres = new int[n][];
        int[] none = new int[0];
        Arrays.fill(genres, none);
        for (int k = 0; k < idx.length; k++) {
            Item it = items.get(k);
            titles[idx[k]] = it.title();
            years[idx[k]] = it.year();
            days[idx[k]] = it.day();
            genres[idx[k]] = it.genres();
        }
        return new ItemInfo(titles, years, days, genreNames, genres);
    }

    private static UserInfo buildUsers(List<User> users, IdIndex userIds) {
        int[] idx = new int[users.size()];
        for (int k = 0; k < idx.length; k++) idx[k] = userIds.add(users.get(k).id());
        int n = userIds.size();
        int[] ages = new int[n];
        String[] genders = new String[n], occupations = new String[n], zips = new String[n];
        for (int k = 0; k < idx.length; k++) {
            User u = users.get(k);
            ages[idx[k]] = u.age();
            genders[idx[k]] = u.gender();
            occupations[idx[k]] = u.occupation();
            zips[idx[k]] = u.zip();
        }
        return new UserInfo(ages, genders, occupations, zips);
    }

    /** The year in a title's trailing "(yyyy)" (blanks after it allowed), or 0. */
    static int titleYear(String title) {
        // a plain scan, not a regex: it runs for every title, mostly in the interpreter
        int e = title.length();
        while (e > 0 && " \t\n\u000B\f\r".indexOf(title.charAt(e - 1)) >= 0) e--; // the regex \s
        if (e < 6 || title.charAt(e - 1) != ')' || title.charAt(e - 6) != '(') return 0;
        int y = 0;
        for (int i = e - 5; i < e - 1; i++) {
            char c = title.charAt(i);
            if (c < '0' || c > '9') return 0;
            y = y * 10 + (c - '0');
        }
        return y;
    }

    /** Days since 1970-01-01 of a date like {@code 01-Jan-1995}, or {@link Long#MIN_VALUE}. */
    static long parseDayMonthYear(String s) {
        String[] p = s.split("-");
        if (p.length != 3) return Long.MIN_VALUE;
        int month = -1;
        for (int m = 0; m < 12; m++) if (MONTHS[m].equalsIgnoreCase(p[1])) month = m + 1;
        try {
            return month < 0 ? Long.MIN_VALUE : LocalDate.of(Integer.parseInt(p[2]), month, Integer.parseInt(p[0])).toEpochDay();
        } catch (NumberFormatException | DateTimeException e) {
            return Long.MIN_VALUE;
        }
    }

    private static int parseAge(String s) {
        try {
            int a = Integer.parseInt(s.trim());
            return a >= 0 ? a : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String blankToNull(String s) {
        String t = s.trim();
        return t.isEmpty() ? null : t;
    }

    private static List<String> lines(Path file, Charset charset) {
        return decode(file, charset).lines().toList();
    }

    /** The file's text in {@code charset}, or when null as UTF-8 falling back to ISO-8859-1. */
    static String decode(Path file, Charset charset) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (charset != null) return new String(bytes, charset);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
