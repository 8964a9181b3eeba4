package io.ams.space;

/** How a numeric range is searched: evenly in its values, or evenly in their logarithms. */
public enum Scale {
    /** Equal steps in value: a dropout rate, a momentum. */
    LINEAR,
    /** Equal steps in order of magnitude: a learning rate, a layer width. Needs a positive range. */
    LOG
}
