package org.schedproof.engine.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.Request;

class OracleNoiseTest {
    @ParameterizedTest
    @ValueSource(doubles = {0.3, 0.6, 0.9})
    void theNoiseWidthGivesTheTargetTauForUniformRanks(double target) {
        // Monte Carlo of (X, X + aW), X and W uniform: the closed form the width inverts, checked independently.
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(7);
        double a = OracleNoise.width(target);
        int n = 20_000;
        long[] x = new long[n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble();
            x[i] = (long) (u * (1L << 40));
            y[i] = (long) ((u + a * rng.nextDouble()) * (1L << 40));
        }
        assertThat(KendallTau.tauB(x, y)).isCloseTo(target, within(0.015));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.3, 0.6, 0.9})
    void onThreeThousandShareGptRequestsTheAchievedTauIsWithin003OfTheTarget(double target) {
        List<Request> w = Workloads.load("builtin:sharegpt", 3000).requests();
        OracleNoise oracle = new OracleNoise(target, 1);
        int[] predicted = new int[w.size()];
        int[] truth = new int[w.size()];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = oracle.predict(w.get(i));
            truth[i] = w.get(i).maxNewTokens();
        }
        double tau = NaiveTau.tauB(predicted, truth);
        System.out.printf("oracle-noise tau=%.2f on 3000 ShareGPT requests: achieved %.3f%n", target, tau);
        assertThat(tau).isCloseTo(target, within(0.03));
    }

    @Test
    void aRequestIsPredictedOnceAndAtLeastOne() {
        OracleNoise oracle = new OracleNoise(0.2, 3);
        Request r = new Request(5, "a", 0, org.schedproof.spec.Prompt.single(1, 10), 1);
        int first = oracle.predict(r);
        for (int i = 0; i < 100; i++) oracle.predict(new Request(100 + i, "a", 0, r.prompt(), 1 + i * 37));
        assertThat(oracle.predict(r)).isEqualTo(first).isGreaterThanOrEqualTo(1);
    }

    @Test
    void atTauOneThePredictionsKeepTheTrueOrder() {
        // No noise: the prediction is the quantile at the request's own mid-rank, so a longer request never ranks lower.
        OracleNoise oracle = new OracleNoise(1.0, 0);
        int[] lengths = {50, 10, 400, 10, 3, 999, 51, 400};
        int[] predicted = new int[lengths.length];
        for (int i = 0; i < lengths.length; i++) {
            predicted[i] = oracle.predict(new Request(i, "a", i, org.schedproof.spec.Prompt.single(i, 5), lengths[i]));
        }
        assertThat(NaiveTau.tauB(predicted, lengths)).isGreaterThan(0.8);
    }
}
