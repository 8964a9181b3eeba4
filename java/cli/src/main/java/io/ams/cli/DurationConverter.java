package io.ams.cli;

import io.ams.genome.BudgetSpec;
import picocli.CommandLine.ITypeConverter;

import java.time.Duration;

/** {@code 30s}, {@code 2m}, {@code 1h30m}: durations written as in genome files. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return BudgetSpec.parseDuration(value);
    }
}
