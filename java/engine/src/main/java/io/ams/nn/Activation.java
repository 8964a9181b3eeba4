package io.ams.nn;

import io.ams.natives.NnNative;

/** Activation of a hidden layer. */
public enum Activation {
    IDENTITY(NnNative.ACT_IDENTITY),
    RELU(NnNative.ACT_RELU),
    LEAKY_RELU(NnNative.ACT_LEAKY_RELU),
    TANH(NnNative.ACT_TANH),
    SIGMOID(NnNative.ACT_SIGMOID),
    GELU(NnNative.ACT_GELU);

    final int code;

    Activation(int code) { this.code = code; }

    /** Parses names as users write them: "relu", "leaky-relu", "leaky_relu", "GELU". */
    public static Activation parse(String name) {
        return Names.parse(Activation.class, name);
    }
}
