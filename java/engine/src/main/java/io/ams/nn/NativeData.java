package io.ams.nn;

import io.ams.data.Dataset;
import io.ams.natives.NnNative;
import io.ams.natives.NnNative.DataHandle;

/**
 * A dataset copied once into native memory, shared read-only by every training on it
 * (any number of threads). Close it to free the memory; a closed one cannot be used.
 */
public final class NativeData implements AutoCloseable {
    private DataHandle handle;
    private final long rows;
    private final int cols;
    private final int classes;
    private final int targetDim;
    private final String name;

    private NativeData(DataHandle handle, String name, long rows, int cols, int classes, int targetDim) {
        this.handle = handle;
        this.name = name;
        this.rows = rows;
        this.cols = cols;
        this.classes = classes;
        this.targetDim = targetDim;
    }

    /** Copies the dataset's features and labels (or targets) into native memory. */
    public static NativeData of(Dataset data) {
        NnNative.load();
        DataHandle h;
        if (data.isClassification()) {
            h = NnNative.ams_data_create(data.features(), data.rows(), data.cols(), data.labels(), data.classes(), null, 0);
        } else {
            h = NnNative.ams_data_create(data.features(), data.rows(), data.cols(), null, 0, data.targets(), data.targetDim());
        }
        if (h == null || h.isNull()) {
            throw new IllegalArgumentException("dataset '" + data.name() + "' rejected by the native side: " + NnNative.lastError());
        }
        return new NativeData(h, data.name(), data.rows(), data.cols(),
                data.isClassification() ? data.classes() : 0, data.isClassification() ? 1 : data.targetDim());
    }

    public long rows() { return rows; }
    public int cols() { return cols; }
    /** Number of classes, or 0 for regression. */
    public int classes() { return classes; }
    public boolean isClassification() { return classes > 0; }
    /** Width of the network's output for this data: classes, or the regression target width. */
    public int outputWidth() { return isClassification() ? classes : targetDim; }
    public String name() { return name; }

    DataHandle handle() {
        if (handle == null) throw new IllegalStateException("native dataset '" + name + "' is closed");
        return handle;
    }

    @Override
    public synchronized void close() {
        if (handle != null) {
            NnNative.ams_data_free(handle);
            handle = null;
        }
    }
}
