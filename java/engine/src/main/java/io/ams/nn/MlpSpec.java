package io.ams.nn;

import java.util.List;

/**
 * The architecture of a multi-layer perceptron, without its input and output widths, which
 * come from the data: hidden layers, weight initialisation and the leaky-ReLU slope.
 */
public record MlpSpec(List<Layer> hidden, Init init, double leakySlope) {
    public MlpSpec {
        hidden = List.copyOf(hidden);
        if (init == null) throw new IllegalArgumentException("init is missing");
        if (!(leakySlope >= 0 && leakySlope < 1)) throw new IllegalArgumentException("leaky slope must be in [0, 1), got " + leakySlope);
    }

    /** Hidden layers of the given widths sharing one activation; He init for ReLU-like units, Xavier otherwise. */
    public static MlpSpec of(Activation activation, int... widths) {
        Layer[] layers = new Layer[widths.length];
        for (int i = 0; i < widths.length; i++) layers[i] = Layer.of(widths[i], activation);
        return new MlpSpec(List.of(layers), defaultInit(activation), 0.01);
    }

    public static Init defaultInit(Activation activation) {
        return switch (activation) {
            case TANH, SIGMOID, IDENTITY -> Init.XAVIER;
            default -> Init.HE;
        };
    }
}
