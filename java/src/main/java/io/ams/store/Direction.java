package io.ams.store;

/** Whether the study looks for the smallest or the largest objective value. */
public enum Direction {
    MINIMIZE,
    MAXIMIZE
}
