package io.ams.store;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * The on-disk form of a trial: a compact binary layout of its own, framed by a magic byte,
 * a version and a CRC32.
 *
 * <p>Why binary rather than JSON: doubles round-trip bit for bit (NaN, -0.0, the last ulp of a
 * learning curve) without text formatting rules; a typical trial takes about half the bytes,
 * which is what sizes the map; and decoding does not allocate a parse tree per read. The
 * configuration itself stays JSON text inside the record, and {@link TrialExport} gives the
 * readable view.
 *
 * <p>Why a CRC on top of Chronicle Map's own entry checksums: Chronicle checks those only
 * during recovery, this one is checked on every read, so a damaged record is reported rather
 * than decoded into wrong numbers.
 *
 * <pre>
 * byte   magic 0xA7        byte   version 3          long   generation (orders two copies of one trial)
 * long   id                byte   state code         double value, fidelity
 * long   seed, startedAtMillis, endedAtMillis         int    attempt
 * long   sequence, told, duplicateOf, parent (-1 = absent)
 * int n, n doubles: point  int n, n doubles: curve    string config     string error (-1 = null)
 * int n, n (string key, string value): attrs
 * int n, n (string name, double value): metrics       int    CRC32 of everything before it
 * string = int byte length + UTF-8 bytes; all big-endian
 * </pre>
 *
 * <p>Version 2 had no metrics; version 2 records are still read, with none.
 * Version 1 had no bookkeeping longs: the study kept them as the attributes {@code seq},
 * {@code told}, {@code duplicate_of} and {@code parent}. Version 1 records are still read, those
 * attributes becoming the typed fields, so a store written before the change resumes.
 */
final class TrialCodec {
    static final byte RECORD_MAGIC = (byte) 0xA7;
    static final byte MARKER_MAGIC = (byte) 0xA9;
    /** The record layout written now. */
    static final byte VERSION = 3;
    /** The layout before metrics: read, never written. */
    static final byte VERSION_TYPED = 2;
    /** The layout before the study's bookkeeping became typed fields; read, never written. */
    static final byte VERSION_ATTRS = 1;
    /** The marker's layout, unchanged since version 1. */
    static final byte MARKER_VERSION = 1;

    /** The version 1 attribute names of the bookkeeping fields. */
    static final String V1_SEQUENCE = "seq";
    static final String V1_TOLD = "told";
    static final String V1_DUPLICATE_OF = "duplicate_of";
    static final String V1_PARENT = "parent";

    private static final int FIXED = 1 + 1 + 8 + 8 + 1 + 8 + 8 + 8 + 8 + 8 + 4;
    private static final int BOOKKEEPING = 4 * 8;
    private static final int CRC = 4;
    private static final int MARKER_SIZE = 1 + 1 + 16 + CRC;

    private TrialCodec() {
    }

    /** A record read back, with the generation that orders it against another copy of the same trial. */
    record Decoded(long generation, TrialRecord record) {
    }

    /** A stored value that is not a valid record; {@code reason} says which check failed. */
    static final class CorruptValueException extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptValueException(String reason) {
            super(reason, null, false, false);
        }
    }

    static byte[] encode(TrialRecord r, long generation) {
        byte[] config = utf8(r.config());
        byte[] error = r.error() == null ? null : utf8(r.error());
        byte[][] attrs = new byte[r.attrs().size() * 2][];
        int size = FIXED + BOOKKEEPING + 4 + 8 * r.point().length + 4 + 8 * r.curveLength()
                + 4 + config.length + 4 + (error == null ? 0 : error.length) + 4 + 4 + CRC;
        byte[][] metricNames = new byte[r.metrics().size()][];
        int m = 0;
        for (String name : r.metrics().keySet()) {
            metricNames[m] = utf8(name);
            size += 4 + metricNames[m].length + 8;
            m++;
        }
        int i = 0;
        for (Map.Entry<String, String> e : r.attrs().entrySet()) {
            attrs[i] = utf8(e.getKey());
            attrs[i + 1] = utf8(e.getValue());
            size += 8 + attrs[i].length + attrs[i + 1].length;
            i += 2;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(RECORD_MAGIC).put(VERSION).putLong(generation).putLong(r.id()).put(r.state().code)
                .putDouble(r.value()).putDouble(r.fidelity()).putLong(r.seed())
                .putLong(r.startedAtMillis()).putLong(r.endedAtMillis()).putInt(r.attempt());
        b.putLong(r.sequence().orElse(-1)).putLong(r.told().orElse(-1)).putLong(r.duplicateOf().orElse(-1))
                .putLong(r.parent().orElse(-1));
        putDoubles(b, r.point());
        putDoubles(b, r.curve());
        putBytes(b, config);
        if (error == null) {
            b.putInt(-1);
        } else {
            putBytes(b, error);
        }
        b.putInt(r.attrs().size());
        for (byte[] s : attrs) {
            putBytes(b, s);
        }
        b.putInt(r.metrics().size());
        m = 0;
        for (double v : r.metrics().values()) {
            putBytes(b, metricNames[m++]);
            b.putDouble(v);
        }
        b.putInt(crc(b.array(), size - CRC));
        return b.array();
    }

    static Decoded decode(byte[] v) throws CorruptValueException {
        if (v == null || v.length < FIXED + CRC) {
            throw new CorruptValueException("record too short (" + (v == null ? 0 : v.length) + " bytes)");
        }
        if (v[0] != RECORD_MAGIC) {
            throw new CorruptValueException(String.format("bad magic byte 0x%02X", v[0] & 0xFF));
        }
        if (v[1] != VERSION && v[1] != VERSION_TYPED && v[1] != VERSION_ATTRS) {
            throw new CorruptValueException("unknown record version " + v[1]);
        }
        boolean typed = v[1] != VERSION_ATTRS;
        ByteBuffer b = ByteBuffer.wrap(v);
        int stored = b.getInt(v.length - CRC);
        int actual = crc(v, v.length - CRC);
        if (stored != actual) {
            throw new CorruptValueException(String.format("CRC mismatch (stored %08X, computed %08X)", stored, actual));
        }
        b.limit(v.length - CRC).position(2);
        try {
            long generation = b.getLong();
            long id = b.getLong();
            TrialState state = TrialState.ofCode(b.get());
            double value = b.getDouble();
            double fidelity = b.getDouble();
            long seed = b.getLong();
            long started = b.getLong();
            long ended = b.getLong();
            int attempt = b.getInt();
            OptionalLong sequence = typed ? optional(b.getLong()) : OptionalLong.empty();
            OptionalLong told = typed ? optional(b.getLong()) : OptionalLong.empty();
            OptionalLong duplicateOf = typed ? optional(b.getLong()) : OptionalLong.empty();
            OptionalLong parent = typed ? optional(b.getLong()) : OptionalLong.empty();
            double[] point = getDoubles(b);
            double[] curve = getDoubles(b);
            String config = getString(b);
            int errorLength = b.getInt();
            String error = errorLength == -1 ? null : getString(b, errorLength);
            int n = b.getInt();
            if (n < 0 || n > b.remaining() / 8) {
                throw new CorruptValueException("bad attribute count " + n);
            }
            Map<String, String> attrs = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                attrs.put(getString(b), getString(b));
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (v[1] == VERSION) {
                int k = b.getInt();
                if (k < 0 || k > b.remaining() / 12) {
                    throw new CorruptValueException("bad metric count " + k);
                }
                for (int i = 0; i < k; i++) {
                    metrics.put(getString(b), b.getDouble());
                }
            }
            if (b.hasRemaining()) {
                throw new CorruptValueException(b.remaining() + " unexpected bytes after the record");
            }
            if (!typed) {
                sequence = fromAttr(attrs, V1_SEQUENCE);
                told = fromAttr(attrs, V1_TOLD);
                duplicateOf = fromAttr(attrs, V1_DUPLICATE_OF);
                parent = fromAttr(attrs, V1_PARENT);
            }
            return new Decoded(generation, new TrialRecord(id, state, value, point, config, fidelity,
                    curve, seed, started, ended, error, attempt, attrs, sequence, told, duplicateOf, parent, metrics));
        } catch (BufferUnderflowException e) {
            throw new CorruptValueException("record ends early");
        } catch (IllegalArgumentException | NullPointerException e) {
            // (NumberFormatException, a version 1 bookkeeping attribute that is not a number, is one)
            // a CRC-valid record that fails TrialRecord's checks was written by something else
            throw new CorruptValueException("invalid record: " + e.getMessage());
        }
    }

    private static OptionalLong optional(long v) {
        return v == -1 ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** A version 1 bookkeeping attribute, removed from {@code attrs} and returned as the typed field. */
    private static OptionalLong fromAttr(Map<String, String> attrs, String key) {
        String v = attrs.remove(key);
        return v == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(v));
    }

    /**
     * A record in the version 2 layout (no metrics), as a store made before version 3 holds it:
     * for the tests that old stores still read. Its metrics, if any, are not written.
     */
    static byte[] encodeVersion2(TrialRecord r, long generation) {
        byte[] v3 = encode(r.withMetrics(Map.of()), generation);
        // The same bytes without the metric count (0) before the CRC, under version 2, with its own CRC.
        byte[] v2 = new byte[v3.length - 4];
        System.arraycopy(v3, 0, v2, 0, v2.length - CRC);
        v2[1] = VERSION_TYPED;
        ByteBuffer.wrap(v2).putInt(v2.length - CRC, crc(v2, v2.length - CRC));
        return v2;
    }

    /**
     * A record in the version 1 layout, the bookkeeping fields written as attributes, as a store
     * made before version 2 holds it: for the tests that old stores still read.
     */
    static byte[] encodeVersion1(TrialRecord r, long generation) {
        Map<String, String> attrs = new LinkedHashMap<>(r.attrs());
        r.sequence().ifPresent(v -> attrs.put(V1_SEQUENCE, Long.toString(v)));
        r.told().ifPresent(v -> attrs.put(V1_TOLD, Long.toString(v)));
        r.duplicateOf().ifPresent(v -> attrs.put(V1_DUPLICATE_OF, Long.toString(v)));
        r.parent().ifPresent(v -> attrs.put(V1_PARENT, Long.toString(v)));
        TrialRecord plain = new TrialRecord(r.id(), r.state(), r.value(), r.point(), r.config(), r.fidelity(),
                r.curve(), r.seed(), r.startedAtMillis(), r.endedAtMillis(), r.error(), r.attempt(), attrs);
        byte[] v2 = encodeVersion2(plain, generation);
        // The same bytes without the four bookkeeping longs, under version 1, with its own CRC.
        int at = FIXED;
        byte[] v1 = new byte[v2.length - BOOKKEEPING];
        System.arraycopy(v2, 0, v1, 0, at);
        System.arraycopy(v2, at + BOOKKEEPING, v1, at, v2.length - at - BOOKKEEPING);
        v1[1] = VERSION_ATTRS;
        ByteBuffer.wrap(v1).putInt(v1.length - CRC, crc(v1, v1.length - CRC));
        return v1;
    }

    /** The value under the store's marker key: says "this map is an Ams trial store" and which one. */
    static byte[] encodeMarker(UUID storeId) {
        ByteBuffer b = ByteBuffer.allocate(MARKER_SIZE);
        b.put(MARKER_MAGIC).put(MARKER_VERSION).putLong(storeId.getMostSignificantBits())
                .putLong(storeId.getLeastSignificantBits());
        b.putInt(crc(b.array(), MARKER_SIZE - CRC));
        return b.array();
    }

    static UUID decodeMarker(byte[] v) throws CorruptValueException {
        if (v == null || v.length != MARKER_SIZE || v[0] != MARKER_MAGIC) {
            throw new CorruptValueException("not an Ams store marker");
        }
        if (v[1] != MARKER_VERSION) {
            throw new CorruptValueException("unknown store marker version " + v[1]);
        }
        ByteBuffer b = ByteBuffer.wrap(v);
        if (b.getInt(MARKER_SIZE - CRC) != crc(v, MARKER_SIZE - CRC)) {
            throw new CorruptValueException("store marker CRC mismatch");
        }
        return new UUID(b.getLong(2), b.getLong(10));
    }

    static final byte LOST_MAGIC = (byte) 0xAB;

    /**
     * A placeholder for a trial whose only record recovery dropped: a text saying what happened,
     * with its CRC. It is not a record ({@link #decode} refuses it), so older code sees a damaged
     * record; this code lists it as damaged (see {@link #decodeLost}) until the trial is stored again.
     */
    static byte[] encodeLost(String why) {
        byte[] text = why.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(2 + text.length + CRC);
        b.put(LOST_MAGIC).put((byte) 1).put(text);
        b.putInt(crc(b.array(), b.capacity() - CRC));
        return b.array();
    }

    /** The text of a placeholder made by {@link #encodeLost}, or null when {@code v} is not an intact one. */
    static String decodeLost(byte[] v) {
        if (v == null || v.length < 2 + CRC || v[0] != LOST_MAGIC || v[1] != 1
                || ByteBuffer.wrap(v).getInt(v.length - CRC) != crc(v, v.length - CRC)) {
            return null;
        }
        return new String(v, 2, v.length - 2 - CRC, StandardCharsets.UTF_8);
    }

    /**
     * The encoded size of a typical trial, which sizes the persisted map: a 12-parameter
     * configuration (about 300 characters of JSON, a small network with its training
     * algorithm), its 12-d point, a 20-epoch curve, two attributes. About 650 bytes. Larger
     * records are fine: the map grows into extra tiers, up to its bloat factor.
     */
    static int typicalEncodedSize() {
        StringBuilder config = new StringBuilder("{");
        for (int i = 0; i < 12; i++) {
            config.append(i == 0 ? "" : ",").append("\"parameter_").append(i).append("\":").append(0.0123456 * (i + 1));
        }
        config.append('}');
        double[] curve = new double[20];
        java.util.Arrays.fill(curve, 0.5);
        TrialRecord typical = new TrialRecord(12345, TrialState.COMPLETE, 0.25, new double[12],
                config.toString(), 27, curve, 42, 1_700_000_000_000L, 1_700_000_100_000L, null, 1,
                Map.of("worker", "host-1/7", "strategy", "ga:gen=12"));
        return encode(typical, 1).length;
    }

    private static void putDoubles(ByteBuffer b, double[] a) {
        b.putInt(a.length);
        for (double d : a) {
            b.putDouble(d);
        }
    }

    private static double[] getDoubles(ByteBuffer b) throws CorruptValueException {
        int n = b.getInt();
        if (n < 0 || n > b.remaining() / 8) {
            throw new CorruptValueException("bad array length " + n);
        }
        double[] a = new double[n];
        b.asDoubleBuffer().get(a);
        b.position(b.position() + 8 * n);
        return a;
    }

    private static void putBytes(ByteBuffer b, byte[] s) {
        b.putInt(s.length).put(s);
    }

    private static String getString(ByteBuffer b) throws CorruptValueException {
        return getString(b, b.getInt());
    }

    private static String getString(ByteBuffer b, int n) throws CorruptValueException {
        if (n < 0 || n > b.remaining()) {
            throw new CorruptValueException("bad string length " + n);
        }
        String s = new String(b.array(), b.arrayOffset() + b.position(), n, StandardCharsets.UTF_8);
        b.position(b.position() + n);
        return s;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int crc(byte[] a, int length) {
        CRC32 c = new CRC32();
        c.update(a, 0, length);
        return (int) c.getValue();
    }
}
