package org.schedproof.engine.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RetrievalPredictorTest {
    @Test
    void predictsTheWeightedMeanOfTheNearestWithinTheDistance() {
        RetrievalPredictor p = new RetrievalPredictor(2, 128, 50);
        p.observe(100, 10);
        p.observe(110, 30);
        p.observe(1000, 500);
        // query 100: d(100,100) = 0 (w 129), d(100,110) = 10 * 1024 / 110 = 93 (w 36): (129*10 + 36*30) / 165 = 14.36
        assertThat(p.predict(100)).isEqualTo(14);
        // query 1000: only itself is within 128 (d(1000,110) = 911)
        assertThat(p.predict(1000)).isEqualTo(500);
    }

    @Test
    void fallsBackToTheMedianWhenNothingIsCloseAndToTheFallbackWhenEmpty() {
        RetrievalPredictor p = new RetrievalPredictor(4, 64, 50);
        assertThat(p.predict(300)).isEqualTo(50);
        p.observe(10, 7);
        p.observe(20, 9);
        p.observe(5000, 900);
        // d(300, 20) = 280 * 1024 / 300 = 955 > 64 everywhere: lower median of {7, 9, 900} = 9
        assertThat(p.predict(300)).isEqualTo(9);
    }

    @Test
    void amongEquallyDistantEntriesTheMostRecentAreTaken() {
        RetrievalPredictor p = new RetrievalPredictor(1, 128, 50);
        p.observe(100, 10);
        p.observe(100, 20);
        p.observe(100, 40);
        assertThat(p.predict(100)).isEqualTo(40);
    }

    @Test
    void refusesBadParameters() {
        assertThatThrownBy(() -> new RetrievalPredictor(0, 10, 1)).hasMessageContaining("k >= 1");
        assertThatThrownBy(() -> new RetrievalPredictor(1, 10, 1).observe(0, 3)).hasMessageContaining("positive");
    }
}
