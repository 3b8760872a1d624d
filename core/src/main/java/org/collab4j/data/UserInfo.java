package org.collab4j.data;

/**
 * Demographics of users, indexed by the dense user index: age (0 when unknown), gender,
 * occupation and zip code (null when unknown). MovieLens 100k and 1M carry these.
 */
public final class UserInfo {
    private final int[] ages;
    private final String[] genders;
    private final String[] occupations;
    private final String[] zips;

    public UserInfo(int[] ages, String[] genders, String[] occupations, String[] zips) {
        int n = ages.length;
        if (genders.length != n || occupations.length != n || zips.length != n)
            throw new IllegalArgumentException("user info columns differ in length");
        this.ages = ages;
        this.genders = genders;
        this.occupations = occupations;
        this.zips = zips;
    }

    public int size() {
        return ages.length;
    }

    public int age(int user) {
        return user < ages.length ? ages[user] : 0;
    }

    public String gender(int user) {
        return user < genders.length ? genders[user] : null;
    }

    public String occupation(int user) {
        return user < occupations.length ? occupations[user] : null;
    }

    public String zip(int user) {
        return user < zips.length ? zips[user] : null;
    }

    public int[] ages() {
        return ages;
    }

    public String[] genders() {
        return genders;
    }

    public String[] occupations() {
        return occupations;
    }

    public String[] zips() {
        return zips;
    }
}
