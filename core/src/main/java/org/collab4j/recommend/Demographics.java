package org.collab4j.recommend;

import java.util.LinkedHashMap;
import java.util.Map;

import org.collab4j.data.UserInfo;

/**
 * What a new user states about themselves; null (or 0 for the age) means not stated. A genre
 * start ({@link GenreStart}) narrows the users it starts from to those matching gender, age
 * (within 5 years) and occupation; a model with user features ({@link NewUserFeatures}) takes
 * them, zip included, as its inputs.
 *
 * @param gender     as the data set spells it (e.g. M, F)
 * @param age        years, 1 to 150; 0 when not stated
 * @param occupation as the data set spells it
 * @param zip        a zip or postal code
 */
public record Demographics(String gender, int age, String occupation, String zip) {
    /** Nothing stated. */
    public static final Demographics NONE = new Demographics(null, 0, null, null);

    public Demographics {
        if (age < 0 || age > 150) throw new IllegalArgumentException("age must be a number of years (1 to 150), got " + age);
        gender = blankToNull(gender);
        occupation = blankToNull(occupation);
        zip = blankToNull(zip);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Whether anything is stated. */
    public boolean any() {
        return gender != null || age > 0 || occupation != null || zip != null;
    }

    /** Whether user {@code u} of the data set matches what is stated (gender, age within 5 years, occupation; zip is not compared). */
    boolean matches(UserInfo info, int u) {
        if (gender != null && !gender.equalsIgnoreCase(String.valueOf(info.gender(u)))) return false;
        if (age > 0 && Math.abs(info.age(u) - age) > 5) return false;
        return occupation == null || occupation.equalsIgnoreCase(String.valueOf(info.occupation(u)));
    }

    /** Whether a genre start can narrow by these (zip is not used there). */
    boolean narrowsUsers() {
        return gender != null || age > 0 || occupation != null;
    }

    /** As user-feature values by the names the data sets use: age, gender, occupation, zip (null where not stated). */
    public Map<String, String> asFeatures() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("age", age > 0 ? Integer.toString(age) : null);
        m.put("gender", gender);
        m.put("occupation", occupation);
        m.put("zip", zip);
        return m;
    }
}
