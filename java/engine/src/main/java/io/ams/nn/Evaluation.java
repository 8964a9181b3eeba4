package io.ams.nn;

/** Mean loss and the metric on a dataset: accuracy for classification, mean squared error for regression. */
public record Evaluation(double loss, double metric) {}
