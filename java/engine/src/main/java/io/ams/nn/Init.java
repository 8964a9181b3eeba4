package io.ams.nn;

import io.ams.natives.NnNative;

/** Weight initialisation: He (normal, for ReLU-like units) or Xavier (uniform, for tanh/sigmoid). */
public enum Init {
    HE(NnNative.INIT_HE),
    XAVIER(NnNative.INIT_XAVIER);

    final int code;

    Init(int code) { this.code = code; }

    public static Init parse(String name) { return Names.parse(Init.class, name); }
}
