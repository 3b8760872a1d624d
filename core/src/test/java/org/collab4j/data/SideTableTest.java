package org.collab4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SideTableTest {
    @TempDir
    Path dir;
    final IdIndex users = IdIndex.of("u1", "u2", "u3");

    Path csv(String text) throws Exception {
        Path p = dir.resolve("users.csv");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsTypedAndInferredColumnsKeyedById() throws Exception {
        SideTable t = SideTable.readCsv(csv("user,age,city,tags,zip:category\nu2,31,Paris,a|b,02138\nu1,,\"Rome, IT\",c,\n"),
                SideTable.Side.USER, users);
        assertThat(t.columnNames()).containsExactly("age", "city", "tags", "zip");
        assertThat(t.column("age").type()).isEqualTo(SideTable.Type.NUMBER);
        assertThat(t.column("age").numbers()).containsExactly(Float.NaN, 31f, Float.NaN);
        assertThat(t.column("city").type()).isEqualTo(SideTable.Type.CATEGORY);
        assertThat(t.column("city").categories()[0]).containsExactly("Rome, IT");
        assertThat(t.column("city").categories()[2]).isEmpty();
        assertThat(t.column("tags").type()).isEqualTo(SideTable.Type.CATEGORIES);
        assertThat(t.column("tags").categories()[1]).containsExactly("a", "b");
        assertThat(t.column("zip").categories()[1]).containsExactly("02138");
    }

    @Test
    void anUnknownIdNamesFileLineAndColumn() throws Exception {
        Path p = csv("user,age\nu1,20\nu9,30\n");
        assertThatThrownBy(() -> SideTable.readCsv(p, SideTable.Side.USER, users)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining(p + ":3:").hasMessageContaining("column 1 (user)").hasMessageContaining("user id 'u9' is not in the ratings");
    }

    @Test
    void aMissingColumnNamesFileLineAndColumn() throws Exception {
        Path p = csv("user,age,city\nu1,20,Paris\nu2,30\n");
        assertThatThrownBy(() -> SideTable.readCsv(p, SideTable.Side.USER, users)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining(p + ":3:").hasMessageContaining("expected 3 columns").hasMessageContaining("column 3 (city) is missing");
    }

    @Test
    void aNonNumericValueInANumberColumnNamesFileLineAndColumn() throws Exception {
        Path p = csv("user,age:number\nu1,20\nu2,thirty\n");
        assertThatThrownBy(() -> SideTable.readCsv(p, SideTable.Side.USER, users)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining(p + ":3:").hasMessageContaining("column 2 (age): expected a number, found 'thirty'");
    }

    @Test
    void otherErrors() throws Exception {
        Path p = csv("user,age\nu1,20\nu1,30\n");
        assertThatThrownBy(() -> SideTable.readCsv(p, SideTable.Side.USER, users)).hasMessageContaining("already appeared on line 2");
        Path q = csv("user,age:float\n");
        assertThatThrownBy(() -> SideTable.readCsv(q, SideTable.Side.USER, users)).hasMessageContaining("unknown type 'float'");
        Path e = csv("");
        assertThatThrownBy(() -> SideTable.readCsv(e, SideTable.Side.USER, users)).hasMessageContaining("empty user feature file");
        assertThatThrownBy(() -> SideTable.readCsv(dir.resolve("nope.csv"), SideTable.Side.ITEM, users)).hasMessageContaining("no such item feature file");
    }
}
