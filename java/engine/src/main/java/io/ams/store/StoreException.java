package io.ams.store;

import java.nio.file.Path;

/**
 * A trial store could not be created, opened, read or written. The message always names the
 * file and says what is wrong with it, so that a user can act on it without a stack trace.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file the store, meta or lock file concerned; {@code null} for an in-memory store
     * @param what what is wrong, as a sentence fragment that follows the file name
     */
    public StoreException(Path file, String what) {
        this(file, what, null);
    }

    /**
     * @param file  the store, meta or lock file concerned; {@code null} for an in-memory store
     * @param what  what is wrong, as a sentence fragment that follows the file name
     * @param cause the underlying failure, kept for debugging
     */
    public StoreException(Path file, String what, Throwable cause) {
        super((file == null ? "in-memory trial store" : file.toString()) + ": " + what, cause);
        this.file = file;
    }

    /** The file concerned, or {@code null} for an in-memory store. */
    public Path file() {
        return file;
    }
}
