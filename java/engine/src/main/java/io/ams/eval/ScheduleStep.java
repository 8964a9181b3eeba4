package io.ams.eval;

import io.ams.space.Config;

/**
 * One step of a hyperparameter schedule: train under {@code config} up to {@code fidelity}
 * (for the MLP objective: epochs), continuing from where the previous step stopped. A trial's
 * schedule is read from its lineage of continued trials ({@code io.ams.engine.Lineage}).
 */
public record ScheduleStep(Config config, double fidelity) {}
