package io.ams.store;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrialCodecTest {

    @Test
    void roundTripsRecordsAndGeneration() throws Exception {
        for (long id = 0; id < 8; id++) {
            TrialRecord r = Trials.sample(id);
            TrialCodec.Decoded d = TrialCodec.decode(TrialCodec.encode(r, 1000 + id));
            assertEquals(r, d.record());
            assertEquals(1000 + id, d.generation());
        }
    }

    @Test
    void bookkeepingFieldsRoundTripAndAbsentOnesStayAbsent() throws Exception {
        TrialRecord r = Trials.sample(1);
        assertEquals(java.util.OptionalLong.of(101), r.sequence());
        assertEquals(java.util.OptionalLong.of(2), r.told());
        assertEquals(java.util.OptionalLong.of(0), r.parent());
        assertEquals(java.util.OptionalLong.of(0), r.duplicateOf());
        assertEquals(r, TrialCodec.decode(TrialCodec.encode(r, 1)).record());
        TrialRecord none = Trials.sample(0);
        TrialRecord back = TrialCodec.decode(TrialCodec.encode(none, 1)).record();
        assertTrue(back.sequence().isEmpty() && back.told().isEmpty() && back.parent().isEmpty()
                && back.duplicateOf().isEmpty(), back.toString());
    }

    /** A store written before the bookkeeping became typed fields kept it in attributes: read them as the fields. */
    @Test
    void version1RecordsReadTheirBookkeepingAttributesAsFields() throws Exception {
        for (long id = 0; id < 12; id++) {
            TrialRecord r = Trials.sample(id);
            byte[] v1 = TrialCodec.encodeVersion1(r, 7);
            assertEquals(TrialCodec.VERSION_ATTRS, v1[1]);
            TrialCodec.Decoded d = TrialCodec.decode(v1);
            assertEquals(r.withMetrics(java.util.Map.of()), d.record(), "trial " + id);
            assertEquals(7, d.generation());
        }
    }

    /** A store written before trials carried metrics: its records read, with none. */
    @Test
    void version2RecordsReadWithoutMetrics() throws Exception {
        for (long id = 0; id < 12; id++) {
            TrialRecord r = Trials.sample(id);
            byte[] v2 = TrialCodec.encodeVersion2(r, 9);
            assertEquals(TrialCodec.VERSION_TYPED, v2[1]);
            TrialCodec.Decoded d = TrialCodec.decode(v2);
            assertEquals(r.withMetrics(java.util.Map.of()), d.record(), "trial " + id);
            assertEquals(9, d.generation());
        }
    }

    @Test
    void metricsRoundTripSortedAndBadOnesAreRefused() throws Exception {
        TrialRecord r = Trials.sample(1);
        assertEquals(java.util.List.of("latency_ms", "params", "zero"), java.util.List.copyOf(r.metrics().keySet()));
        assertEquals(r.metrics(), TrialCodec.decode(TrialCodec.encode(r, 1)).record().metrics());
        assertEquals(0.0, r.metrics().get("zero"), "-0.0 and 0.0 are one value");
        assertThrows(IllegalArgumentException.class, () -> r.withMetrics(java.util.Map.of("Latency", 1.0)));
        assertThrows(IllegalArgumentException.class, () -> r.withMetrics(java.util.Map.of("latency ms", 1.0)));
        assertThrows(IllegalArgumentException.class, () -> r.withMetrics(java.util.Map.of("params", Double.NaN)));
        assertThrows(IllegalArgumentException.class, () -> r.withMetrics(java.util.Map.of("params", Double.POSITIVE_INFINITY)));
    }

    /** Any single flipped bit, anywhere, is caught: no damaged record decodes into wrong data. */
    @Test
    void everySingleBitFlipIsDetected() {
        byte[] good = TrialCodec.encode(Trials.sample(1), 5);
        for (int i = 0; i < good.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = good.clone();
                bad[i] ^= (byte) (1 << bit);
                assertThrows(TrialCodec.CorruptValueException.class, () -> TrialCodec.decode(bad),
                        "flip of bit " + bit + " in byte " + i);
            }
        }
    }

    @Test
    void truncatedOrForeignValuesAreRejected() {
        byte[] good = TrialCodec.encode(Trials.sample(2), 5);
        for (int n = 0; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            assertThrows(TrialCodec.CorruptValueException.class, () -> TrialCodec.decode(cut), "cut at " + n);
        }
        assertThrows(TrialCodec.CorruptValueException.class, () -> TrialCodec.decode("{\"id\":1}".getBytes()));
        assertThrows(TrialCodec.CorruptValueException.class, () -> TrialCodec.decode(null));
    }

    @Test
    void markerRoundTripsAndIsNotARecord() throws Exception {
        UUID id = UUID.randomUUID();
        byte[] marker = TrialCodec.encodeMarker(id);
        assertEquals(id, TrialCodec.decodeMarker(marker));
        assertThrows(TrialCodec.CorruptValueException.class, () -> TrialCodec.decode(marker));
        marker[5] ^= 1;
        assertThrows(TrialCodec.CorruptValueException.class, () -> TrialCodec.decodeMarker(marker));
    }
}
