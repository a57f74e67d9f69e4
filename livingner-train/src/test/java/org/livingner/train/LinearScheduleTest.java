package org.livingner.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LinearScheduleTest {

    @Test
    void withoutWarmupStartsAtPeakAndDecaysLinearlyToZero() {
        LinearSchedule s = new LinearSchedule(5e-5, 0, 100);
        assertEquals(5e-5, s.rate(0), 1e-15);
        assertEquals(2.5e-5, s.rate(50), 1e-15);
        assertEquals(5e-7, s.rate(99), 1e-15);
        assertEquals(0.0, s.rate(100), 0);
    }

    @Test
    void warmupRisesFromZeroThenDecays() {
        LinearSchedule s = LinearSchedule.withWarmupRatio(1.0, 0.1, 100);
        assertEquals(10, s.warmupSteps());
        assertEquals(0.0, s.rate(0), 0);
        assertEquals(0.5, s.rate(5), 1e-12);
        assertEquals(1.0, s.rate(10), 1e-12);
        assertEquals(0.5, s.rate(55), 1e-12);
        assertEquals(1.0 / 90, s.rate(99), 1e-12);
    }

    @Test
    void warmupStepsRoundUp() {
        assertEquals(2, LinearSchedule.withWarmupRatio(1.0, 0.1, 11).warmupSteps());
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThrows(IllegalArgumentException.class, () -> new LinearSchedule(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> LinearSchedule.withWarmupRatio(1, 1.5, 10));
    }
}
