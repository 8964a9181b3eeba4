package io.ams.nn;

/**
 * One point of a learning curve: mean training loss, validation loss and metric (accuracy, or
 * mean squared error for regression) after the epoch, and the seconds the epoch's training took.
 * {@code phase} is "train" for the main run and "finetune" for epochs after a pruning step.
 */
public record EpochStats(int epoch, String phase, double trainLoss, double validationLoss,
                         double validationMetric, double trainSeconds) {}
