package io.ams.nn;

import io.ams.natives.NnNative;

/** Gradient-descent update rules (PyTorch conventions). */
public enum OptimizerKind {
    SGD(NnNative.OPT_SGD),
    MOMENTUM(NnNative.OPT_MOMENTUM),
    NESTEROV(NnNative.OPT_NESTEROV),
    ADAM(NnNative.OPT_ADAM),
    ADAMW(NnNative.OPT_ADAMW),
    RMSPROP(NnNative.OPT_RMSPROP),
    ADAGRAD(NnNative.OPT_ADAGRAD);

    final int code;

    OptimizerKind(int code) { this.code = code; }

    public static OptimizerKind parse(String name) { return Names.parse(OptimizerKind.class, name); }
}
