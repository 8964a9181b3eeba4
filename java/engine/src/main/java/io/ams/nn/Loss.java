package io.ams.nn;

import io.ams.natives.NnNative;

/** Training loss: softmax cross-entropy for classification, mean squared error for regression. */
public enum Loss {
    SOFTMAX_CROSS_ENTROPY(NnNative.LOSS_SOFTMAX_CE),
    MSE(NnNative.LOSS_MSE);

    final int code;

    Loss(int code) { this.code = code; }
}
