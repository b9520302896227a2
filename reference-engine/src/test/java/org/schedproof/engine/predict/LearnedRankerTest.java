package org.schedproof.engine.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.Request;

class LearnedRankerTest {
    @Test
    void integerPowersAndInterpolationBetweenKnots() {
        // 2^(v/1024), linear between powers of two: 2^0 = 1, 2^1 = 2, 2^1.5 read as 3, 2^10 = 1024.
        assertThat(LearnedRanker.lengthOf(0)).isEqualTo(1);
        assertThat(LearnedRanker.lengthOf(-500)).isEqualTo(1);
        assertThat(LearnedRanker.lengthOf(1024)).isEqualTo(2);
        assertThat(LearnedRanker.lengthOf(1536)).isEqualTo(3);
        assertThat(LearnedRanker.lengthOf(10 * 1024)).isEqualTo(1024);
        int[] knots = new int[LearnedRanker.KNOTS];
        knots[6] = 1000;
        knots[7] = 2000;
        // prompt 96 lies halfway between the knots at 64 and 128; beyond 32768 the last knot holds.
        assertThat(LearnedRanker.logPrediction(knots, 64)).isEqualTo(1000);
        assertThat(LearnedRanker.logPrediction(knots, 96)).isEqualTo(1500);
        assertThat(LearnedRanker.logPrediction(knots, 128)).isEqualTo(2000);
        knots[15] = 777;
        assertThat(LearnedRanker.logPrediction(knots, 1 << 20)).isEqualTo(777);
    }

    @Test
    void theReportedHeldOutTauIsThePairByPairTauOfThePredictions() {
        List<Request> w = Workloads.load("builtin:sharegpt", 3000).requests();
        RankerTraining.Rows train = RankerTraining.Rows.of(w, false);
        RankerTraining.Rows heldOut = RankerTraining.Rows.of(w, true);
        assertThat(train.size()).isEqualTo(2700);
        assertThat(heldOut.size()).isEqualTo(300);
        int[] knots = RankerTraining.train(train, RankerTraining.SEED);
        LearnedRanker ranker = new LearnedRanker("test", knots);
        List<Request> held = new ArrayList<>(w.stream().filter(r -> r.id() % 10 == 9).toList());
        int[] predicted = new int[held.size()];
        int[] truth = new int[held.size()];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = ranker.predict(held.get(i));
            truth[i] = held.get(i).maxNewTokens();
        }
        assertThat(RankerTraining.tau(knots, heldOut)).isCloseTo(NaiveTau.tauB(predicted, truth), within(1e-12));
    }

    @Test
    void theCommittedWeightsAreWhatTrainingOnTheRealTracesWrites() throws IOException {
        String committed;
        try (InputStream in = LearnedRanker.class.getResourceAsStream(LearnedRanker.RESOURCE)) {
            committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<RankerTraining.Evaluation> evaluations = new ArrayList<>();
        String retrained = RankerTraining.trainAll(evaluations);
        assertThat(retrained).as("retrain with the command in RankerTraining's Javadoc").isEqualTo(committed);
        assertThat(LearnedRanker.trained()).containsKeys("sharegpt", "arxiv", "all");
        evaluations.forEach(System.out::println);
    }
}
