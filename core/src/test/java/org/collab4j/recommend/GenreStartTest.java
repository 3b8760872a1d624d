package org.collab4j.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.collab4j.model.TrainedModel;
import org.junit.jupiter.api.Test;

class GenreStartTest {
    final TrainedModel model = GenreFans.model();
    final FoldIn foldIn = new FoldIn(model);
    final GenreStart genres = new GenreStart(foldIn);

    @Test
    void aUserCanStateEveryGenreSomeItemHasButTheUnknownPlaceholder() {
        assertThat(genres.genres()).containsExactly("Horror", "Comedy");
        assertThat(GenreStart.hasGenres(model)).isTrue();
        assertThat(genres.indices(List.of("comedy", " Horror ", "Comedy"))).containsExactly(1, 2);
        assertThat(genres.names(List.of("comedy", " Horror ", "Comedy"))).containsExactly("Comedy", "Horror");
    }

    @Test
    void unknownGenresAreNamedAllAtOnceWithTheOnesToChooseFrom() {
        assertThatThrownBy(() -> genres.indices(List.of("unknown")))
                .isInstanceOf(UnknownGenreException.class).hasMessage("unknown genre unknown; the model knows: Horror, Comedy");
        UnknownGenreException e = org.junit.jupiter.api.Assertions.assertThrows(UnknownGenreException.class,
                () -> genres.indices(List.of("Polka", "Horror", "Western", "Polka")));
        assertThat(e.unknown()).containsExactly("Polka", "Western");
        assertThat(e.known()).containsExactly("Horror", "Comedy");
        assertThat(e).hasMessage("unknown genres Polka, Western; the model knows: Horror, Comedy");
        assertThatThrownBy(() -> genres.indices(List.of())).hasMessageContaining("at least one genre");
    }

    @Test
    void theStartIsTheFansMeanFactorsWithTheAverageUsersBias() {
        GenreStart.Start s = genres.start(new int[] {1}, Demographics.NONE);
        // the ten users with the highest share of ratings >= 4 in Horror are users 0-9 (1 of 2), all p = (1, 0)
        assertThat(s.fans()).isEqualTo(10);
        assertThat(s.profile().factors()).containsExactly(1f, 0f);
        // their own bias is 0.4; the start takes the average trained user's, (10 * 0.4 + 10 * 0) / 20
        assertThat(s.profile().bias()).isCloseTo(0.2f, within(1e-6f));
        assertThat(s.profile().bias()).isEqualTo(foldIn.averageUser().bias());
        assertThat(s.inGenres()).containsExactly(true, true, false, false, true, false);
        assertThat(s.notes()).isEmpty();
        assertThat(genres.start(new int[] {1}, Demographics.NONE)).as("cached").isSameAs(s);
        // the onboarding's profile is the same start
        UserProfile onboarding = new Onboarding(foldIn).fromGenres(new int[] {1}, Onboarding.Demographics.NONE);
        assertThat(onboarding.factors()).containsExactly(s.profile().factors());
        assertThat(onboarding.bias()).isEqualTo(s.profile().bias());
    }

    @Test
    void demographicsNarrowTheFansWhenTenUsersOrMoreMatch() {
        // 15 men: the 10 with the best Horror share are users 5-9 (p = (1, 0)) and five of users 10-19 (p = (0, 1))
        GenreStart.Start men = genres.start(new int[] {1}, new Demographics("M", 0, null, null));
        assertThat(men.fans()).isEqualTo(10);
        assertThat(men.profile().factors()).containsExactly(0.5f, 0.5f);
        assertThat(men.notes()).isEmpty();
        // 5 women are too few: all users, and a note says so
        GenreStart.Start women = genres.start(new int[] {1}, new Demographics("F", 0, null, null));
        assertThat(women.profile().factors()).containsExactly(1f, 0f);
        assertThat(women.notes()).containsExactly("only 5 users of the model match the stated demographics: the start is from all "
                + "users who like the genres");
        assertThat(genres.start(new int[] {1}, new Demographics(null, 60, null, null)).notes().get(0)).startsWith("no users");
    }
}
