package example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TopTenTest {
    @Test
    void theInstalledLibraryTrainsAndRecommends() {
        double rmse = TopTen.run("ml-100k", "196", 5);
        assertTrue(rmse > 0.85 && rmse < 0.93, "valid RMSE " + rmse);
    }
}
