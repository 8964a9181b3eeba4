package io.ams.nn;

/**
 * One hidden layer: width, activation, dropout rate in [0, 1) applied after the activation,
 * and whether batch normalisation precedes the activation.
 */
public record Layer(int units, Activation activation, double dropout, boolean batchNorm) {
    public Layer {
        if (units < 1) throw new IllegalArgumentException("layer units must be >= 1, got " + units);
        if (activation == null) throw new IllegalArgumentException("layer activation is missing");
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }

    public static Layer of(int units, Activation activation) {
        return new Layer(units, activation, 0, false);
    }
}
