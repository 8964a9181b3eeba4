package io.ams.data;

/**
 * Quotes a value read from a user's file in an error message without echoing the file: a
 * 50 MB CSV field or YAML scalar must not land whole on stderr or in a log. Long values keep
 * their first {@value #MAX_CHARS} characters and say how long they were.
 */
public final class Excerpt {
    /** Characters of a value shown in an error message. */
    public static final int MAX_CHARS = 40;

    private Excerpt() {
    }

    /** {@code 'text'}, or {@code 'first 40 characters...' (N characters)} for a longer text. */
    public static String quote(String text) {
        if (text.length() <= MAX_CHARS) {
            return "'" + text + "'";
        }
        // Do not cut a surrogate pair in half: the excerpt stays valid text.
        int end = Character.isHighSurrogate(text.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
        return "'" + text.substring(0, end) + "...' (" + text.length() + " characters)";
    }
}
