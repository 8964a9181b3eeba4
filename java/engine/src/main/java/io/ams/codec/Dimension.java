package io.ams.codec;

/**
 * One coordinate of the unit cube.
 *
 * @param index the coordinate's position in the vector
 * @param label what it encodes: {@code lr}, {@code layers.depth}, {@code layers[2].units}
 * @param cells how many values it can take, 0 for a continuous parameter
 * @param categorical whether its cells are unordered choices, so that only equality of two
 *     values means anything (a surrogate compares them with a Hamming-type distance)
 */
public record Dimension(int index, String label, long cells, boolean categorical) {
    /** Whether the coordinate encodes a real (every point a different value) rather than cells. */
    public boolean isContinuous() {
        return cells == 0;
    }
}
